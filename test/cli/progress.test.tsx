// The live view of the CLI phase commands, fed runner events: the bar counts finished steps, the
// running steps show with their target and last output line, finished steps go to the static
// part above as the very lines the plain output prints, the live area never outgrows the
// terminal and follows a resize, and once the job ends only the lines and the recap remain.
import React from 'react';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { render as inkRender } from 'ink';
import { render } from 'ink-testing-library';
import { LiveProgress } from '../../src/cli/progress/LiveProgress.js';
import { LiveStore } from '../../src/cli/progress/store.js';
import { reduceLive, initialLiveState } from '../../src/cli/progress/model.js';
import { elapsed } from '../../src/components/format.js';
import { estimateRemaining, type StepHistory } from '../../src/phases/runner/estimate.js';
import { formatEvent, startJob, targetLabel, type JobStartEvent, type RunnerEvent, type Target } from '../../src/phases/runner/index.js';
import { buildSyntheticPlan } from '../helpers/synthetic-plan.js';
import { stripAnsi, tick } from '../helpers/ink.js';
import { waitFor } from '../helpers/wait.js';
import { SMALL_PHASES, smallConfig } from '../phases/runner-helpers.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const NO_HISTORY: StepHistory = { medians: new Map(), fallback: undefined };
const JOB = 'install-test';

const STEPS: { id: string; title: string; target: Target }[] = [
  { id: 'create-vms/clone@node:a/a-master', title: 'Clone the VM', target: 'node:a/a-master' },
  { id: 'create-vms/clone@node:a/a-worker1', title: 'Clone the VM', target: 'node:a/a-worker1' },
  { id: 'create-vms/clone@node:b/b-master', title: 'Clone the VM', target: 'node:b/b-master' },
  { id: 'create-vms/clone@node:b/b-worker1', title: 'Clone the VM', target: 'node:b/b-worker1' },
  { id: 'create-vms/clone@node:b/b-worker2', title: 'Clone the VM', target: 'node:b/b-worker2' },
];
const INIT = { id: 'init/init@cluster:a', title: 'kubeadm init', target: 'cluster:a' as Target };

const jobStart: JobStartEvent = {
  type: 'job-start',
  jobId: JOB,
  kind: 'install',
  at: iso(T0),
  concurrency: 6,
  resumed: [],
  plan: {
    phases: [
      { number: 1, name: 'create-vms', title: 'Create the VMs', steps: STEPS },
      { number: 2, name: 'init-clusters', title: 'kubeadm init and join', steps: [INIT] },
    ],
  },
};

const stepStart = (s: (typeof STEPS)[number], at: number): RunnerEvent => ({
  type: 'step-start',
  jobId: JOB,
  at: iso(at),
  phase: 1,
  stepId: s.id,
  title: s.title,
  target: s.target,
});
const output = (s: (typeof STEPS)[number], line: string): RunnerEvent => ({
  type: 'step-output',
  jobId: JOB,
  at: iso(T0),
  phase: 1,
  stepId: s.id,
  target: s.target,
  stream: 'stdout',
  line,
});
const stepEnd = (s: (typeof STEPS)[number], start: number, ms: number): RunnerEvent => ({
  type: 'step-end',
  jobId: JOB,
  at: iso(start + ms),
  phase: 1,
  stepId: s.id,
  title: s.title,
  target: s.target,
  outcome: 'changed',
  startedAt: iso(start),
  durationMs: ms,
});

/** The job so far: 2 of 6 steps finished, 3 running, one with an output line. */
function midJob(): RunnerEvent[] {
  const [s0, s1, s2, s3] = STEPS as [(typeof STEPS)[number], (typeof STEPS)[number], (typeof STEPS)[number], (typeof STEPS)[number]];
  return [
    jobStart,
    { type: 'phase-start', jobId: JOB, at: iso(T0), phase: 1, name: 'create-vms', title: 'Create the VMs', steps: STEPS.length },
    stepStart(s0, T0),
    stepStart(s1, T0),
    stepStart(s2, T0 + 1000),
    output(s0, 'tart clone ghcr.io/cirruslabs/ubuntu:latest a-master'),
    stepEnd(s1, T0, 5000),
    stepStart(s3, T0 + 5000),
    stepEnd(s2, T0 + 1000, 7500),
  ];
}

async function waitForFrame(frame: () => string, pattern: RegExp, timeoutMs = 3000): Promise<string> {
  await waitFor(() => pattern.test(frame()), { timeoutMs, intervalMs: 10, message: () => `${pattern} in:\n${frame()}` });
  return frame();
}

/** A terminal of a given size for Ink: records what is written, can be resized. */
class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (s: string): boolean => {
    this.frames.push(s);
    return true;
  };
  lastFrame = (): string => stripAnsi(this.frames.at(-1) ?? '');
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

function mountOn(term: FakeTerminal, store: LiveStore, history: StepHistory, now: () => number) {
  const stdin = Object.assign(new Readable({ read: () => undefined }), { isTTY: false }) as unknown as NodeJS.ReadStream;
  return inkRender(<LiveProgress store={store} history={history} now={now} />, {
    stdout: term as unknown as NodeJS.WriteStream,
    stdin,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
}

test('mid-job: the bar counts finished steps, running steps show with target and output, finished ones print above', async (t) => {
  const store = new LiveStore(0);
  const ui = render(<LiveProgress store={store} history={NO_HISTORY} now={() => T0 + 65_000} />);
  t.after(() => ui.unmount());
  const frame = (): string => stripAnsi(ui.lastFrame() ?? '');
  const events = midJob();
  for (const e of events) store.push(e);
  const screen = await waitForFrame(frame, /steps ·/);
  const lines = screen.split('\n');
  const barAt = lines.findIndex((l) => /\d+\/\d+ steps ·/.test(l));
  const finished = events.filter((e) => e.type === 'step-end').length;
  assert.match(
    lines[barAt] ?? '',
    new RegExp(`${finished}/${STEPS.length + 1} steps · elapsed ${elapsed(65_000)} · time left: estimate after the first install`),
  );
  assert.equal(barAt, lines.length - 1, 'the bar is the bottom line');
  assert.ok(lines.includes('phase 1 of 2: Create the VMs'), screen);
  // the running steps: a spinner, the target, the title, the last output line
  const running = events.filter(
    (e): e is Extract<RunnerEvent, { type: 'step-start' }> =>
      e.type === 'step-start' && !events.some((x) => x.type === 'step-end' && x.stepId === e.stepId),
  );
  for (const r of running)
    assert.ok(
      lines.some((l) => l.includes(targetLabel(r.target)) && l.includes(r.title) && !l.includes('changed')),
      `${r.stepId} runs:\n${screen}`,
    );
  assert.match(screen, /^ [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] a\/a-master .*│ tart clone ghcr\.io\/cirruslabs\/ubuntu:latest a-master/m);
  // what the plain output prints is the static part, above the live area, in order
  const printed = events.flatMap((e) => formatEvent(e));
  assert.deepEqual(lines.slice(0, printed.length), printed);
  const phaseAt = lines.indexOf('phase 1 of 2: Create the VMs');
  assert.ok(phaseAt >= printed.length, 'the live area is below the printed lines');
  for (const done of events.filter((e) => e.type === 'step-end'))
    assert.ok(!lines.slice(phaseAt).some((l) => l.includes(targetLabel(done.target))), 'a finished step left the live area');
});

test('with a history the bar line gives the time left the estimate computes', async (t) => {
  const history: StepHistory = { medians: new Map(STEPS.map((s, i) => [s.id, (i + 2) * 10_000])), fallback: 30_000 };
  const now = T0 + 8_500;
  const store = new LiveStore(0);
  const ui = render(<LiveProgress store={store} history={history} now={() => now} />);
  t.after(() => ui.unmount());
  const frame = (): string => stripAnsi(ui.lastFrame() ?? '');
  const events = midJob();
  for (const e of events) store.push(e);
  const state = events.reduce(reduceLive, initialLiveState);
  assert.ok(state.progress);
  const est = estimateRemaining(state.progress, history, jobStart.concurrency, now);
  assert.ok(est && est.ms > 0);
  // INIT never ran before: its time is guessed, and the line says so
  const screen = await waitForFrame(frame, /left/);
  assert.ok(screen.includes(`~${elapsed(est.ms)} left (1 of ${est.steps} steps not timed before)`), screen);
});

test('a small terminal: the live area stays shorter than the screen and no line is wider; a resize redraws to the new width', async (t) => {
  const term = new FakeTerminal(100, 6);
  const store = new LiveStore(0);
  const ink = mountOn(term, store, NO_HISTORY, () => T0 + 9000);
  t.after(() => ink.unmount());
  const [s0, , , , s4] = STEPS as [
    (typeof STEPS)[number],
    (typeof STEPS)[number],
    (typeof STEPS)[number],
    (typeof STEPS)[number],
    (typeof STEPS)[number],
  ];
  const events = [...midJob(), stepStart(s4, T0 + 8000), output(s0, `a very long output line ${'x'.repeat(200)}`)];
  for (const e of events) store.push(e);
  const printed = events.flatMap((e) => formatEvent(e)).length;
  const liveLines = (): string[] =>
    term
      .lastFrame()
      .split('\n')
      .slice(printed)
      .filter((l) => l !== '');
  const until = async (ok: (lines: string[]) => boolean): Promise<string[]> => {
    await waitFor(() => ok(liveLines()), {
      timeoutMs: 3000,
      intervalMs: 10,
      message: () => `the live area; it shows:\n${liveLines().join('\n')}`,
    });
    return liveLines();
  };
  const wide = await until((ls) => ls.some((l) => /steps ·/.test(l)));
  // 3 running steps, 6 rows: the phase line, 2 rows for steps (1 and "… 2 more"), the bar
  assert.ok(wide.length <= term.rows - 2, wide.join('\n'));
  assert.ok(
    wide.some((l) => /… 2 more running/.test(l)),
    wide.join('\n'),
  );
  for (const l of wide) assert.ok(l.length < 100, `${l.length}: ${l}`);
  assert.ok(
    wide.some((l) => l.includes('a very long output line x') && l.endsWith('…')),
    'the output line is cut, not dropped',
  );
  term.resize(50, 6);
  const narrow = await until((ls) => ls.some((l) => /steps ·/.test(l)) && ls.every((l) => l.length < 50));
  assert.ok(
    narrow.some((l) => l.includes('a/a-master')),
    narrow.join('\n'),
  );
});

test('a real job to its end: the static part is exactly the plain output, recap included, and the live area is gone', async (t) => {
  const { plan } = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES, msPerMinute: 40 });
  const store = new LiveStore();
  const ui = render(<LiveProgress store={store} history={NO_HISTORY} />);
  t.after(() => ui.unmount());
  const frame = (): string => stripAnsi(ui.lastFrame() ?? '');
  const plain: string[] = [];
  const job = startJob(plan, {
    concurrency: 3,
    onEvent: (e) => {
      plain.push(...formatEvent(e));
      store.push(e);
    },
  });
  let ended = false;
  void job.done.finally(() => (ended = true));
  let sawLive = false;
  while (!ended) {
    if (/\d+\/\d+ steps ·/.test(frame()) && /phase \d of 3: /.test(frame())) sawLive = true;
    await tick(5);
  }
  assert.equal((await job.done).outcome, 'ok');
  assert.ok(sawLive, 'the live area showed while the job ran');
  const screen = await waitForFrame(frame, /RECAP[\s\S]*install ok after/);
  assert.doesNotMatch(screen, /steps ·|phase \d+ of \d+/, 'no live area left');
  // <Static> prints an empty line as one space; otherwise the lines are the plain output's
  assert.deepEqual(
    screen
      .trimEnd()
      .split('\n')
      .map((l) => l.trimEnd()),
    plain,
  );
});
