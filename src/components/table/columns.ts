// Column definitions and their widths. Widths come from the terminal width alone (never from the
// content), so columns do not jump while data changes. Flexible columns shrink first; when even
// their minimum does not fit, the columns with the highest `drop` go.
import type { Tone } from '../theme.js';

export interface Column<R> {
  id: string;
  title: string;
  /** Preferred width. */
  width: number;
  /** A flexible column may shrink down to this (default: fixed at `width`). */
  min?: number;
  /** Takes the space left over (the widest-content column: names, summaries). */
  grow?: boolean;
  align?: 'left' | 'right';
  /** Dropped first when the terminal is too narrow (higher goes first); 0 = never. */
  drop?: number;
  text(row: R, now: number): string;
  tone?(row: R): Tone | undefined;
  /** Sort key (default: the text). */
  sortKey?(row: R): string | number;
  /** Whether `/` searches this column (not for time-derived text like ages). Default true. */
  searchable?: boolean;
}

export interface ColumnLayout<R> {
  column: Column<R>;
  width: number;
}

const GAP = 1;

export function layoutColumns<R>(columns: readonly Column<R>[], width: number): ColumnLayout<R>[] {
  let shown = [...columns];
  const total = (list: { w: number }[]): number => list.reduce((sum, c) => sum + c.w, 0) + GAP * Math.max(0, list.length - 1);
  for (;;) {
    const sized = shown.map((c) => ({ c, w: c.width }));
    let over = total(sized) - width;
    // Shrink flexible columns toward their minimum, the widest first.
    if (over > 0) {
      for (const s of [...sized].sort((a, b) => b.w - (b.c.min ?? b.w) - (a.w - (a.c.min ?? a.w)))) {
        const room = s.w - (s.c.min ?? s.w);
        const cut = Math.min(room, over);
        s.w -= cut;
        over -= cut;
        if (over <= 0) break;
      }
    }
    if (over <= 0 || shown.length <= 1) {
      const spare = width - total(sized);
      const growers = sized.filter((s) => s.c.grow);
      if (spare > 0 && growers.length > 0) {
        const each = Math.floor(spare / growers.length);
        growers.forEach((g, i) => (g.w += each + (i === 0 ? spare - each * growers.length : 0)));
      }
      if (over > 0 && sized[0]) sized[0].w = Math.max(1, sized[0].w - over);
      return sized.map((s) => ({ column: s.c, width: s.w }));
    }
    // Still too wide: drop the most droppable column.
    const candidates = shown.filter((c) => (c.drop ?? 0) > 0);
    if (candidates.length === 0) {
      const sizedOut = sized.map((s) => ({ column: s.c, width: s.w }));
      // Nothing may go: cut the last column so the line still fits.
      const last = sizedOut[sizedOut.length - 1]!;
      last.width = Math.max(1, last.width - over);
      return sizedOut;
    }
    const victim = candidates.reduce((a, b) => ((b.drop ?? 0) > (a.drop ?? 0) ? b : a));
    shown = shown.filter((c) => c !== victim);
  }
}
