// Folding the event stream into what a job pane shows: per-step status, per-phase status, counts
// and the last output line per step. Pure: returns a new state, so a zustand slice can store it.
import type { RunnerEvent } from './events.js';
import type { FailureInfo } from './failure.js';
import type { Target } from './target.js';
import type { JobKind, JobOutcome, StepOutcome } from './types.js';

export type StepStatus = 'pending' | 'running' | StepOutcome;
export type PhaseStatus = 'pending' | 'running' | JobOutcome | 'skipped';

export interface StepProgress {
  id: string;
  phase: number;
  title: string;
  target: Target;
  status: StepStatus;
  startedAt?: string;
  durationMs?: number;
  lastLine?: string;
  error?: FailureInfo;
}

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  status: 'running' | JobOutcome;
  startedAt: string;
  phases: { number: number; name: string; title: string; status: PhaseStatus; stepIds: string[] }[];
  steps: Record<string, StepProgress>;
  /** Finished steps (any outcome, skipped included) out of all steps. */
  finished: number;
  total: number;
  notes: string[];
}

/** Starts from a job-start event; returns undefined for anything else. */
export function initialProgress(e: RunnerEvent): JobProgress | undefined {
  if (e.type !== 'job-start') return undefined;
  const steps: Record<string, StepProgress> = {};
  for (const p of e.plan.phases)
    for (const s of p.steps) steps[s.id] = { id: s.id, phase: p.number, title: s.title, target: s.target, status: 'pending' };
  return {
    jobId: e.jobId,
    kind: e.kind,
    status: 'running',
    startedAt: e.at,
    phases: e.plan.phases.map((p) => ({
      number: p.number,
      name: p.name,
      title: p.title,
      status: 'pending',
      stepIds: p.steps.map((s) => s.id),
    })),
    steps,
    finished: 0,
    total: Object.keys(steps).length,
    notes: [],
  };
}

function withStep(state: JobProgress, id: string, patch: Partial<StepProgress>): JobProgress {
  const step = state.steps[id];
  if (!step) return state;
  return { ...state, steps: { ...state.steps, [id]: { ...step, ...patch } } };
}

function withPhase(state: JobProgress, phase: number, status: PhaseStatus): JobProgress {
  return { ...state, phases: state.phases.map((p) => (p.number === phase ? { ...p, status } : p)) };
}

export function reduceProgress(state: JobProgress, e: RunnerEvent): JobProgress {
  if (e.jobId !== state.jobId) return state;
  switch (e.type) {
    case 'job-start':
      return state;
    case 'note':
      return { ...state, notes: [...state.notes, e.message] };
    case 'phase-start':
      return withPhase(state, e.phase, 'running');
    case 'phase-end':
      return withPhase(state, e.phase, e.outcome);
    case 'step-start':
      return withStep(state, e.stepId, { status: 'running', startedAt: e.at });
    case 'step-output':
      return withStep(state, e.stepId, { lastLine: e.line });
    case 'step-end': {
      const next = withStep(state, e.stepId, {
        status: e.outcome,
        startedAt: e.startedAt,
        durationMs: e.durationMs,
        ...(e.error ? { error: e.error } : {}),
      });
      return { ...next, finished: next.finished + 1 };
    }
    case 'job-end':
      return { ...state, status: e.outcome };
  }
}
