// Redraws follow what the screen shows, not every store change: on the clusters view a poll that
// only stamps freshness, or a pod change that leaves the counts as they were, draws nothing; a
// change the header or the table prints draws one frame; a source turning stale with time alone
// is drawn at the next clock check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/app/App.js';
import { stripAnsi, tick } from '../helpers/ink.js';
import { NOW, filledStore } from '../helpers/lab-data.js';
import { STALE_AFTER_MS } from '../../src/store/selectors.js';
import { headerDigest } from '../../src/app/screen-slices.js';

function setup() {
  const store = filledStore(300, { view: 'clusters' });
  let now = NOW;
  const ui = render(<App store={store} dataFrameMs={20} size={{ columns: 120, rows: 40 }} now={() => now} />);
  return { store, ui, setNow: (t: number) => (now = t), frames: () => ui.frames.length, frame: () => stripAnsi(ui.lastFrame() ?? '') };
}

test('a poll that changes nothing visible draws no frame; a visible change draws one', async () => {
  const { store, ui, frames, frame } = setup();
  await tick(100);
  const before = frames();
  for (let i = 0; i < 5; i++) {
    store.getState().recordSuccess('kube:dev', NOW + i);
    store.getState().recordSuccess('tart', NOW + i);
    await tick(40);
  }
  // A pod that changes restarts only: the clusters view prints counts by state, not restarts.
  const pod = Object.values(store.getState().clusters.dev!.pods)[0]!;
  store.getState().applyPodEvents('dev', [{ type: 'upsert', object: { ...pod, restarts: pod.restarts + 7 } }]);
  await tick(100);
  assert.equal(frames(), before, 'no frame for invisible changes');

  store.getState().setClusterVersion('dev', 'v1.31.9');
  await tick(100);
  assert.ok(frames() > before, 'a new version is drawn');
  assert.match(frame(), /dev\s+dev\s+\S+\s+v1\.31\.9/);
  ui.unmount();
});

test('a source that turns stale with time alone is part of what the header shows', () => {
  const store = filledStore(10, { view: 'clusters' });
  store.getState().recordSuccess('kube:dev', NOW);
  const fresh = headerDigest(store.getState(), NOW + 1000);
  const later = headerDigest(store.getState(), NOW + STALE_AFTER_MS + 1000);
  assert.notEqual(fresh, later);
  assert.match(later, /kube:dev/);
});
