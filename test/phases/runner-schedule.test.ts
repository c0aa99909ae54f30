// Scheduling: phase order, order within a target, bounded fan-out, barriers, explicit `after`,
// plan validation, recap, fail-fast, failure details, timeouts, idempotent re-run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CommandError,
  definePhase,
  definePlan,
  formatEvent,
  formatRecap,
  nodeTarget,
  clusterTarget,
  PlanError,
  runJob,
  startJob,
  targetsOverlap,
  type StepSpec,
} from '../../src/phases/runner/index.js';
import { buildSyntheticPlan } from '../helpers/synthetic-plan.js';
import { collect, SMALL_PHASES, smallConfig, spans } from './runner-helpers.js';

test('phases run in order; steps of one target stay in order; clusters and nodes fan out', async () => {
  const { plan, lab } = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES, msPerMinute: 5 });
  const { events, listener } = collect();
  const result = await runJob(plan, { concurrency: 8, onEvent: listener });
  assert.equal(result.outcome, 'ok');
  assert.equal(lab.actionsRun.length, 13);
  const s = spans(events);
  const all = [...s.values()];
  // every step of phase n ends before any step of phase n+1 starts
  for (const a of all) for (const b of all) if (a.phase < b.phase) assert.ok(a.end < b.start, 'phase order');
  // within one target, declaration order and no overlap
  const steps = plan.phases.flatMap((p) => p.steps);
  for (let i = 0; i < steps.length; i++)
    for (let j = i + 1; j < steps.length; j++) {
      const a = steps[i];
      const b = steps[j];
      if (!a || !b || a.phase !== b.phase || !targetsOverlap(a.target, b.target)) continue;
      const sa = s.get(a.id);
      const sb = s.get(b.id);
      assert.ok(sa && sb && sa.end < sb.start, `${a.id} before ${b.id}`);
    }
  // fan-out happened: the 5 node steps of phase 1 overlapped
  assert.ok(lab.maxRunning >= 5, `max running ${lab.maxRunning}`);
  // barrier: joins start after their cluster's init ended; ready after all joins of that cluster
  const init = s.get('init/init@cluster:a');
  const ready = s.get('init/ready@cluster:a');
  for (const w of ['a-worker1', 'a-worker2']) {
    const join = s.get(`init/join@${nodeTarget('a', w)}`);
    assert.ok(init && join && ready && init.end < join.start && join.end < ready.start);
  }
  // and clusters ran side by side: b's init started before a's init ended
  const initB = s.get('init/init@cluster:b');
  assert.ok(init && initB && initB.start < init.end, 'clusters in parallel');
});

test('bounded concurrency: never more than 3 at once, and 3 are reached', async () => {
  const { plan, lab } = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES, msPerMinute: 10 });
  let running = 0;
  let max = 0;
  const result = await runJob(plan, {
    concurrency: 3,
    onEvent: (e) => {
      if (e.type === 'step-start') max = Math.max(max, ++running);
      if (e.type === 'step-end' && e.outcome !== 'skipped') running--;
    },
  });
  assert.equal(result.outcome, 'ok');
  assert.equal(max, 3);
  assert.equal(lab.maxRunning, 3);
});

test('concurrency 1 runs strictly one step after another in plan order', async () => {
  const { plan, lab } = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES, msPerMinute: 1 });
  await runJob(plan, { concurrency: 1 });
  assert.equal(lab.maxRunning, 1);
  assert.deepEqual(
    lab.actionsRun,
    plan.phases.flatMap((p) => p.steps.map((x) => x.id)),
  );
});

test('explicit `after` orders steps on unrelated targets', async () => {
  const order: string[] = [];
  const step = (id: string, target: StepSpec['target'], ms: number, after?: string[]): StepSpec => ({
    id,
    title: id,
    target,
    ...(after ? { after } : {}),
    check: async () => false,
    action: async () => {
      await sleep(ms);
      order.push(id);
    },
  });
  const plan = definePlan('install', [
    definePhase(1, 'p', 'P', [step('init', nodeTarget('a', 'm'), 20), step('join', nodeTarget('a', 'w'), 1, ['init'])]),
  ]);
  await runJob(plan, { concurrency: 4 });
  assert.deepEqual(order, ['init', 'join']);
});

test('plan validation: duplicate ids, unknown `after`, cycles, bad targets', () => {
  const s = (id: string, after?: string[]): StepSpec => ({
    id,
    title: id,
    target: clusterTarget('a'),
    ...(after ? { after } : {}),
    check: async () => true,
    action: async () => undefined,
  });
  assert.throws(() => definePlan('install', [definePhase(1, 'p', 'P', [s('x'), s('x')])]), PlanError);
  assert.throws(() => definePlan('install', [definePhase(1, 'p', 'P', [s('x', ['nope'])])]), /not in phase 1/);
  // same target → x before y implicitly; y before x explicitly → cycle
  assert.throws(() => definePlan('install', [definePhase(1, 'p', 'P', [s('x', ['y']), s('y')])]), /cycle/);
  assert.throws(() => definePlan('install', [definePhase(1, 'p', 'P', [{ ...s('x'), target: 'vm:x' as 'lab' }])]), /bad target/);
  assert.throws(() => definePlan('install', [definePhase(1, 'p', 'P', []), definePhase(1, 'q', 'Q', [])]), /twice/);
});

test('re-running a finished plan: every check passes, zero actions, all ok', async () => {
  const { plan, lab } = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES, msPerMinute: 1 });
  const first = await runJob(plan, { concurrency: 4 });
  assert.equal(first.recap.total.changed, 13);
  const before = lab.actionsRun.length;
  const second = await runJob(plan, { concurrency: 4 });
  assert.equal(lab.actionsRun.length, before, 'no action ran');
  assert.deepEqual(second.recap.total, { changed: 0, ok: 13, failed: 0, skipped: 0, cancelled: 0 });
  assert.equal(second.outcome, 'ok');
});

test('fail-fast: the failure carries command and stderr tail; running siblings drain, nothing new starts', async () => {
  const failing = 'prep/prepare@node:a/a-worker1';
  const { plan, lab } = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES, failAt: (id) => id === failing, msPerMinute: 20 });
  const { events, listener } = collect();
  const result = await runJob(plan, { concurrency: 2, onEvent: listener });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.failures.length, 1);
  const f = result.failures[0];
  assert.equal(f?.stepId, failing);
  assert.equal(f?.error.command, 'apt-get install -y prepare');
  assert.equal(f?.error.exitCode, 100);
  assert.deepEqual(f?.error.stderrTail, ['E: Unable to locate package prepare']);
  // concurrency 2: a-master and a-worker1 ran together; a-master drained to `changed`
  assert.deepEqual(lab.actionsRun, ['prep/prepare@node:a/a-master']);
  const ends = events.filter((e) => e.type === 'step-end');
  assert.equal(ends.length, 2, 'no new step started after the failure');
  assert.deepEqual(
    { ...result.recap.total, notRun: result.recap.notRun },
    { changed: 1, ok: 0, failed: 1, skipped: 0, cancelled: 0, notRun: 11 },
  );
  const text = events.flatMap((e) => formatEvent(e)).join('\n');
  assert.match(text, /failed\s+a\/a-worker1 {2}Prepare node/);
  assert.match(text, /command: apt-get install -y prepare \(exit 100\)/);
  assert.match(text, /\| E: Unable to locate package prepare/);
  assert.match(text, /total\s+: changed=1 ok=0 failed=1 skipped=0 not-run=11/);
  // events are plain JSON for --json
  for (const e of events) assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
});

test("fail-fast 'cancel' aborts running siblings", async () => {
  const plan = definePlan('install', [
    definePhase(1, 'p', 'P', [
      {
        id: 'slow',
        title: 'slow',
        target: nodeTarget('a', 'm'),
        check: async () => false,
        action: async (ctx) => void (await sleep(5000, undefined, { signal: ctx.signal })),
      },
      {
        id: 'bad',
        title: 'bad',
        target: nodeTarget('a', 'w'),
        check: async () => false,
        action: async () => Promise.reject(new Error('boom')),
      },
    ]),
  ]);
  const t0 = Date.now();
  const result = await runJob(plan, { failFast: 'cancel' });
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.recap.total.cancelled, 1);
  assert.equal(result.failures[0]?.error.message, 'boom');
});

test('a step timeout fails the step', async () => {
  const plan = definePlan('boot', [
    definePhase(1, 'wait', 'Wait', [
      {
        id: 'w',
        title: 'Wait for nodes',
        target: clusterTarget('a'),
        timeoutMs: 50,
        check: async () => false,
        action: async (ctx) => void (await sleep(5000, undefined, { signal: ctx.signal })),
      },
    ]),
  ]);
  const result = await runJob(plan);
  assert.equal(result.outcome, 'failed');
  assert.match(result.failures[0]?.error.message ?? '', /^Wait for nodes: timed out after 50 ms$/);
});

test('a failing check fails the step; a thrown CommandError keeps its details', async () => {
  const plan = definePlan('install', [
    definePhase(1, 'p', 'P', [
      {
        id: 'c',
        title: 'check throws',
        target: 'lab',
        check: async () => {
          throw new CommandError(
            'kubectl get nodes: exit code 1',
            'kubectl get nodes',
            1,
            'line1\nThe connection to the server was refused\n',
          );
        },
        action: async () => undefined,
      },
    ]),
  ]);
  const result = await runJob(plan);
  assert.equal(result.outcome, 'failed');
  assert.deepEqual(result.failures[0]?.error, {
    message: 'kubectl get nodes: exit code 1',
    command: 'kubectl get nodes',
    exitCode: 1,
    stderrTail: ['line1', 'The connection to the server was refused'],
  });
});

test('recap per target and in total; output lines are redacted', async () => {
  const { plan, lab } = buildSyntheticPlan(smallConfig(), { phases: SMALL_PHASES, msPerMinute: 1 });
  lab.done.add('prep/prepare@node:a/a-master'); // already in shape: ok, not changed
  const job = startJob(
    definePlan('install', [
      ...plan.phases.slice(0, 1),
      definePhase(9, 'secret', 'Secret', [
        { id: 's', title: 's', target: 'lab', check: async () => false, action: async (ctx) => ctx.log('password is admin!') },
      ]),
    ]),
    { secrets: ['admin'] },
  );
  const lines: string[] = [];
  job.on((e) => {
    if (e.type === 'step-output') lines.push(e.line);
  });
  const result = await job.done;
  assert.deepEqual(result.recap.total, { changed: 5, ok: 1, failed: 0, skipped: 0, cancelled: 0 });
  assert.deepEqual(result.recap.byTarget['node:a/a-master'], { changed: 0, ok: 1, failed: 0, skipped: 0, cancelled: 0 });
  assert.ok(lines.includes('password is ***!'));
  assert.ok(!lines.some((l) => l.includes('admin')));
  const recap = formatRecap(result.recap);
  assert.equal(recap.length, 7); // 5 nodes + lab + total
  assert.match(recap[0] ?? '', /^a\/a-master\s+: changed=0 ok=1 failed=0 skipped=0$/);
});
