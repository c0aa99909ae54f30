// Batch-then-flush (src/util/batcher.ts): one hand-over per batch, on the timer, when full, or on demand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as wait } from 'node:timers/promises';
import { Batcher } from '../../src/util/batcher.js';

test('items pushed close together are handed over once, a delay after the first', async () => {
  const batches: number[][] = [];
  const b = new Batcher<number>({ delayMs: 30, onFlush: (items) => batches.push(items) });
  b.push(1);
  b.push(2);
  b.pushAll([3, 4]);
  assert.equal(b.size, 4);
  assert.deepEqual(batches, [], 'nothing before the delay');
  await wait(80);
  assert.deepEqual(batches, [[1, 2, 3, 4]]);
  assert.equal(b.size, 0);
  b.push(5);
  await wait(80);
  assert.deepEqual(batches, [[1, 2, 3, 4], [5]], 'the next item starts a new batch');
});

test('a full batch is flushed at once', () => {
  const batches: string[][] = [];
  const b = new Batcher<string>({ delayMs: 10_000, maxItems: 3, onFlush: (items) => batches.push(items) });
  b.push('a');
  b.push('b');
  b.push('c');
  assert.deepEqual(batches, [['a', 'b', 'c']]);
  b.pushAll(['d', 'e', 'f', 'g']);
  assert.deepEqual(batches[1], ['d', 'e', 'f', 'g'], 'pushAll flushes the whole batch, not cut at maxItems');
  b.clear();
});

test('flush hands over now and cancels the timer; an empty flush calls nothing', async () => {
  const batches: number[][] = [];
  const b = new Batcher<number>({ delayMs: 20, onFlush: (items) => batches.push(items) });
  b.flush();
  assert.deepEqual(batches, []);
  b.push(1);
  b.flush();
  assert.deepEqual(batches, [[1]]);
  await wait(50);
  assert.deepEqual(batches, [[1]], 'the cancelled timer does not flush again');
});

test('clear drops what is pending', async () => {
  const batches: number[][] = [];
  const b = new Batcher<number>({ delayMs: 10, onFlush: (items) => batches.push(items) });
  b.pushAll([1, 2]);
  b.clear();
  await wait(40);
  assert.deepEqual(batches, []);
  assert.equal(b.size, 0);
});

test('items pushed from inside onFlush start the next batch', async () => {
  const batches: number[][] = [];
  const b: Batcher<number> = new Batcher<number>({
    delayMs: 10,
    onFlush: (items) => {
      batches.push(items);
      if (items[0] === 1) b.push(2);
    },
  });
  b.push(1);
  await wait(60);
  assert.deepEqual(batches, [[1], [2]]);
});
