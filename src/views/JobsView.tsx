// Jobs: install / boot / shutdown / destroy runs, newest first; below, the selected job's phases
// and per-node steps (spinner while running, check marks when done) and the live output of the
// selected step, or its failure with the error and the tail of its output. Starting and cancelling
// go through controller.startJob / cancelJob, each behind a confirmation that names the lab.
import React from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { LabState } from '../store/store.js';
import type { JobRecord, JobStepRecord, StepOutcome } from '../store/types.js';
import { bind, guard, type KeyBinding } from '../ui/keys.js';
import type { JobRequest } from '../ports/lab-controller.js';
import { clock, elapsed } from '../components/format.js';
import { followOffset } from '../components/table/model.js';
import { toneColor, type Tone } from '../components/theme.js';
import { truncate } from '../components/text.js';
import { memoOn, tableView } from './tableView.js';
import type { ViewContext, ViewDefinition, ViewProps } from './types.js';

const OUTCOME: Record<StepOutcome, { mark: string; tone: Tone }> = {
  pending: { mark: '·', tone: 'muted' },
  running: { mark: '●', tone: 'info' },
  ok: { mark: '✓', tone: 'good' },
  changed: { mark: '✓', tone: 'warn' },
  failed: { mark: '✗', tone: 'bad' },
  skipped: { mark: '-', tone: 'muted' },
  cancelled: { mark: '⊘', tone: 'warn' },
};

const STATE_TONE: Record<JobRecord['state'], Tone> = { running: 'info', succeeded: 'good', failed: 'bad', cancelled: 'warn' };

const jobRows = memoOn((jobs: JobRecord[]): readonly JobRecord[] => [...jobs].sort((a, b) => b.startedAt - a.startedAt));

function stepsDone(j: JobRecord): string {
  return `${j.steps.filter((s) => s.outcome !== 'pending' && s.outcome !== 'running').length}/${j.steps.length}`;
}

export const jobsTable = tableView<JobRecord>({
  id: 'jobs',
  title: 'Jobs',
  key: (j) => j.id,
  base: (state) => jobRows(state.jobs),
  columns: [
    { id: 'kind', title: 'JOB', width: 9, text: (j) => j.kind },
    { id: 'state', title: 'STATE', width: 10, text: (j) => j.state, tone: (j) => STATE_TONE[j.state] },
    { id: 'started', title: 'STARTED', width: 8, searchable: false, text: (j) => clock(j.startedAt), sortKey: (j) => j.startedAt },
    {
      id: 'elapsed',
      title: 'ELAPSED',
      width: 8,
      align: 'right',
      searchable: false,
      text: (j, now) => elapsed((j.endedAt ?? now) - j.startedAt),
      sortKey: (j) => (j.endedAt ?? Infinity) - j.startedAt,
    },
    { id: 'steps', title: 'STEPS', width: 7, align: 'right', text: stepsDone },
    {
      id: 'recap',
      title: 'RECAP',
      width: 30,
      min: 10,
      grow: true,
      drop: 1,
      text: (j) =>
        j.recap
          ? `ok ${j.recap.ok} changed ${j.recap.changed} failed ${j.recap.failed} skipped ${j.recap.skipped}`
          : j.steps.length === 1 && j.steps[0]?.key === 'start' && j.state === 'failed'
            ? `did not start: ${j.steps[0].error ?? ''}`
            : '',
    },
  ],
  badges: () => [],
  empty: () => 'no jobs yet: i installs the lab, b boots it',
});

export function selectedJob(state: LabState, ctx: ViewContext): JobRecord | undefined {
  const rows = jobsTable.rows(state, ctx.tui.getState(), ctx.now());
  return rows[jobsTable.selectedIndex(state, rows, ctx.tui.getState().memory.lastIndex.jobs)];
}

/** The step shown: the chosen one, else the running one, else the failed one, else the last. */
export function currentStep(job: JobRecord | undefined, chosen: string | undefined): JobStepRecord | undefined {
  if (!job) return undefined;
  return (
    job.steps.find((s) => s.key === chosen) ??
    [...job.steps].reverse().find((s) => s.outcome === 'running') ??
    job.steps.find((s) => s.outcome === 'failed') ??
    job.steps[job.steps.length - 1]
  );
}

type StepLine = { kind: 'phase'; phase: number; name: string; steps: JobStepRecord[] } | { kind: 'step'; step: JobStepRecord };

function stepLines(job: JobRecord): StepLine[] {
  const out: StepLine[] = [];
  let phase: Extract<StepLine, { kind: 'phase' }> | undefined;
  for (const s of job.steps) {
    if (!phase || phase.phase !== s.phase) {
      phase = { kind: 'phase', phase: s.phase, name: s.phaseName, steps: [] };
      out.push(phase);
    }
    phase.steps.push(s);
    out.push({ kind: 'step', step: s });
  }
  return out;
}

function phaseOutcome(steps: JobStepRecord[]): StepOutcome {
  if (steps.some((s) => s.outcome === 'failed')) return 'failed';
  if (steps.some((s) => s.outcome === 'running')) return 'running';
  if (steps.some((s) => s.outcome === 'cancelled')) return 'cancelled';
  if (steps.every((s) => s.outcome === 'pending')) return 'pending';
  if (steps.some((s) => s.outcome === 'pending')) return 'running';
  return steps.some((s) => s.outcome === 'changed') ? 'changed' : 'ok';
}

function Mark({ outcome }: { outcome: StepOutcome }): React.ReactElement {
  const o = OUTCOME[outcome];
  return <Text color={toneColor(o.tone)}>{outcome === 'running' ? <Spinner type="dots" /> : o.mark}</Text>;
}

function StepsPanel({
  job,
  step,
  width,
  height,
  now,
  focused,
}: {
  job: JobRecord;
  step: JobStepRecord | undefined;
  width: number;
  height: number;
  now: number;
  focused: boolean;
}): React.ReactElement {
  const lines = stepLines(job);
  const selected = lines.findIndex((l) => l.kind === 'step' && l.step === step);
  const body = Math.max(1, height - 1);
  const offset = followOffset(Math.max(0, selected - Math.floor(body / 2)), selected, body, lines.length);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold inverse={focused} color={toneColor('accent')} wrap="truncate">
        {truncate(
          `${focused ? '▶ ' : ''}steps of ${job.kind} (${stepsDone(job)})${focused ? '' : ' · enter: choose a step'}`,
          width,
        ).padEnd(width)}
      </Text>
      {lines.slice(offset, offset + body).map((l, i) => {
        if (l.kind === 'phase') {
          const outcome = phaseOutcome(l.steps);
          return (
            <Text key={`p${l.phase}-${i}`} wrap="truncate" bold>
              <Mark outcome={outcome} />{' '}
              {truncate(
                `${String(l.phase).padStart(2, '0')} ${l.name}  (${l.steps.filter((s) => s.outcome !== 'pending' && s.outcome !== 'running').length}/${l.steps.length})`,
                width - 2,
              )}
            </Text>
          );
        }
        const s = l.step;
        const time = s.startedAt ? elapsed((s.endedAt ?? now) - s.startedAt) : '';
        const text = truncate(`${s.target.padEnd(16)} ${s.title}`, Math.max(1, width - 6 - time.length - 1));
        return (
          <Text key={s.key} wrap="truncate" inverse={s === step}>
            {'   '}
            <Mark outcome={s.outcome} /> {text.padEnd(Math.max(0, width - 6 - time.length - 1))}{' '}
            <Text color={toneColor('muted')}>{time}</Text>
          </Text>
        );
      })}
    </Box>
  );
}

function OutputPanel({ step, width, height }: { step: JobStepRecord | undefined; width: number; height: number }): React.ReactElement {
  const body = Math.max(1, height - 1);
  const failed = step?.outcome === 'failed';
  const errorLines = failed && step?.error ? step.error.split('\n').map((l) => `✗ ${l}`) : [];
  const output = step ? step.output.slice(-Math.max(0, body - errorLines.length)) : [];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={toneColor(failed ? 'bad' : 'accent')} wrap="truncate">
        {truncate(
          step ? `output of ${step.target}: ${step.title}${failed ? ' — FAILED (r resumes from this phase)' : ''}` : 'output',
          width,
        )}
      </Text>
      {errorLines.slice(0, body).map((l, i) => (
        <Text key={`e${i}`} color={toneColor('bad')} wrap="truncate">
          {truncate(l, width)}
        </Text>
      ))}
      {output.map((l, i) => (
        <Text key={`o${i}`} wrap="truncate" {...(failed ? { color: toneColor('warn') } : {})}>
          {truncate(l, width) || ' '}
        </Text>
      ))}
      {!step || (output.length === 0 && errorLines.length === 0) ? (
        <Text color={toneColor('muted')}>{step ? 'no output yet' : ''}</Text>
      ) : null}
    </Box>
  );
}

function JobsComponent(props: ViewProps): React.ReactElement {
  const { state, tui, width, height, now } = props;
  const rows = jobsTable.rows(state, tui, now);
  const job = rows[jobsTable.selectedIndex(state, rows, tui.memory.lastIndex.jobs)];
  const tableHeight = Math.min(2 + Math.max(1, rows.length), Math.max(3, Math.floor(height / 4)));
  const rest = Math.max(0, height - tableHeight);
  const stepsHeight = Math.ceil(rest / 2);
  const step = currentStep(job, tui.jobStep);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <jobsTable.Component {...props} height={tableHeight} />
      {job && rest >= 4 ? (
        <>
          <StepsPanel job={job} step={step} width={width} height={stepsHeight} now={now} focused={tui.jobsFocus === 'steps'} />
          <OutputPanel step={step} width={width} height={rest - stepsHeight} />
        </>
      ) : null}
    </Box>
  );
}

function labName(ctx: ViewContext): string {
  return ctx.store.getState().config?.lab.name ?? 'k8slab';
}

function labSize(ctx: ViewContext): string {
  const clusters = ctx.store.getState().config?.lab.clusters ?? [];
  return `${clusters.reduce((n, c) => n + c.nodes.length, 0)} VMs in ${clusters.length} clusters`;
}

function start(ctx: ViewContext, request: JobRequest, what: string): void {
  const s = ctx.store.getState();
  s.select('jobs', undefined);
  ctx.tui.getState().memory.lastIndex.jobs = 0;
  ctx.tui.setState({ jobStep: undefined, jobsFocus: 'jobs' });
  ctx.controller.startJob(request).then(
    () => undefined,
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      const at = Date.now();
      // A job that could not start stays in the list with its reason, not only in a flash.
      const step: JobStepRecord = {
        key: 'start',
        phase: 0,
        phaseName: 'start',
        title: `${what} did not start`,
        target: 'lab',
        outcome: 'failed',
        startedAt: at,
        endedAt: at,
        output: [],
        error: message,
      };
      ctx.store
        .getState()
        .upsertJob({ id: `not-started-${at}`, kind: request.kind, state: 'failed', startedAt: at, endedAt: at, steps: [step] });
      ctx.store.getState().flash(`${what} did not start: ${message}`, 'error');
    },
  );
  s.flash(`${what} started`);
}

const runningJob = (ctx: ViewContext): JobRecord | undefined => ctx.store.getState().jobs.find((j) => j.state === 'running');

/** The phase to resume an install from: the failed step's phase of the newest install job. */
export function resumePhase(state: LabState): number | undefined {
  const last = jobRows(state.jobs).find((j) => j.kind === 'install');
  if (!last || (last.state !== 'failed' && last.state !== 'cancelled')) return undefined;
  const stopped =
    last.steps.find((s) => s.outcome === 'failed' || s.outcome === 'cancelled') ??
    last.steps.find((s) => s.outcome === 'pending' || s.outcome === 'running');
  // a job that never started (phase 0) has nothing to resume
  return stopped && stopped.phase >= 1 ? stopped.phase : undefined;
}

function jobActions(ctx: ViewContext): KeyBinding[] {
  const steps = (): JobStepRecord[] => selectedJob(ctx.store.getState(), ctx)?.steps ?? [];
  const moveStep = (delta: number): void => {
    const list = steps();
    if (list.length === 0) return;
    const current = currentStep(selectedJob(ctx.store.getState(), ctx), ctx.tui.getState().jobStep);
    const at = Math.max(
      0,
      list.findIndex((s) => s === current),
    );
    const next = list[Math.max(0, Math.min(list.length - 1, at + delta))]!;
    ctx.tui.setState({ jobStep: next.key });
  };
  const inSteps = guard('jobs.focus', 'steps', () => ctx.tui.getState().jobsFocus === 'steps');
  const inJobs = guard('jobs.focus', 'jobs', () => ctx.tui.getState().jobsFocus !== 'steps');
  const idle = guard('job', 'idle', () => runningJob(ctx) === undefined);
  const running = guard('job', 'running', () => runningJob(ctx) !== undefined);
  const resumable = guard('install', 'resumable', () => resumePhase(ctx.store.getState()) !== undefined);
  // The view has two lists; while the steps list has the keys, moving goes through its steps.
  const stepsMove = (command: 'list.down' | 'list.up' | 'list.top' | 'list.bottom') => ({
    when: [inSteps],
    overrides: { command, reason: 'the steps list has the keys: j/k/g/G move through the steps of the selected job, not the jobs' },
  });
  return [
    bind(
      'jobs.install',
      ['i'],
      () =>
        ctx.openDialog({
          kind: 'confirm',
          title: 'install',
          message: `Install lab ${labName(ctx)}: 12 phases on ${labSize(ctx)}?`,
          onConfirm: () => start(ctx, { kind: 'install' }, `install of ${labName(ctx)}`),
        }),
      { when: [idle] },
    ),
    bind(
      'jobs.boot',
      ['b'],
      () =>
        ctx.openDialog({
          kind: 'confirm',
          title: 'boot',
          message: `Boot lab ${labName(ctx)} (${labSize(ctx)})?`,
          onConfirm: () => start(ctx, { kind: 'boot' }, `boot of ${labName(ctx)}`),
        }),
      { when: [idle] },
    ),
    bind(
      'jobs.shutdown',
      ['S'],
      () =>
        ctx.openDialog({
          kind: 'typed',
          title: 'shutdown',
          message: `Shut down lab ${labName(ctx)}: every workload stops and ${labSize(ctx)} power off.`,
          expected: labName(ctx),
          text: '',
          onConfirm: () => start(ctx, { kind: 'shutdown' }, `shutdown of ${labName(ctx)}`),
        }),
      { when: [idle] },
    ),
    bind(
      'jobs.destroy',
      ['D'],
      () =>
        ctx.openDialog({
          kind: 'typed',
          title: 'DESTROY',
          message: `Destroy lab ${labName(ctx)}: deletes ${labSize(ctx)} with their disks. This cannot be undone.`,
          expected: labName(ctx),
          text: '',
          onConfirm: () => start(ctx, { kind: 'destroy' }, `destroy of ${labName(ctx)}`),
        }),
      { when: [idle] },
    ),
    bind(
      'jobs.resume',
      ['r'],
      () => {
        const from = resumePhase(ctx.store.getState());
        if (from === undefined) return;
        ctx.openDialog({
          kind: 'confirm',
          title: 'resume',
          message: `Resume the install of lab ${labName(ctx)} from phase ${from}?`,
          onConfirm: () => start(ctx, { kind: 'install', from }, `install of ${labName(ctx)} from phase ${from}`),
        });
      },
      { when: [idle, resumable] },
    ),
    bind(
      'jobs.cancel',
      ['x'],
      () => {
        const job = runningJob(ctx);
        if (job)
          ctx.openDialog({
            kind: 'confirm',
            title: 'cancel',
            message: `Cancel the running ${job.kind} of lab ${labName(ctx)}?`,
            onConfirm: () => ctx.controller.cancelJob(),
          });
      },
      { when: [running] },
    ),
    bind('jobs.steps', ['enter'], () => ctx.tui.setState({ jobsFocus: 'steps' }), { when: [inJobs] }),
    bind('jobs.back', ['esc'], () => ctx.tui.setState({ jobsFocus: 'jobs' }), {
      when: [inSteps],
      overrides: {
        command: 'app.back',
        reason: 'in the steps list esc first gives the keys back to the jobs list, before it closes or clears anything',
      },
    }),
    bind('steps.down', ['down', 'j'], () => moveStep(1), stepsMove('list.down')),
    bind('steps.up', ['up', 'k'], () => moveStep(-1), stepsMove('list.up')),
    bind('steps.first', ['g'], () => moveStep(-1e9), stepsMove('list.top')),
    bind('steps.last', ['G'], () => moveStep(1e9), stepsMove('list.bottom')),
  ];
}

export const jobsView: ViewDefinition = {
  id: 'jobs',
  title: 'Jobs',
  Component: JobsComponent,
  bindings: (ctx) => [...jobActions(ctx), ...jobsTable.bindings(ctx)],
};
