// What the live view of a CLI phase job holds: the runner's progress state (the pure reducer the
// TUI uses too), the readable lines already printed above the live area, and the job's
// concurrency for the time-left estimate. Pure: each event gives a new state.
import { formatEvent } from '../../phases/runner/format.js';
import { initialProgress, reduceProgress, type JobProgress } from '../../phases/runner/progress.js';
import type { RunnerEvent } from '../../phases/runner/events.js';

export interface PrintedLine {
  /** Stable key for Ink's <Static> (its items are printed once, in order). */
  id: number;
  text: string;
}

export interface LiveState {
  progress: JobProgress | undefined;
  concurrency: number;
  /** Every readable line so far, exactly as `formatEvent` gives them to the plain output. */
  lines: PrintedLine[];
  /** The job ended (or the view is closing): the live area goes, only the lines stay. */
  ended: boolean;
}

export const initialLiveState: LiveState = { progress: undefined, concurrency: 1, lines: [], ended: false };

export function reduceLive(state: LiveState, e: RunnerEvent): LiveState {
  const printed = formatEvent(e);
  const lines = printed.length === 0 ? state.lines : [...state.lines, ...printed.map((text, i) => ({ id: state.lines.length + i, text }))];
  if (e.type === 'job-start') return { ...state, progress: initialProgress(e), concurrency: e.concurrency, lines };
  const progress = state.progress ? reduceProgress(state.progress, e) : undefined;
  return { ...state, progress, lines, ended: state.ended || e.type === 'job-end' };
}

/** The phase shown as current: the last one running, else the next one to run, else the last. */
export function currentPhase(progress: JobProgress): { phase: JobProgress['phases'][number]; index: number } | undefined {
  const phases = progress.phases;
  let index = -1;
  phases.forEach((p, i) => {
    if (p.status === 'running') index = i;
  });
  if (index < 0) index = phases.findIndex((p) => p.status === 'pending');
  if (index < 0) index = phases.length - 1;
  const phase = phases[index];
  return phase ? { phase, index } : undefined;
}

/** Running steps in plan order. */
export function runningSteps(progress: JobProgress): JobProgress['steps'][string][] {
  const out: JobProgress['steps'][string][] = [];
  for (const p of progress.phases)
    for (const id of p.stepIds) {
      const s = progress.steps[id];
      if (s?.status === 'running') out.push(s);
    }
  return out;
}
