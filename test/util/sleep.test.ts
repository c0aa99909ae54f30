// The one abortable wait (src/util/sleep.ts): quiet on abort by default, rejecting on request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from '../../src/util/sleep.js';

test('waits about the time asked', async () => {
  const started = Date.now();
  await sleep(40);
  assert.ok(Date.now() - started >= 35, `${Date.now() - started} ms`);
});

test('an abort ends the wait early and quietly', async () => {
  const ac = new AbortController();
  const started = Date.now();
  setTimeout(() => ac.abort(new Error('stop')), 20);
  await sleep(5000, ac.signal);
  assert.ok(Date.now() - started < 1000);
});

test('an already aborted signal returns at once', async () => {
  const started = Date.now();
  await sleep(5000, AbortSignal.abort());
  assert.ok(Date.now() - started < 100);
});

test("onAbort: 'reject' rejects with the signal's reason", async () => {
  const ac = new AbortController();
  const reason = new Error('cancelled by the user');
  setTimeout(() => ac.abort(reason), 10);
  await assert.rejects(sleep(5000, ac.signal, { onAbort: 'reject' }), (err) => err === reason);
  await assert.rejects(sleep(10, AbortSignal.abort(reason), { onAbort: 'reject' }), (err) => err === reason);
});

test('a finished wait leaves no abort listener behind', async () => {
  const ac = new AbortController();
  let listeners = 0;
  const add = ac.signal.addEventListener.bind(ac.signal);
  const remove = ac.signal.removeEventListener.bind(ac.signal);
  ac.signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
  ac.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (listeners--, remove(...args))) as typeof remove;
  for (let i = 0; i < 5; i++) await sleep(1, ac.signal);
  assert.equal(listeners, 0);
});
