// The runner's events: one stream for the TUI job pane, the readable CLI lines and `--json`
// (each event is plain JSON: ISO timestamps, durations in ms).
import type { FailureInfo } from './failure.js';
import type { Recap } from './recap.js';
import type { Target } from './target.js';
import type { JobKind, JobOutcome, OutputStream, StepOutcome } from './types.js';

export interface PlanSummary {
  phases: {
    number: number;
    name: string;
    title: string;
    steps: { id: string; title: string; target: Target }[];
  }[];
}

export interface JobStartEvent {
  type: 'job-start';
  jobId: string;
  kind: JobKind;
  at: string;
  concurrency: number;
  /** Phases before this one are skipped. */
  from?: number;
  /** Step ids skipped because an earlier, unfinished job of this kind completed them. */
  resumed: string[];
  plan: PlanSummary;
}

export interface NoteEvent {
  type: 'note';
  jobId: string;
  at: string;
  level: 'info' | 'warn';
  message: string;
}

export interface PhaseStartEvent {
  type: 'phase-start';
  jobId: string;
  at: string;
  phase: number;
  name: string;
  title: string;
  steps: number;
}

export interface PhaseEndEvent {
  type: 'phase-end';
  jobId: string;
  at: string;
  phase: number;
  name: string;
  /** skipped: before `from`, or every step already recorded done. */
  outcome: JobOutcome | 'skipped';
  durationMs: number;
}

export interface StepStartEvent {
  type: 'step-start';
  jobId: string;
  at: string;
  phase: number;
  stepId: string;
  title: string;
  target: Target;
}

export interface StepOutputEvent {
  type: 'step-output';
  jobId: string;
  at: string;
  phase: number;
  stepId: string;
  target: Target;
  stream: OutputStream;
  line: string;
}

export interface StepEndEvent {
  type: 'step-end';
  jobId: string;
  at: string;
  phase: number;
  stepId: string;
  title: string;
  target: Target;
  outcome: StepOutcome;
  startedAt: string;
  durationMs: number;
  error?: FailureInfo;
}

export interface JobEndEvent {
  type: 'job-end';
  jobId: string;
  kind: JobKind;
  at: string;
  outcome: JobOutcome;
  durationMs: number;
  recap: Recap;
  failures: StepFailure[];
}

export interface StepFailure {
  stepId: string;
  phase: number;
  target: Target;
  title: string;
  error: FailureInfo;
}

export type RunnerEvent =
  JobStartEvent | NoteEvent | PhaseStartEvent | PhaseEndEvent | StepStartEvent | StepOutputEvent | StepEndEvent | JobEndEvent;

export type RunnerEventListener = (event: RunnerEvent) => void;
