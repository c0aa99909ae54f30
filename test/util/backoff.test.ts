// Exponential backoff (src/util/backoff.ts): growth, the ceiling, jitter bounds, huge attempt counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../src/util/backoff.js';

test('starts at baseMs and doubles per attempt up to maxMs', () => {
  const b = { baseMs: 250, maxMs: 30_000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => backoffDelay(a, b)),
    [250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
  );
  assert.equal(backoffDelay(0, b), 250, 'attempt 0 counts as the first');
});

test('another factor', () => {
  assert.deepEqual(
    [1, 2, 3].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 10_000, factor: 3 })),
    [100, 300, 900],
  );
});

test('jitter spreads the delay within [1-jitter, 1+jitter] of the capped value', () => {
  const b = { baseMs: 1000, maxMs: 4000, jitter: 0.2 };
  assert.equal(backoffDelay(1, { ...b, random: () => 0 }), 800);
  assert.equal(backoffDelay(1, { ...b, random: () => 1 }), 1200);
  assert.equal(backoffDelay(10, { ...b, random: () => 0.5 }), 4000);
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(3, b);
    assert.ok(d >= 3200 && d <= 4800, String(d));
  }
});

test('a huge attempt count gives the ceiling, never Infinity or NaN', () => {
  assert.equal(backoffDelay(5000, { baseMs: 5000, maxMs: 60_000 }), 60_000);
  assert.equal(backoffDelay(5000, { baseMs: 0, maxMs: 60_000 }), 0);
});
