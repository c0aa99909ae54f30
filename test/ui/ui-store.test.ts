// The UI store is per TUI: each has its own render memory, and the pods view's order kept there
// gives the same rows whichever store asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTuiStore } from '../../src/ui/ui-store.js';
import { podsBase } from '../../src/views/PodsView.js';
import { filledStore } from '../helpers/lab-data.js';

test('two UI stores never share their render memory', () => {
  const a = createTuiStore().getState().memory;
  const b = createTuiStore().getState().memory;
  a.lastIndex.pods = 7;
  a.inspectWidth = 120;
  assert.equal(b.lastIndex.pods, undefined);
  assert.equal(b.inspectWidth, 80);
  assert.notEqual(a.podOrder, b.podOrder);
});

test('the pods order lives in the asking store and is reused while the pod maps stay', () => {
  const state = filledStore(60).getState();
  const one = createTuiStore().getState();
  const two = createTuiStore().getState();
  const rows = podsBase(state, one);
  assert.equal(rows.length, 60);
  assert.equal(podsBase(state, one), rows, 'same inputs, same array');
  assert.deepEqual(
    podsBase(state, two).map((p) => p.uid),
    rows.map((p) => p.uid),
    'another store sorts the same way',
  );
  assert.equal(one.memory.podOrder.lastByCluster.size, two.memory.podOrder.lastByCluster.size);
  const dev = state.clusters.dev!.pods;
  assert.ok(one.memory.podOrder.byMap.has(dev), 'the dev order is kept in the store that asked');
});
