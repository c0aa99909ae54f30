// Phase jobs for the TUI (the runtime's controller delegates startJob/cancelJob here): builds the
// plan for the lab the runtime is attached to — through its endpoints, the real lab and the demo
// lab alike — runs it through the runner and maps its events into the store's jobs slice. One job
// at a time (and the runner's lab lock against other terminals).
import type { LabConfig } from '../config/schema.js';
import type { LabStore } from '../store/store.js';
import type { JobRecord, JobStepRecord } from '../store/types.js';
import type { JobRequest } from '../ports/lab-controller.js';
import type { LabEndpoints } from '../config/endpoints.js';
import type { Job, RunnerEvent } from './runner/index.js';
import { initialProgress, reduceProgress, type JobProgress } from './runner/progress.js';
import { Batcher } from '../util/batcher.js';

const OUTPUT_FLUSH_MS = 100;

export class PhaseJobs {
  private job: Job | undefined;

  constructor(private readonly deps: { config: LabConfig; endpoints: LabEndpoints; store: LabStore }) {}

  get running(): boolean {
    return this.job !== undefined;
  }

  async start(request: JobRequest): Promise<void> {
    if (this.job) throw new Error(`a ${this.job.kind} job is already running; cancel it first`);
    const { createPhaseEnv, planFor } = await import('./index.js');
    const { startJob, jobFiles, labSecrets } = await import('../phases/runner/index.js');
    const { config, endpoints } = this.deps;
    const env = createPhaseEnv({ config, endpoints });
    let plan;
    try {
      plan = planFor(request.kind, env);
    } catch (err) {
      env.close();
      throw err;
    }
    const bridge = new StoreBridge(this.deps.store);
    try {
      this.job = startJob(plan, {
        ...jobFiles(env.paths, request.kind),
        ...(request.kind === 'install' && request.from !== undefined ? { from: request.from } : {}),
        resume: request.kind === 'install',
        secrets: labSecrets(config),
        onEvent: (e) => bridge.on(e),
      });
    } catch (err) {
      env.close();
      throw err;
    }
    void this.job.done.finally(() => {
      env.close();
      this.job = undefined;
    });
  }

  cancel(): void {
    this.job?.cancel('cancelled from the TUI');
  }
}

/** Runner events → upsertJob / updateJobStep / appendJobOutput / finishJob (output batched). */
// The store's job record from the runner's events. Step status, times and errors come from the
// runner's one progress reducer (runner/progress.ts, which the CLI's live view folds too); this
// bridge adds what only the store keeps: every output line, batched per step.
class StoreBridge {
  private readonly steps = new Map<string, JobStepRecord>();
  private progress: JobProgress | undefined;
  private readonly output = new Batcher<{ stepId: string; line: string }>({
    delayMs: OUTPUT_FLUSH_MS,
    onFlush: (lines) => this.appendOutput(lines),
  });
  private jobId = '';

  constructor(private readonly store: LabStore) {}

  on(e: RunnerEvent): void {
    const s = this.store.getState();
    this.progress = e.type === 'job-start' ? initialProgress(e) : this.progress && reduceProgress(this.progress, e);
    switch (e.type) {
      case 'job-start': {
        this.jobId = e.jobId;
        const steps = e.plan.phases.flatMap((p) =>
          p.steps.map((st): JobStepRecord => ({
            key: st.id,
            phase: p.number,
            phaseName: p.name,
            title: st.title,
            target: st.target,
            outcome: e.resumed.includes(st.id) ? 'skipped' : 'pending',
            output: [],
          })),
        );
        for (const st of steps) this.steps.set(st.key, st);
        const job: JobRecord = { id: e.jobId, kind: e.kind as JobRecord['kind'], state: 'running', startedAt: Date.parse(e.at), steps };
        s.upsertJob(job);
        break;
      }
      case 'step-start':
        this.syncStep(e.stepId);
        break;
      case 'step-output':
        this.output.push({ stepId: e.stepId, line: e.line });
        break;
      case 'step-end':
        this.output.flush();
        this.syncStep(e.stepId, Date.parse(e.at));
        break;
      case 'note':
        break;
      case 'phase-start':
      case 'phase-end':
        break;
      case 'job-end': {
        this.output.flush();
        const t = e.recap.total;
        s.finishJob(
          e.jobId,
          e.outcome === 'ok' ? 'succeeded' : e.outcome,
          { changed: t.changed, ok: t.ok, failed: t.failed, skipped: t.skipped },
          Date.parse(e.at),
        );
        break;
      }
    }
  }

  /** The step's record as the progress reducer has it now (endedAt: when a step-end says). */
  private syncStep(key: string, endedAt?: number): void {
    const step = this.progress?.steps[key];
    if (!step) return;
    this.update(key, {
      outcome: step.status,
      ...(step.startedAt && step.status !== 'skipped' ? { startedAt: Date.parse(step.startedAt) } : {}),
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(step.error ? { error: step.error.message } : {}),
    });
  }

  private update(key: string, patch: Partial<JobStepRecord>): void {
    const prev = this.steps.get(key);
    if (!prev) return;
    const next = { ...prev, ...patch };
    this.steps.set(key, next);
    this.store.getState().updateJobStep(this.jobId, next);
  }

  /** One appendJobOutput per step, steps in the order their first line arrived. */
  private appendOutput(batch: { stepId: string; line: string }[]): void {
    const byStep = new Map<string, string[]>();
    for (const { stepId, line } of batch) {
      const lines = byStep.get(stepId);
      if (lines) lines.push(line);
      else byStep.set(stepId, [line]);
    }
    for (const [key, lines] of byStep) this.store.getState().appendJobOutput(this.jobId, key, lines);
  }
}
