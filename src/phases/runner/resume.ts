// Where a job resumes: the steps that unfinished earlier jobs of the same kind completed.
// "Unfinished" = every job after the last one of that kind that ended ok (failed, cancelled, or
// crashed without a job-end line). After a job that ended ok, nothing is skipped: a re-run runs
// every check, which is what proves the lab is still in shape.
import type { JournalEntry } from './journal.js';
import type { JobKind } from './types.js';

export function completedSinceLastSuccess(entries: readonly JournalEntry[], kind: JobKind): Set<string> {
  let start = 0;
  entries.forEach((e, i) => {
    if (e.type === 'job-end' && e.kind === kind && e.outcome === 'ok') start = i + 1;
  });
  // latest record per step wins: a step done once and failed later (under `from`) runs again
  const latest = new Map<string, string>();
  for (const e of entries.slice(start)) if (e.type === 'step' && e.kind === kind) latest.set(e.stepId, e.outcome);
  const done = new Set<string>();
  for (const [id, outcome] of latest) if (outcome === 'ok' || outcome === 'changed') done.add(id);
  return done;
}
