// Time left for a running job, from how long the same steps took before: per step id the median
// of its past successful durations in the journal (read-only here; the runner writes it). The
// remaining steps are laid out the way the runner runs them — phases one after another, inside a
// phase at most `concurrency` at once, overlapping targets in declaration order — so parallel
// steps are not summed up as if they ran one by one. The medians are scaled by this run's pace
// so far (steps finished now vs their medians): a re-run whose checks find everything done, or
// a busier machine, corrects the figure within a few steps.
import { readJournal, type JournalEntry } from './journal.js';
import type { JobProgress, StepProgress } from './progress.js';
import { targetsOverlap, type Target } from './target.js';
import type { JobKind } from './types.js';

/** Samples kept per step: the newest ones, so a lab that got faster (cached images) shows it. */
export const HISTORY_SAMPLES = 10;

export interface StepHistory {
  /** Median past duration (ms) per step id. */
  medians: ReadonlyMap<string, number>;
  /** Median of the known medians: the guess for a step never seen (undefined: no history). */
  fallback: number | undefined;
}

export interface RemainingEstimate {
  ms: number;
  /** Steps left whose duration is the fallback guess (never ran successfully before). */
  guessed: number;
  /** Steps left in all (pending or running). */
  steps: number;
  /** This run's speed against the history: 0.5 = steps take half their median. */
  pace: number;
}

/** Bounds of the pace: one odd step must not swing the figure by more than that. */
const PACE_MIN = 0.05;
const PACE_MAX = 20;
/** Weight of the history against this run's pace, in steps of median length. */
const PACE_PRIOR_STEPS = 3;

/** How fast this run goes against the history, from its steps that finished ok or changed. */
export function runPace(progress: JobProgress, history: StepHistory): number {
  const prior = PACE_PRIOR_STEPS * (history.fallback ?? 0);
  let actual = prior;
  let predicted = prior;
  for (const s of Object.values(progress.steps)) {
    const known = history.medians.get(s.id);
    if ((s.status !== 'ok' && s.status !== 'changed') || s.durationMs === undefined || known === undefined) continue;
    actual += s.durationMs;
    predicted += known;
  }
  if (predicted <= 0) return 1;
  return Math.min(PACE_MAX, Math.max(PACE_MIN, actual / predicted));
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Past successful (ok or changed) step durations of jobs of this kind. */
export function stepHistory(entries: readonly JournalEntry[], kind: JobKind, samples = HISTORY_SAMPLES): StepHistory {
  const durations = new Map<string, number[]>();
  for (const e of entries) {
    if (e.type !== 'step' || e.kind !== kind || (e.outcome !== 'ok' && e.outcome !== 'changed')) continue;
    const ms = Date.parse(e.end) - Date.parse(e.start);
    if (!Number.isFinite(ms) || ms < 0) continue;
    const list = durations.get(e.stepId) ?? [];
    list.push(ms);
    durations.set(e.stepId, list);
  }
  const medians = new Map<string, number>();
  for (const [id, list] of durations) medians.set(id, median(list.slice(-samples)) ?? 0);
  return { medians, fallback: median([...medians.values()]) };
}

/** The journal's history for `kind`; an unreadable journal is no history (the job itself reports it). */
export function readStepHistory(journalFile: string, kind: JobKind): StepHistory {
  try {
    return stepHistory(readJournal(journalFile).entries, kind);
  } catch {
    return { medians: new Map(), fallback: undefined };
  }
}

/**
 * What is left of the job at `now` (ms since the epoch), or undefined without any history.
 * A running step is expected to take its (paced) median in all; one running longer counts as about done.
 */
export function estimateRemaining(
  progress: JobProgress,
  history: StepHistory,
  concurrency: number,
  now: number,
): RemainingEstimate | undefined {
  if (history.fallback === undefined) return undefined;
  const fallback = history.fallback;
  const pace = runPace(progress, history);
  const lanesCount = Math.max(1, Math.floor(concurrency));
  let cursor = 0; // ms from now at which the phase being laid out may start
  let guessed = 0;
  let steps = 0;
  for (const phase of progress.phases) {
    const left = phase.stepIds
      .map((id) => progress.steps[id])
      .filter((s): s is StepProgress => s !== undefined && (s.status === 'pending' || s.status === 'running'));
    if (left.length === 0) continue;
    const lanes: number[] = Array.from({ length: lanesCount }, () => cursor);
    const ends: { target: Target; end: number }[] = [];
    let phaseEnd = cursor;
    // running steps hold their lanes first: they started before anything still pending
    const ordered = [...left.filter((s) => s.status === 'running'), ...left.filter((s) => s.status === 'pending')];
    for (const step of ordered) {
      steps += 1;
      const known = history.medians.get(step.id);
      if (known === undefined) guessed += 1;
      const duration = (known ?? fallback) * pace;
      let end: number;
      const lane = lanes.indexOf(Math.min(...lanes));
      if (step.status === 'running') {
        const ran = step.startedAt ? Math.max(0, now - Date.parse(step.startedAt)) : 0;
        end = cursor + Math.max(0, duration - ran);
      } else {
        const after = ends.filter((d) => targetsOverlap(d.target, step.target)).reduce((m, d) => Math.max(m, d.end), cursor);
        end = Math.max(after, lanes[lane] ?? cursor) + duration;
      }
      lanes[lane] = end;
      ends.push({ target: step.target, end });
      phaseEnd = Math.max(phaseEnd, end);
    }
    cursor = phaseEnd;
  }
  return { ms: Math.round(cursor), guessed, steps, pace };
}
