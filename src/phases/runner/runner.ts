// The phase runner: phases in order; inside a phase, steps fan out over targets with bounded
// concurrency along the dependency graph (plan.ts). Each step runs its check, then its action
// if needed. Fail-fast: after a failure no new step starts. Everything is journaled, streamed as
// events, and cancellable through one AbortController per job.
import os from 'node:os';
import { RunnerStepContext } from './context.js';
import type { JobStartEvent, RunnerEvent, RunnerEventListener, StepFailure } from './events.js';
import { newJobId } from './files.js';
import { failureInfo, StepTimeoutError, type FailureInfo } from './failure.js';
import { JobLog } from './joblog.js';
import { JournalWriter, readJournal } from './journal.js';
import { acquireLock, type LabLock } from './lock.js';
import { makeMasker, maskDeep, type Masker } from './mask.js';
import { phaseDependencies } from './plan.js';
import { addToRecap, emptyRecap, type Recap } from './recap.js';
import { completedSinceLastSuccess } from './resume.js';
import { targetLabel } from './target.js';
import type { JobKind, JobOutcome, OutputStream, Phase, Plan, Step, StepOutcome } from './types.js';

export const DEFAULT_CONCURRENCY = 6;

export interface RunOptions {
  /** Steps running at once across the whole job (default 6). 1 = strictly one after another. */
  concurrency?: number;
  /** Start at this phase; earlier phases are skipped, this one and later run in full. */
  from?: number;
  /**
   * Skip what unfinished earlier jobs of this kind completed (default true). Ignored with `from`.
   * Resume point: the first plan step not recorded ok/changed; done steps of that phase (and
   * earlier phases) are skipped, later phases run in full.
   */
  resume?: boolean;
  /** JSONL journal (statePaths().journal); none = no journal and no resume. */
  journal?: string;
  /** Lab lock file (statePaths().lock); none = no locking. */
  lock?: string;
  /** Plain-text job log file. */
  log?: string;
  onEvent?: RunnerEventListener;
  /** An outside abort (e.g. the TUI's own controller); same as job.cancel(). */
  signal?: AbortSignal;
  /** After a failure: let running steps finish (drain, default) or cancel them. */
  failFast?: 'drain' | 'cancel';
  /** SIGTERM → SIGKILL grace for registered children (default 3000 ms). */
  killGraceMs?: number;
  /** How long an aborted action may take to return before the runner stops waiting (default 10 s). */
  cancelGraceMs?: number;
  /**
   * Strings replaced by *** (labSecrets(config)) in everything the job records: output lines,
   * failures, notes — events, journal, job log and the result. Bootstrap tokens are always masked.
   */
  secrets?: readonly string[];
  jobId?: string;
}

export interface JobResult {
  jobId: string;
  kind: JobKind;
  outcome: JobOutcome;
  recap: Recap;
  failures: StepFailure[];
  startedAt: string;
  endedAt: string;
  durationMs: number;
}

export interface Job {
  readonly id: string;
  readonly kind: JobKind;
  readonly signal: AbortSignal;
  /** Ctrl-C / `x`: abort running steps (their children are killed), start no new ones. */
  cancel(reason?: string): void;
  /** Subscribe to events; returns an unsubscribe function. Subscribe right after startJob. */
  on(listener: RunnerEventListener): () => void;
  /** Resolves when the job is over (never rejects; runner faults end the job failed). */
  readonly done: Promise<JobResult>;
}

export class JobCancelled extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'JobCancelled';
  }
}

/** Starts a job; throws LockBusyError at once if another job holds the lab lock. */
export function startJob(plan: Plan, opts: RunOptions = {}): Job {
  const id = opts.jobId ?? newJobId(plan.kind);
  const lock = opts.lock ? acquireLock(opts.lock, plan.kind, id) : undefined;
  const controller = new AbortController();
  const listeners = new Set<RunnerEventListener>();
  if (opts.onEvent) listeners.add(opts.onEvent);
  const cancel = (reason = 'cancelled by the user'): void => {
    if (!controller.signal.aborted) controller.abort(new JobCancelled(reason));
  };
  if (opts.signal) {
    if (opts.signal.aborted) cancel();
    else opts.signal.addEventListener('abort', () => cancel(), { once: true });
  }
  const execution = new JobExecution(plan, opts, id, controller.signal, listeners, lock);
  // start after the caller had a chance to subscribe
  const done = Promise.resolve().then(() => execution.run());
  return {
    id,
    kind: plan.kind,
    signal: controller.signal,
    cancel,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    done,
  };
}

/** startJob(...).done, for callers that need no handle. */
export function runJob(plan: Plan, opts: RunOptions = {}): Promise<JobResult> {
  return startJob(plan, opts).done;
}

type RanOutcome = Exclude<StepOutcome, 'skipped'>;
type Finished = { step: Step; outcome: RanOutcome };

class JobExecution {
  private readonly recap = emptyRecap();
  private readonly failures: StepFailure[] = [];
  private readonly active = new Set<RunnerStepContext>();
  private readonly concurrency: number;
  private journal: JournalWriter | undefined;
  private log: JobLog | undefined;
  private readonly mask: Masker;

  constructor(
    private readonly plan: Plan,
    private readonly opts: RunOptions,
    private readonly jobId: string,
    private readonly signal: AbortSignal,
    private readonly listeners: Set<RunnerEventListener>,
    private readonly lock: LabLock | undefined,
  ) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY));
    this.mask = makeMasker(opts.secrets ?? []);
  }

  async run(): Promise<JobResult> {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    // if the process exits under us, take the step's children with it (no orphans)
    const onExit = (): void => {
      for (const ctx of this.active) ctx.killNowSync();
    };
    process.on('exit', onExit);
    let outcome: JobOutcome = 'ok';
    try {
      const skip = this.openJournalAndPlanSkips();
      if (this.opts.log) this.log = new JobLog(this.opts.log, this.mask);
      if (this.lock?.tookOver) {
        const t = this.lock.tookOver;
        this.note('warn', `took over a stale lab lock: ${t.kind} job ${t.jobId} (pid ${t.pid}, started ${t.startedAt}) is gone`);
      }
      this.journal?.append({
        type: 'job-start',
        jobId: this.jobId,
        kind: this.plan.kind,
        at: startedAt,
        pid: process.pid,
        host: os.hostname(),
        ...(this.opts.from !== undefined ? { from: this.opts.from } : {}),
        resumed: skip.size,
      });
      this.emit({
        type: 'job-start',
        jobId: this.jobId,
        kind: this.plan.kind,
        at: startedAt,
        concurrency: this.concurrency,
        ...(this.opts.from !== undefined ? { from: this.opts.from } : {}),
        resumed: [...skip],
        plan: summarize(this.plan),
      });
      if (skip.size > 0)
        this.note(
          'info',
          `resuming: ${skip.size} step${skip.size === 1 ? '' : 's'} already done by an unfinished earlier ${this.plan.kind}`,
        );

      for (const phase of this.plan.phases) {
        if (outcome === 'ok' && this.signal.aborted) outcome = 'cancelled'; // cancelled between phases
        if (outcome !== 'ok') {
          this.recap.notRun += phase.steps.length;
          continue;
        }
        if (this.opts.from !== undefined && phase.number < this.opts.from) {
          this.skipPhase(phase);
          continue;
        }
        outcome = await this.runPhase(phase, skip);
      }
    } catch (err) {
      // a runner fault (journal write failed, …): end the job failed, say why
      outcome = 'failed';
      const error = failureInfo(err);
      this.note('warn', `runner error: ${error.message}`);
      this.failures.push({ stepId: '(runner)', phase: 0, target: 'lab', title: 'runner', error: maskDeep(error, this.mask) });
    }
    const ended = Date.now();
    const endedAt = new Date(ended).toISOString();
    const result: JobResult = {
      jobId: this.jobId,
      kind: this.plan.kind,
      outcome,
      recap: this.recap,
      failures: this.failures,
      startedAt,
      endedAt,
      durationMs: ended - started,
    };
    try {
      this.journal?.append({ type: 'job-end', jobId: this.jobId, kind: this.plan.kind, at: endedAt, outcome, counts: this.recap.total });
    } catch (err) {
      this.note('warn', `could not write the journal's job-end line: ${failureInfo(err).message}`);
    }
    this.emit({
      type: 'job-end',
      jobId: this.jobId,
      kind: this.plan.kind,
      at: endedAt,
      outcome,
      durationMs: result.durationMs,
      recap: this.recap,
      failures: this.failures,
    });
    this.journal?.close();
    this.log?.close();
    this.lock?.release();
    process.off('exit', onExit);
    return result;
  }

  /** Opens the journal and works out which steps to skip (resume). */
  private openJournalAndPlanSkips(): Set<string> {
    const skip = new Set<string>();
    if (!this.opts.journal) return skip;
    if (this.opts.resume !== false && this.opts.from === undefined) {
      const read = readJournal(this.opts.journal);
      if (read.truncatedTail) this.note('warn', 'the journal ends with a truncated line (a crash mid-write?); it was ignored');
      if (read.badLines > 0) this.note('warn', `the journal has ${read.badLines} unreadable line(s); they were ignored`);
      const done = completedSinceLastSuccess(read.entries, this.plan.kind);
      // skip done steps up to the phase of the first step that is not done; run the rest in full
      const firstOpen = this.plan.phases.find((p) => p.steps.some((s) => !done.has(s.id)));
      for (const phase of this.plan.phases) {
        if (firstOpen && phase.number > firstOpen.number) break;
        for (const s of phase.steps) if (done.has(s.id)) skip.add(s.id);
      }
    }
    this.journal = new JournalWriter(this.opts.journal, this.mask);
    return skip;
  }

  private skipPhase(phase: Phase): void {
    for (const step of phase.steps) this.endSkipped(step);
    const at = new Date().toISOString();
    this.emit({ type: 'phase-end', jobId: this.jobId, at, phase: phase.number, name: phase.name, outcome: 'skipped', durationMs: 0 });
  }

  private endSkipped(step: Step): void {
    const at = new Date().toISOString();
    addToRecap(this.recap, step.target, 'skipped');
    this.emit({
      type: 'step-end',
      jobId: this.jobId,
      at,
      phase: step.phase,
      stepId: step.id,
      title: step.title,
      target: step.target,
      outcome: 'skipped',
      startedAt: at,
      durationMs: 0,
    });
  }

  private async runPhase(phase: Phase, skip: Set<string>): Promise<JobOutcome> {
    if (phase.steps.every((s) => skip.has(s.id))) {
      this.skipPhase(phase);
      return 'ok';
    }
    const started = Date.now();
    this.emit({
      type: 'phase-start',
      jobId: this.jobId,
      at: new Date(started).toISOString(),
      phase: phase.number,
      name: phase.name,
      title: phase.title,
      steps: phase.steps.length,
    });
    this.log?.write(`== phase ${phase.number} ${phase.name}: ${phase.title}`);

    // fail-fast 'cancel' aborts this phase's steps; a job cancel reaches them through it too
    const phaseController = new AbortController();
    const forward = (): void => phaseController.abort(this.signal.reason);
    if (this.signal.aborted) forward();
    else this.signal.addEventListener('abort', forward, { once: true });

    const deps = phaseDependencies(phase);
    const satisfied = new Set<string>();
    for (const step of phase.steps) {
      if (skip.has(step.id)) {
        this.endSkipped(step);
        satisfied.add(step.id);
      }
    }
    let pending = phase.steps.filter((s) => !skip.has(s.id));
    const running = new Map<string, Promise<Finished>>();
    let failed = false;
    let cancelled = false;

    for (;;) {
      if (!failed && !this.signal.aborted) {
        const startable: Step[] = [];
        for (const step of pending) {
          if (running.size + startable.length >= this.concurrency) break;
          if ((deps.get(step.id) ?? []).every((d) => satisfied.has(d))) startable.push(step);
        }
        for (const step of startable)
          running.set(
            step.id,
            this.runStep(step, phaseController.signal).then((outcome) => ({ step, outcome })),
          );
        if (startable.length > 0) pending = pending.filter((s) => !startable.includes(s));
      }
      if (running.size === 0) break;
      const { step, outcome } = await Promise.race(running.values());
      running.delete(step.id);
      if (outcome === 'ok' || outcome === 'changed') satisfied.add(step.id);
      else if (outcome === 'failed') {
        failed = true;
        if (this.opts.failFast === 'cancel') phaseController.abort(new JobCancelled(`cancelled: ${step.id} failed`));
      } else if (outcome === 'cancelled') cancelled = true;
    }
    this.signal.removeEventListener('abort', forward);
    this.recap.notRun += pending.length;
    const outcome: JobOutcome = failed ? 'failed' : cancelled || this.signal.aborted ? 'cancelled' : 'ok';
    this.emit({
      type: 'phase-end',
      jobId: this.jobId,
      at: new Date().toISOString(),
      phase: phase.number,
      name: phase.name,
      outcome,
      durationMs: Date.now() - started,
    });
    return outcome;
  }

  private async runStep(step: Step, phaseSignal: AbortSignal): Promise<RanOutcome> {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const label = targetLabel(step.target);
    this.emit({
      type: 'step-start',
      jobId: this.jobId,
      at: startedAt,
      phase: step.phase,
      stepId: step.id,
      title: step.title,
      target: step.target,
    });
    this.log?.write(`[${label}] >> ${step.title} (${step.id})`);

    const controller = new AbortController();
    const forward = (): void => controller.abort(phaseSignal.reason);
    if (phaseSignal.aborted) forward();
    else phaseSignal.addEventListener('abort', forward, { once: true });
    const timer =
      step.timeoutMs !== undefined
        ? setTimeout(() => controller.abort(new StepTimeoutError(step.timeoutMs ?? 0)), step.timeoutMs)
        : undefined;

    const ctx = new RunnerStepContext({
      step: { id: step.id, phase: step.phase, phaseName: step.phaseName, title: step.title, target: step.target },
      signal: controller.signal,
      redact: this.mask,
      killGraceMs: this.opts.killGraceMs ?? 3000,
      onLine: (line: string, stream: OutputStream) => {
        this.log?.write(`[${label}] ${line}`);
        this.emit({
          type: 'step-output',
          jobId: this.jobId,
          at: new Date().toISOString(),
          phase: step.phase,
          stepId: step.id,
          target: step.target,
          stream,
          line,
        });
      },
    });
    this.active.add(ctx);
    const onAbort = (): void => void ctx.cancel();
    controller.signal.addEventListener('abort', onAbort, { once: true });

    let outcome: RanOutcome;
    let error: FailureInfo | undefined;
    try {
      const work = (async (): Promise<RanOutcome> => {
        if (await step.check(ctx)) return 'ok';
        controller.signal.throwIfAborted();
        await step.action(ctx);
        return 'changed';
      })();
      outcome = await settleOrGiveUp(work, controller.signal, this.opts.cancelGraceMs ?? 10_000);
    } catch (err) {
      // Ctrl-C in a terminal signals the whole foreground process group: our children may die
      // of it a moment before our own handler cancels the job. A failure that a cancel follows
      // at once is that cancel, not a failure of the step.
      if (!controller.signal.aborted && diedOfSignal(err)) await abortedWithin(controller.signal, CANCEL_RACE_MS);
      const reason: unknown = controller.signal.reason;
      if (controller.signal.aborted && reason instanceof StepTimeoutError) {
        outcome = 'failed';
        error = { ...failureInfo(err), message: `${step.title}: ${reason.message}` };
      } else if (controller.signal.aborted) {
        outcome = 'cancelled';
        error = { message: reason instanceof Error ? reason.message : 'cancelled' };
      } else {
        outcome = 'failed';
        error = failureInfo(err);
      }
    } finally {
      if (timer) clearTimeout(timer);
      phaseSignal.removeEventListener('abort', forward);
      controller.signal.removeEventListener('abort', onAbort);
    }
    // a step that ended badly must not leave its children behind
    if (outcome === 'failed' || outcome === 'cancelled') await ctx.cancel();
    ctx.finish();
    this.active.delete(ctx);

    const ended = Date.now();
    const endedAt = new Date(ended).toISOString();
    addToRecap(this.recap, step.target, outcome);
    // masked here too: the failures also leave through the JobResult, which no sink masks
    if (error) error = maskDeep(error, this.mask);
    if (outcome === 'failed' && error)
      this.failures.push({ stepId: step.id, phase: step.phase, target: step.target, title: step.title, error });
    this.journal?.append({
      type: 'step',
      jobId: this.jobId,
      kind: this.plan.kind,
      phase: step.phase,
      stepId: step.id,
      target: step.target,
      start: startedAt,
      end: endedAt,
      outcome,
      tail: ctx.outputTail(),
      ...(error ? { error } : {}),
    });
    this.log?.write(`[${label}] << ${outcome}${error ? `: ${error.message}` : ''} (${((ended - started) / 1000).toFixed(1)} s)`);
    this.emit({
      type: 'step-end',
      jobId: this.jobId,
      at: endedAt,
      phase: step.phase,
      stepId: step.id,
      title: step.title,
      target: step.target,
      outcome,
      startedAt,
      durationMs: ended - started,
      ...(error ? { error } : {}),
    });
    return outcome;
  }

  private note(level: 'info' | 'warn', message: string): void {
    this.log?.write(`note: ${message}`);
    this.emit({ type: 'note', jobId: this.jobId, at: new Date().toISOString(), level, message });
  }

  // Every event leaves masked: the CLI's lines and --json, the TUI's store, any other listener.
  private emit(event: RunnerEvent): void {
    const masked = maskDeep(event, this.mask);
    for (const l of this.listeners) {
      try {
        l(masked);
      } catch {
        // a broken listener (a view) must not break the job
      }
    }
  }
}

/**
 * Awaits the step's work; once the signal aborts, waits at most graceMs more for it to return
 * (an action that ignores its signal is abandoned, its children already killed).
 */
function settleOrGiveUp<T>(work: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      timer = setTimeout(() => reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled')), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

function summarize(plan: Plan): JobStartEvent['plan'] {
  return {
    phases: plan.phases.map((p) => ({
      number: p.number,
      name: p.name,
      title: p.title,
      steps: p.steps.map((s) => ({ id: s.id, title: s.title, target: s.target })),
    })),
  };
}

/** How long a failed step waits for a cancel that the same Ctrl-C is about to deliver. */
const CANCEL_RACE_MS = 250;

/**
 * Did the step fail because its child was killed (a signal, so no exit code)? Only then can a
 * cancel be on its way; an exit code or any other error is the step's own failure, at once.
 */
function diedOfSignal(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { signal?: unknown; exitCode?: unknown };
  if (typeof e.signal === 'string') return true; // execa
  return 'exitCode' in e && e.exitCode === undefined; // CommandError, TartError: exit ?
}

/** Resolves when the signal aborts or after ms, whichever comes first. */
function abortedWithin(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
