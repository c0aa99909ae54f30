// The model the phase modules write against: a plan is phases in order; a phase is steps, each
// with a target, a check ("already done?") and an action.
import type { Target } from './target.js';

export type JobKind = 'install' | 'boot' | 'shutdown' | 'destroy' | (string & Record<never, never>);

/** ok = the check said "already done"; changed = the action ran; skipped = resume / `from`. */
export type StepOutcome = 'ok' | 'changed' | 'failed' | 'skipped' | 'cancelled';
export type JobOutcome = 'ok' | 'failed' | 'cancelled';
export type OutputStream = 'stdout' | 'stderr' | 'log';

/** Something that dies with the step when it is cancelled (an execa or node child process). */
export interface KillableChild {
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals | number): boolean;
}

export interface StepContext {
  /** Aborted when the job is cancelled, the step times out, or fail-fast cancels siblings. */
  readonly signal: AbortSignal;
  readonly step: StepInfo;
  /** One line (or several, split on newlines) to the job log, the events and the journal tail. */
  log(line: string): void;
  /** A raw chunk of a child's output; split into lines, a partial last line is held back. */
  output(chunk: string | Uint8Array, stream?: OutputStream): void;
  /**
   * Kill this child on cancel: its process group first (children spawned `detached: true`
   * lead their own group, so grandchildren go too), SIGKILL after a grace period.
   * Returns an unregister function; a finished child needs no unregistering.
   */
  registerChild(child: KillableChild): () => void;
  /** Run `close` on cancel — e.g. an SSH channel's close(). Returns an unregister function. */
  onCancel(close: () => void | Promise<void>): () => void;
}

export interface StepInfo {
  readonly id: string;
  readonly phase: number;
  readonly phaseName: string;
  readonly title: string;
  readonly target: Target;
}

/** What a phase module writes for one step. */
export interface StepSpec {
  /** Unique in the plan and stable across runs: the journal and resume key on it. */
  id: string;
  title: string;
  target: Target;
  /**
   * Explicit extra dependencies (ids in the same phase). Steps whose targets overlap
   * (same target, a cluster and its nodes, the lab and anything) already run in declaration order.
   */
  after?: readonly string[];
  /** Fails the step (and aborts its signal) when exceeded. */
  timeoutMs?: number;
  check(ctx: StepContext): Promise<boolean>;
  action(ctx: StepContext): Promise<void>;
}

export interface Step extends StepSpec {
  readonly phase: number;
  readonly phaseName: string;
}

export interface Phase {
  number: number;
  name: string;
  title: string;
  steps: readonly Step[];
}

export interface Plan {
  kind: JobKind;
  phases: readonly Phase[];
}
