// The tests' one "wait until" (test/helpers/wait.ts): resolves with the probe's value, polls
// async probes, fails with what was awaited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../helpers/wait.js';

test('resolves with the first truthy value', async () => {
  let n = 0;
  const value = await waitFor(() => (++n >= 3 ? { n } : undefined), { intervalMs: 5 });
  assert.deepEqual(value, { n: 3 });
});

test('awaits async probes', async () => {
  let n = 0;
  assert.equal(await waitFor(async () => ++n === 2, { intervalMs: 5 }), true);
});

test('times out with the message, asked at the time when it is a function', async () => {
  let state = 'starting';
  setTimeout(() => (state = 'stuck'), 10);
  await assert.rejects(
    waitFor(() => false, { timeoutMs: 60, intervalMs: 5, message: 'the pod' }),
    /timed out after 60 ms waiting for the pod/,
  );
  await assert.rejects(
    waitFor(() => false, { timeoutMs: 60, intervalMs: 5, message: () => `ready (state ${state})` }),
    /waiting for ready \(state stuck\)/,
  );
});

test('an error thrown by the probe ends the wait with it', async () => {
  await assert.rejects(
    waitFor(() => {
      throw new Error('exited');
    }),
    /exited/,
  );
});
