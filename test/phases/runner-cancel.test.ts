// Cancellation: a step's children (and their children) are killed, closers run, the journal says
// `cancelled`, and the next run resumes at the cancelled step.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clusterTarget,
  definePhase,
  definePlan,
  isPidAlive,
  nodeTarget,
  readJournal,
  runCommand,
  runJob,
  startJob,
  type RunnerEvent,
  type StepContext,
  type StepSpec,
} from '../../src/phases/runner/index.js';
import { tempState } from './runner-helpers.js';

/** Resolves with the first output line matching `re` (its capture groups). */
function waitForLine(job: { on(l: (e: RunnerEvent) => void): () => void }, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve) => {
    const off = job.on((e) => {
      const m = e.type === 'step-output' ? re.exec(e.line) : null;
      if (m) {
        off();
        resolve(m);
      }
    });
  });
}

const doneSteps = new Set<string>();
const quick = (id: string, target: StepSpec['target']): StepSpec => ({
  id,
  title: id,
  target,
  check: async () => doneSteps.has(id),
  action: async () => {
    await sleep(5);
    doneSteps.add(id);
  },
});

test('cancel mid-step: the spawned `sleep 30` is killed, the journal says cancelled, resume re-runs it', async () => {
  const st = tempState();
  try {
    let spawnSleep = true;
    const sleeper: StepSpec = {
      id: 'sleeper',
      title: 'spawns sleep 30',
      target: nodeTarget('a', 'm'),
      check: async () => doneSteps.has('sleeper'),
      action: async (ctx: StepContext) => {
        if (!spawnSleep) return void doneSteps.add('sleeper');
        const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
        ctx.registerChild(child);
        ctx.log(`spawned ${child.pid}`);
        const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
        throw new Error(`sleep ended: ${String(code ?? signal)}`);
      },
    };
    const build = () =>
      definePlan('install', [
        definePhase(1, 'one', 'One', [quick('p1', clusterTarget('a'))]),
        definePhase(2, 'two', 'Two', [sleeper, quick('after', nodeTarget('a', 'm'))]),
        definePhase(3, 'three', 'Three', [quick('p3', clusterTarget('a'))]),
      ]);
    const job = startJob(build(), { journal: st.journal, killGraceMs: 500 });
    const m = await waitForLine(job, /^spawned (\d+)$/);
    const pid = Number(m[1]);
    assert.ok(isPidAlive(pid));
    job.cancel();
    const result = await job.done;
    assert.equal(result.outcome, 'cancelled');
    assert.equal(isPidAlive(pid), false, 'no orphan sleep');
    assert.deepEqual(result.recap.total, { changed: 1, ok: 0, failed: 0, skipped: 0, cancelled: 1 });
    assert.equal(result.recap.notRun, 2);
    const entries = readJournal(st.journal).entries;
    const steps = entries.filter((e) => e.type === 'step');
    assert.deepEqual(
      steps.map((s) => [s.stepId, s.outcome]),
      [
        ['p1', 'changed'],
        ['sleeper', 'cancelled'],
      ],
    );
    const end = entries.at(-1);
    assert.equal(end?.type === 'job-end' && end.outcome, 'cancelled');
    // resume: p1 skipped, sleeper runs again
    spawnSleep = false;
    const again = await runJob(build(), { journal: st.journal });
    assert.equal(again.outcome, 'ok');
    assert.deepEqual(again.recap.total, { changed: 3, ok: 0, failed: 0, skipped: 1, cancelled: 0 });
  } finally {
    st.cleanup();
  }
});

test('cancel kills the whole process group of runCommand children and runs onCancel closers', async () => {
  let closed = 0;
  const plan = definePlan('install', [
    definePhase(1, 'p', 'P', [
      {
        id: 'shell',
        title: 'sh with a background sleep',
        target: nodeTarget('a', 'm'),
        check: async () => false,
        action: async (ctx) =>
          void (await runCommand(ctx, 'sh', ['-c', 'echo "pids $$ $(sleep 30 >/dev/null & echo $!)"; sleep 30 & wait'])),
      },
      {
        id: 'channel',
        title: 'an SSH-like channel',
        target: nodeTarget('a', 'w'),
        check: async () => false,
        action: (ctx) =>
          new Promise<void>((_resolve, reject) => {
            ctx.onCancel(() => {
              closed += 1;
              reject(new Error('channel closed'));
            });
          }),
      },
    ]),
  ]);
  const job = startJob(plan, { killGraceMs: 500 });
  const m = await waitForLine(job, /^pids (\d+) (\d+)$/);
  const pids = [Number(m[1]), Number(m[2])];
  assert.ok(pids.every(isPidAlive));
  job.cancel('x pressed');
  const result = await job.done;
  assert.equal(result.outcome, 'cancelled');
  assert.equal(result.recap.total.cancelled, 2);
  assert.equal(closed, 1);
  for (const pid of pids) assert.equal(isPidAlive(pid), false, `pid ${pid} gone`);
});

test('a child that ignores SIGTERM gets SIGKILL after the grace period', async () => {
  const plan = definePlan('install', [
    definePhase(1, 'p', 'P', [
      {
        id: 'stubborn',
        title: 'ignores TERM',
        target: 'lab',
        check: async () => false,
        action: async (ctx) => void (await runCommand(ctx, 'sh', ['-c', 'trap "" TERM; echo "pid $$"; while :; do sleep 0.05; done'])),
      },
    ]),
  ]);
  const job = startJob(plan, { killGraceMs: 150 });
  const pid = Number((await waitForLine(job, /^pid (\d+)$/))[1]);
  const t0 = Date.now();
  job.cancel();
  const result = await job.done;
  assert.equal(result.outcome, 'cancelled');
  assert.ok(Date.now() - t0 >= 140, 'waited for the grace period');
  assert.equal(isPidAlive(pid), false);
});

test('an action that ignores its signal is abandoned after cancelGraceMs', async () => {
  const plan = definePlan('install', [
    definePhase(1, 'p', 'P', [
      { id: 'deaf', title: 'deaf', target: 'lab', check: async () => false, action: () => sleep(5000, undefined, { ref: false }) },
    ]),
  ]);
  const job = startJob(plan, { cancelGraceMs: 50 });
  await sleep(20);
  const t0 = Date.now();
  job.cancel();
  const result = await job.done;
  assert.ok(Date.now() - t0 < 1000);
  assert.equal(result.outcome, 'cancelled');
});

test('an outside AbortSignal cancels; aborted before start, nothing runs', async () => {
  const ac = new AbortController();
  ac.abort();
  let ran = 0;
  const plan = definePlan('boot', [
    definePhase(1, 'p', 'P', [{ id: 'x', title: 'x', target: 'lab', check: async () => false, action: async () => void ran++ }]),
  ]);
  const result = await runJob(plan, { signal: ac.signal });
  assert.equal(result.outcome, 'cancelled');
  assert.equal(ran, 0);
  assert.equal(result.recap.notRun, 1);
});

test('a child killed by the Ctrl-C that cancels the job counts as cancelled, not failed', async () => {
  // In a terminal, Ctrl-C signals the whole process group: the step's child dies of SIGINT a
  // moment before the runner's own handler cancels the job. That step is cancelled.
  const dies: StepSpec = {
    id: 'clone',
    title: 'Clone the VM',
    target: nodeTarget('dev', 'dev-master'),
    check: async () => false,
    action: async (ctx: StepContext) => {
      await runCommand(ctx, 'sh', ['-c', 'kill -INT $$']);
    },
  };
  const plan = definePlan('install', [definePhase(1, 'p', 'P', [dies])]);
  const job = startJob(plan, {});
  const off = job.on((e) => {
    if (e.type === 'step-output' || e.type === 'step-start') setTimeout(() => job.cancel('cancelled (SIGINT)'), 60);
  });
  const result = await job.done;
  off();
  assert.equal(result.outcome, 'cancelled');
  assert.equal(result.failures.length, 0, JSON.stringify(result.failures));
});

test('a step that fails with no cancel after it is still a failure', async () => {
  const fails: StepSpec = {
    id: 'x',
    title: 'x',
    target: clusterTarget('dev'),
    check: async () => false,
    action: async (ctx: StepContext) => void (await runCommand(ctx, 'sh', ['-c', 'exit 3'])),
  };
  const result = await runJob(definePlan('install', [definePhase(1, 'p', 'P', [fails])]), {});
  assert.equal(result.outcome, 'failed');
  assert.equal(result.failures[0]?.stepId, 'x');
});
