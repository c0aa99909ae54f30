// Kubernetes quantities (src/util/quantity.ts) per apimachinery's grammar: every suffix, signs,
// exponents, fractions, and what is not a quantity.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuantity } from '../../src/util/quantity.js';

test('decimal SI suffixes n u m "" k M G T P E', () => {
  assert.equal(parseQuantity('5n', -9), 5);
  assert.equal(parseQuantity('5u', -6), 5);
  assert.equal(parseQuantity('100m', -3), 100);
  assert.equal(parseQuantity('2'), 2);
  assert.equal(parseQuantity('1k'), 1e3);
  assert.equal(parseQuantity('1M'), 1e6);
  assert.equal(parseQuantity('1G'), 1e9);
  assert.equal(parseQuantity('1T'), 1e12);
  assert.equal(parseQuantity('1P'), 1e15);
  assert.equal(parseQuantity('1E'), 1e18);
});

test('binary SI suffixes Ki Mi Gi Ti Pi Ei', () => {
  assert.equal(parseQuantity('1Ki'), 1024);
  assert.equal(parseQuantity('512Mi'), 512 * 2 ** 20);
  assert.equal(parseQuantity('2Gi'), 2 * 2 ** 30);
  assert.equal(parseQuantity('1Ti'), 2 ** 40);
  assert.equal(parseQuantity('1Pi'), 2 ** 50);
  assert.equal(parseQuantity('1Ei'), 2 ** 60);
  assert.equal(parseQuantity('1.5Gi'), 1.5 * 2 ** 30);
});

test('decimal exponents, either case, signed', () => {
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('1E3'), 1000);
  assert.equal(parseQuantity('12e-3', -3), 12);
  assert.equal(parseQuantity('1.5e+2'), 150);
});

test('numbers: fractions, a trailing or leading point, signs', () => {
  assert.equal(parseQuantity('1.5'), 1.5);
  assert.equal(parseQuantity('1.5', -3), 1500);
  assert.equal(parseQuantity('.5'), 0.5);
  assert.equal(parseQuantity('1.'), 1);
  assert.equal(parseQuantity('+3'), 3);
  assert.equal(parseQuantity('-250m', -3), -250);
  assert.ok(Object.is(parseQuantity('-0'), 0), 'no negative zero');
});

test('a scale reads the value exactly where the float product would not', () => {
  assert.notEqual(Number('1.005') * 1000, 1005, 'the naive way is off');
  assert.equal(parseQuantity('1.005', -3), 1005);
  assert.equal(parseQuantity('1.001', -3), 1001);
  assert.equal(parseQuantity('12345678n', -3), 12.345678);
  assert.equal(parseQuantity('1500000n', -3), 1.5);
});

test('not quantities: undefined', () => {
  for (const text of ['', ' 1', '1 ', 'abc', '1K', '1e', '1e1.5', '1.5.0', 'Mi', '1mi', '1KiB', '.', '--1', '1Mi2', '0x10']) {
    assert.equal(parseQuantity(text), undefined, JSON.stringify(text));
  }
});
