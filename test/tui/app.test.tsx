// The app shell in ink-testing-library: header, footer, help, command mode, filter, scope, and
// the frame invariant at three terminal sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/app/App.js';
import { createLabStore } from '../../src/store/store.js';
import { loadConfig } from '../../src/config/load.js';
import { computeBudget, hostFromSpec } from '../../src/config/budget.js';
import { ESC, ENTER, TAB, frameFits, stripAnsi, tick } from '../helpers/ink.js';
import { VIEW_IDS } from '../../src/store/types.js';
import { createTuiStore } from '../../src/ui/ui-store.js';
import { FakeController } from '../helpers/fake-controller.js';
import { NOW, filledStore } from '../helpers/lab-data.js';

const config = loadConfig('config/clusters.json');

function setup(size = { columns: 120, rows: 40 }, readonly = false) {
  const store = createLabStore({ readonly });
  store
    .getState()
    .setConfig(config, 'config/clusters.json', computeBudget(config, hostFromSpec({ cores: 16, memory_gb: 128 }, 'command line')));
  const ui = render(<App store={store} dataFrameMs={20} size={size} now={() => 1_000_000} />);
  return { store, ui, frame: () => stripAnsi(ui.lastFrame() ?? '') };
}

test('startup: header with every cluster, the clusters view with the budget, footer key hints', () => {
  const { ui, frame } = setup();
  assert.match(frame(), /k8slab\s+1:platform 0\/0 2:dev 0\/0 3:staging 0\/0 4:prod 0\/0\s+no alerts/);
  assert.match(frame(), /platform\s+platform\s+0\/3 .*10\.10\.0\.0\/16\s+10\.96\.0\.0\/16\s+7\s+24 GB/);
  assert.match(frame(), /vCPU 21 \/ 16 = 1\.31x overcommit\s+RAM 67\.5 GB allocated, 60\.5 GB left/);
  assert.match(frame(), /<\?> help\s+<:> command\s+<\/> filter/);
  ui.unmount();
});

test('? opens the help overlay listing the view and global bindings; esc closes it', async () => {
  const { ui, frame } = setup();
  await tick(); // the input hook subscribes after the first render
  ui.stdin.write('?');
  await tick();
  assert.match(frame(), /Clusters view/);
  assert.match(frame(), /everywhere/);
  assert.match(frame(), /q\s+quit/);
  assert.match(frame(), /Clusters view/);
  ui.stdin.write(ESC);
  await tick(80);
  assert.doesNotMatch(frame(), /everywhere/);
  ui.unmount();
});

test(': command mode completes with tab and switches views; :ctx scopes; unknown commands are flagged', async () => {
  const { store, ui, frame } = setup();
  await tick();
  ui.stdin.write(':');
  await tick();
  ui.stdin.write('po');
  await tick();
  assert.match(frame(), /:po.*ds/, 'the completion is shown');
  ui.stdin.write(TAB);
  await tick();
  ui.stdin.write(ENTER);
  await tick();
  assert.equal(store.getState().ui.view, 'pods');
  ui.stdin.write(':');
  await tick();
  ui.stdin.write('ctx dev');
  await tick();
  ui.stdin.write(ENTER);
  await tick();
  assert.equal(store.getState().ui.scope, 'dev');
  ui.stdin.write(':');
  await tick();
  ui.stdin.write('nope');
  await tick();
  ui.stdin.write(ENTER);
  await tick();
  assert.match(frame(), /unknown command ":nope"/);
  ui.unmount();
});

test('/ edits the live filter of the current view; esc clears it', async () => {
  const { store, ui } = setup();
  await tick();
  ui.stdin.write('/');
  await tick();
  ui.stdin.write('ngi');
  await tick();
  assert.equal(store.getState().ui.filter.clusters, 'ngi');
  ui.stdin.write(ESC);
  await tick(80);
  assert.equal(store.getState().ui.filter.clusters, '');
  ui.unmount();
});

test('1-4 scope to one cluster and 0 returns to the lab', async () => {
  const { store, ui } = setup();
  await tick();
  ui.stdin.write('3');
  await tick();
  assert.equal(store.getState().ui.scope, 'staging');
  ui.stdin.write('0');
  await tick();
  assert.equal(store.getState().ui.scope, undefined);
  ui.unmount();
});

test('stale sources are marked in the header with their last error', async () => {
  const { store, ui, frame } = setup();
  store.getState().recordError('kube:dev', new Error('connect ECONNREFUSED 127.0.0.1:6443'), 999_000);
  await tick(150);
  assert.match(frame(), /stale: kube:dev \(connect ECONNREFUSED 127\.0\.0\.1:6443\)/);
  ui.unmount();
});

for (const [columns, rows] of [
  [80, 24],
  [120, 40],
  [200, 60],
] as const) {
  test(`every view fits ${columns}x${rows}: at most rows-1 lines, none wider than the terminal`, async () => {
    const { store, ui } = setup({ columns, rows });
    for (const view of VIEW_IDS) {
      store.getState().setView(view);
      await tick(20);
      for (const withHelp of [false, true]) {
        store.getState().toggleHelp(withHelp);
        await tick(20);
        const fit = frameFits(ui.lastFrame() ?? '', columns, rows);
        assert.ok(fit.ok, `${view}${withHelp ? '+help' : ''}: ${fit.height} lines, ${fit.widest} wide`);
      }
    }
    ui.unmount();
  });
}

// The same invariant with data: 600 pods with long names, the split pane (logs, inspection),
// a dialog and the help, in every view.
for (const [columns, rows] of [
  [80, 24],
  [120, 40],
  [200, 60],
] as const) {
  test(`with data, panes, dialogs and help every view fits ${columns}x${rows}`, async () => {
    const store = filledStore(600);
    const controller = new FakeController();
    const tui = createTuiStore();
    const ui = render(<App store={store} dataFrameMs={20} controller={controller} tui={tui} size={{ columns, rows }} now={() => NOW} />);
    const check = (what: string): void => {
      const fit = frameFits(ui.lastFrame() ?? '', columns, rows);
      assert.ok(fit.ok, `${what}: ${fit.height} lines, ${fit.widest} wide`);
    };
    const panes = [
      { kind: 'none' as const },
      {
        kind: 'logs' as const,
        cluster: 'dev',
        namespace: 'shop',
        pod: 'a-really-long-deployment-name-that-goes-on-and-on-7-7d9f8c6b5-x2x9z',
        container: 'app',
      },
      { kind: 'inspect' as const, node: 'staging-worker1' },
    ];
    for (const view of VIEW_IDS) {
      store.getState().setView(view);
      for (const pane of panes) {
        store.getState().openPane(pane);
        if (pane.kind === 'logs') controller.emit(['x'.repeat(400), 'a normal line', '\u001b[31mred\u001b[0m\ttabbed']);
        await tick(70);
        check(`${view} + ${pane.kind}`);
        store.getState().toggleHelp(true);
        await tick(20);
        check(`${view} + ${pane.kind} + help`);
        store.getState().toggleHelp(false);
      }
      tui.setState({ zoom: true });
      await tick(20);
      check(`${view} + zoomed pane`);
      tui.setState({
        zoom: false,
        dialog: {
          kind: 'typed',
          title: 'DESTROY',
          message: 'Destroy lab k8slab: deletes 10 VMs in 4 clusters with their disks. This cannot be undone.',
          expected: 'k8slab',
          text: 'k8s',
          onConfirm: () => undefined,
        },
      });
      await tick(20);
      check(`${view} + dialog`);
      tui.setState({
        dialog: {
          kind: 'pick',
          title: 'which container?',
          options: Array.from({ length: 30 }, (_, i) => `c${i}`),
          index: 0,
          onPick: () => undefined,
        },
      });
      await tick(20);
      check(`${view} + long picker`);
      tui.setState({ dialog: undefined });
      store.getState().closePane();
    }
    ui.unmount();
  });
}
