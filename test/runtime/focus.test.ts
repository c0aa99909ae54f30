// What is polled at the interval follows the screen: the view, an open inspection, a running job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demandOf } from '../../src/runtime/focus.js';
import { createLabStore } from '../../src/store/store.js';
import { makeJobs } from '../helpers/lab-data.js';
import type { PaneState, ViewId } from '../../src/store/types.js';

const ui = (view: ViewId, pane: PaneState = { kind: 'none' }) => ({ ...createLabStore().getState().ui, view, pane });

test('each view polls what it shows; the clusters view needs only the watches and alerts', () => {
  assert.deepEqual(demandOf({ ui: ui('clusters'), jobs: [] }), { tart: false, ssh: false, kube: false, flows: false });
  assert.deepEqual(demandOf({ ui: ui('vms'), jobs: [] }), { tart: true, ssh: true, kube: false, flows: false });
  assert.deepEqual(demandOf({ ui: ui('pods'), jobs: [] }), { tart: false, ssh: false, kube: true, flows: false });
  assert.deepEqual(demandOf({ ui: ui('nodes'), jobs: [] }), { tart: false, ssh: false, kube: true, flows: false });
  assert.deepEqual(demandOf({ ui: ui('flows'), jobs: [] }), { tart: false, ssh: false, kube: false, flows: true });
});

test('inspecting a node or tailing its journal wants tart, SSH and usage fresh; a running job wants everything', () => {
  assert.deepEqual(demandOf({ ui: ui('nodes', { kind: 'inspect', node: 'dev-master' }), jobs: [] }), {
    tart: true,
    ssh: true,
    kube: true,
    flows: false,
  });
  assert.deepEqual(demandOf({ ui: ui('vms', { kind: 'journal', node: 'dev-master' }), jobs: [] }), {
    tart: true,
    ssh: true,
    kube: true,
    flows: false,
  });
  const running = makeJobs().map((j, i) => (i === 0 ? { ...j, state: 'running' as const } : j));
  assert.deepEqual(demandOf({ ui: ui('jobs'), jobs: running }), { tart: true, ssh: true, kube: true, flows: false });
});

test('a source polled less often is stale only after three of its own intervals', async () => {
  const { isStale } = await import('../../src/store/selectors.js');
  assert.equal(isStale({ lastSuccess: 0, failures: 0 }, 20_000), true, 'the 15 s floor for 5 s sources');
  assert.equal(isStale({ lastSuccess: 0, failures: 0, expectEveryMs: 30_000 }, 20_000), false);
  assert.equal(isStale({ lastSuccess: 0, failures: 0, expectEveryMs: 30_000 }, 95_000), true);
  assert.equal(isStale({ lastSuccess: 0, failures: 1, expectEveryMs: 30_000 }, 1), true, 'a failure is stale at once');
});
