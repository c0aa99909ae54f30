// Ansible-style counts: per target and in total. `ok` counts steps whose check passed (nothing
// to do); `changed` counts steps whose action ran — they are disjoint here, unlike Ansible.
import type { StepOutcome } from './types.js';
import { targetLabel, type Target } from './target.js';

export interface RecapCounts {
  changed: number;
  ok: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

export interface Recap {
  total: RecapCounts;
  byTarget: Record<string, RecapCounts>;
  /** Steps of the plan that never started (after a failure or a cancel). */
  notRun: number;
}

export function emptyCounts(): RecapCounts {
  return { changed: 0, ok: 0, failed: 0, skipped: 0, cancelled: 0 };
}

export function emptyRecap(): Recap {
  return { total: emptyCounts(), byTarget: {}, notRun: 0 };
}

export function addToRecap(recap: Recap, target: Target, outcome: StepOutcome): void {
  recap.total[outcome] += 1;
  const row = (recap.byTarget[target] ??= emptyCounts());
  row[outcome] += 1;
}

/** `changed=N ok=N failed=N skipped=N` (+ cancelled / not run when there are any). */
export function formatCounts(c: RecapCounts, notRun = 0): string {
  let line = `changed=${c.changed} ok=${c.ok} failed=${c.failed} skipped=${c.skipped}`;
  if (c.cancelled > 0) line += ` cancelled=${c.cancelled}`;
  if (notRun > 0) line += ` not-run=${notRun}`;
  return line;
}

/** The whole recap as lines: one per target (padded like Ansible's PLAY RECAP) and a total. */
export function formatRecap(recap: Recap): string[] {
  const rows = Object.entries(recap.byTarget).map(([t, c]) => [targetLabel(t as Target), c] as const);
  const width = Math.max(5, ...rows.map(([label]) => label.length));
  return [
    ...rows.map(([label, c]) => `${label.padEnd(width)} : ${formatCounts(c)}`),
    `${'total'.padEnd(width)} : ${formatCounts(recap.total, recap.notRun)}`,
  ];
}
