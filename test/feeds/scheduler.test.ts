// The polling scheduler: intervals, no overlap, independence, backoff, freshness hooks, stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PollScheduler, nextRunDelay, pollOnce } from '../../src/feeds/scheduler.js';

test('nextRunDelay doubles per failure up to the ceiling', () => {
  assert.equal(nextRunDelay(5000, 0, 60_000), 5000);
  assert.equal(nextRunDelay(5000, 1, 60_000), 10_000);
  assert.equal(nextRunDelay(5000, 3, 60_000), 40_000);
  assert.equal(nextRunDelay(5000, 10, 60_000), 60_000);
});

test('a source runs at once, then every interval, and reports success', async () => {
  const successes: string[] = [];
  const s = new PollScheduler({ onSuccess: (id) => successes.push(id) });
  let runs = 0;
  s.add({ id: 'tart', intervalMs: 20, run: async () => void runs++ });
  s.start();
  await sleep(110);
  await s.stop();
  assert.ok(runs >= 3 && runs <= 7, `ran ${runs} times`);
  assert.equal(successes.length, runs);
});

test('a slow run never overlaps the next run of the same source', async () => {
  const s = new PollScheduler();
  let concurrent = 0;
  let maxConcurrent = 0;
  let runs = 0;
  s.add({
    id: 'slow',
    intervalMs: 1,
    run: async () => {
      concurrent++;
      runs++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await sleep(30);
      concurrent--;
    },
  });
  s.start();
  s.trigger('slow'); // ignored while running
  await sleep(100);
  await s.stop();
  assert.equal(maxConcurrent, 1);
  assert.ok(runs >= 2);
});

test('a failing source backs off, reports each error, and does not delay another source', async () => {
  const errors: string[] = [];
  const s = new PollScheduler({ onError: (id, err) => errors.push(`${id}: ${(err as Error).message}`), maxBackoffMs: 1000 });
  let good = 0;
  let bad = 0;
  s.add({ id: 'good', intervalMs: 10, run: async () => void good++ });
  s.add({
    id: 'bad',
    intervalMs: 10,
    run: async () => {
      bad++;
      throw new Error('connection refused');
    },
  });
  s.start();
  await sleep(160);
  await s.stop();
  // bad: runs at 0, +20, +60, +140 … (10·2^n); good keeps its pace.
  assert.ok(bad >= 2 && bad <= 5, `bad ran ${bad} times`);
  assert.ok(good >= 8, `good ran ${good} times`);
  assert.equal(errors[0], 'bad: connection refused');
  assert.equal(s.stats('bad')?.failures, bad);
});

test('a hung run is aborted after runTimeoutMs and counted as a failure', async () => {
  const errors: unknown[] = [];
  const s = new PollScheduler({ runTimeoutMs: 30, onError: (_id, e) => errors.push(e) });
  s.add({
    id: 'hung',
    intervalMs: 1000,
    run: (signal) => new Promise((_r, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
  });
  s.start();
  await sleep(80);
  await s.stop();
  assert.match(String((errors[0] as Error).message), /hung took longer than 30 ms/);
});

test('stop aborts in-flight runs, waits for them, and runs nothing afterwards', async () => {
  const s = new PollScheduler();
  let aborted = false;
  let runs = 0;
  s.add({
    id: 'watch',
    intervalMs: 5,
    run: (signal) =>
      new Promise<void>((resolve) => {
        runs++;
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        });
      }),
  });
  s.start();
  await sleep(20);
  await s.stop();
  assert.ok(aborted);
  const after = runs;
  await sleep(30);
  assert.equal(runs, after);
});

test('pollOnce runs every source and collects failures (allSettled)', async () => {
  const results = await pollOnce(
    [
      { id: 'a', intervalMs: 1, run: async () => undefined },
      { id: 'b', intervalMs: 1, run: async () => Promise.reject(new Error('down')) },
      { id: 'c', intervalMs: 1, run: async () => undefined },
    ],
    new AbortController().signal,
  );
  assert.deepEqual(
    results.map((r) => [r.id, r.ok]),
    [
      ['a', true],
      ['b', false],
      ['c', true],
    ],
  );
});

test('retime: a longer interval slows a source down; a shorter one runs it at once', async () => {
  const s = new PollScheduler();
  const runs: number[] = [];
  s.add({ id: 'ssh', intervalMs: 20, run: async () => void runs.push(Date.now()) });
  s.start();
  await sleep(70);
  s.retime('ssh', 10_000);
  await sleep(60); // at most the run already scheduled
  const slowed = runs.length;
  await sleep(150);
  assert.equal(runs.length, slowed, 'no run at the longer interval yet');
  assert.equal(s.intervalOf('ssh'), 10_000);
  const before = runs.length;
  s.retime('ssh', 20);
  await sleep(10);
  assert.equal(runs.length, before + 1, 'runs at once when it is wanted sooner');
  await s.stop();
});
