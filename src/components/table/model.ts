// The table's data pipeline, outside React so key handlers and the component read the same rows:
// base rows (memoized by the view on the store's object identity) → sort (once per base/sort
// change, keys computed once per row) → filter (substring over the searchable columns, search
// text cached per row object; typing more letters narrows the previous result).
import type { Column } from './columns.js';

export interface SortSpec {
  column: string;
  descending: boolean;
}

export interface TablePipeline<R extends object> {
  rows(base: readonly R[], sort: SortSpec | undefined, filter: string | undefined, now: number): readonly R[];
  indexOf(rows: readonly R[], key: string | undefined): number;
}

export function createPipeline<R extends object>(columns: readonly Column<R>[], keyOf: (row: R) => string): TablePipeline<R> {
  const searchText = new WeakMap<R, string>();
  const searchable = columns.filter((c) => c.searchable !== false);
  let sortIn: { base: readonly R[]; column?: string; descending?: boolean } | undefined;
  let sorted: readonly R[] = [];
  let filterIn: { sorted: readonly R[]; text: string } | undefined;
  let filtered: readonly R[] = [];
  let lastIndex: { rows: readonly R[]; key: string; index: number } | undefined;

  const haystack = (row: R, now: number): string => {
    let text = searchText.get(row);
    if (text === undefined) {
      text = searchable
        .map((c) => c.text(row, now))
        .join(' ')
        .toLowerCase();
      searchText.set(row, text);
    }
    return text;
  };

  return {
    rows(base, sort, filter, now) {
      if (!sortIn || sortIn.base !== base || sortIn.column !== sort?.column || sortIn.descending !== sort?.descending) {
        const column = sort ? columns.find((c) => c.id === sort.column) : undefined;
        if (!column) sorted = base;
        else {
          // Decorate–sort–undecorate: each key computed once, not once per comparison.
          const keyFn = column.sortKey ?? ((r: R) => column.text(r, now));
          const decorated = base.map((row, i) => ({ row, k: keyFn(row), i }));
          const dir = sort?.descending ? -1 : 1;
          decorated.sort((a, b) => {
            const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
            return c !== 0 ? c * dir : a.i - b.i;
          });
          sorted = decorated.map((d) => d.row);
        }
        sortIn = { base, ...(sort ? { column: sort.column, descending: sort.descending } : {}) };
        filterIn = undefined;
      }
      const text = (filter ?? '').trim().toLowerCase();
      if (!filterIn || filterIn.sorted !== sorted || filterIn.text !== text) {
        if (text === '') filtered = sorted;
        else {
          // A longer filter can only narrow what the shorter one kept.
          const from = filterIn && filterIn.sorted === sorted && filterIn.text !== '' && text.startsWith(filterIn.text) ? filtered : sorted;
          filtered = from.filter((r) => haystack(r, now).includes(text));
        }
        filterIn = { sorted, text };
      }
      return filtered;
    },
    indexOf(rows, key) {
      if (key === undefined) return -1;
      if (lastIndex && lastIndex.rows === rows && lastIndex.key === key) return lastIndex.index;
      let index = -1;
      for (let i = 0; i < rows.length; i++) {
        if (keyOf(rows[i]!) === key) {
          index = i;
          break;
        }
      }
      lastIndex = { rows, key, index };
      return index;
    },
  };
}

/** The first row of the window so that `selected` stays visible, moving as little as possible. */
export function followOffset(previous: number, selected: number, visible: number, total: number): number {
  let offset = previous;
  if (selected >= 0) {
    if (selected < offset) offset = selected;
    else if (selected >= offset + visible) offset = selected - visible + 1;
  }
  return Math.max(0, Math.min(offset, Math.max(0, total - visible)));
}
