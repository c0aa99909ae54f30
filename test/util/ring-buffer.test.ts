import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from '../../src/util/ring-buffer.js';

test('holds items oldest first until full', () => {
  const rb = new RingBuffer<number>(3);
  assert.equal(rb.capacity, 3);
  assert.deepEqual(rb.toArray(), []);
  assert.equal(rb.last(), undefined);
  rb.push(1);
  rb.push(2);
  assert.equal(rb.size, 2);
  assert.deepEqual(rb.toArray(), [1, 2]);
  assert.equal(rb.dropped, 0);
  assert.equal(rb.last(), 2);
});

test('overwrites the oldest and counts what it dropped', () => {
  const rb = new RingBuffer<number>(3);
  rb.pushAll([1, 2, 3, 4, 5]);
  assert.equal(rb.size, 3);
  assert.deepEqual(rb.toArray(), [3, 4, 5]);
  assert.deepEqual([...rb], [3, 4, 5]);
  assert.equal(rb.dropped, 2);
  assert.equal(rb.at(0), 3);
  assert.equal(rb.at(-1), 5);
  assert.equal(rb.at(3), undefined);
  assert.deepEqual(rb.tail(2), [4, 5]);
  assert.deepEqual(rb.tail(10), [3, 4, 5]);
  assert.deepEqual(rb.tail(0), []);
});

test('wraps many times and stays consistent', () => {
  const rb = new RingBuffer<number>(7);
  for (let i = 0; i < 1000; i++) rb.push(i);
  assert.deepEqual(rb.toArray(), [993, 994, 995, 996, 997, 998, 999]);
  assert.equal(rb.dropped, 993);
});

test('clear empties and resets the counters', () => {
  const rb = new RingBuffer<string>(2);
  rb.pushAll(['a', 'b', 'c']);
  rb.clear();
  assert.equal(rb.size, 0);
  assert.equal(rb.dropped, 0);
  assert.deepEqual(rb.toArray(), []);
  rb.push('d');
  assert.deepEqual(rb.toArray(), ['d']);
});

test('capacity 1 keeps only the newest', () => {
  const rb = new RingBuffer<number>(1);
  rb.pushAll([1, 2, 3]);
  assert.deepEqual(rb.toArray(), [3]);
  assert.equal(rb.dropped, 2);
});

test('rejects a capacity that is not a positive integer', () => {
  assert.throws(() => new RingBuffer(0), RangeError);
  assert.throws(() => new RingBuffer(1.5), RangeError);
  assert.throws(() => new RingBuffer(-3), RangeError);
});

test('push returns the item it overwrote, if any', () => {
  const rb = new RingBuffer<string>(2);
  assert.equal(rb.push('a'), undefined);
  assert.equal(rb.push('b'), undefined);
  assert.equal(rb.push('c'), 'a');
  assert.equal(rb.push('d'), 'b');
  assert.deepEqual(rb.toArray(), ['c', 'd']);
});
