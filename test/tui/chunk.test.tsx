// Keys that arrive in one chunk (typed faster than a frame, or pasted) act one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/app/App.js';
import { createLabStore } from '../../src/store/store.js';
import { loadConfig } from '../../src/config/load.js';
import { computeBudget, hostFromSpec } from '../../src/config/budget.js';
import { ENTER, tick } from '../helpers/ink.js';

test('":pods" in one chunk then enter switches to the pods view', async () => {
  const config = loadConfig('config/clusters.json');
  const store = createLabStore();
  store.getState().setConfig(config, 'c', computeBudget(config, hostFromSpec({ cores: 16, memory_gb: 128 }, 'command line')));
  const ui = render(<App store={store} dataFrameMs={20} size={{ columns: 120, rows: 40 }} />);
  await tick(50);
  ui.stdin.write(':pods');
  await tick();
  ui.stdin.write(ENTER);
  await tick();
  assert.equal(store.getState().ui.view, 'pods');
  ui.stdin.write(':vms\r');
  await tick();
  assert.equal(store.getState().ui.view, 'vms');
  ui.stdin.write(':pods\r');
  await tick();
  assert.equal(store.getState().ui.view, 'pods');
  ui.stdin.write('3');
  await tick();
  ui.stdin.write('?0');
  await tick();
  assert.equal(store.getState().ui.helpOpen, true);
  ui.unmount();
});
