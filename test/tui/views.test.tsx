// Every view with data: what each shows and its own keys (flows verdict toggle and pause, alert
// silence form, job confirmations), read-only mode and the help listing every binding.
import './force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESC, ENTER, tick } from '../helpers/ink.js';
import { VIEWS } from '../../src/views/registry.js';
import { VIEW_IDS } from '../../src/store/types.js';
import { BACKSPACE, mount, ready } from './harness.js';

async function at(view: (typeof VIEW_IDS)[number], options: Parameters<typeof mount>[0] = {}) {
  const h = mount(options);
  h.store.getState().setView(view);
  await h.waitFor(view === 'clusters' ? /RUN\/PEND\/FAIL/ : new RegExp(`${VIEWS[view].title}:`));
  await ready();
  return h;
}

test('VMs: state, IP, vCPU, RAM, disk, SSH and live CPU / memory with sparklines', async () => {
  const { ui, frame } = await at('vms');
  assert.match(frame(), /NAME\s+CLUSTER\s+ROLE\s+STATE\s+IP\s+VCPU\s+RAM\s+DISK\s+SSH\s+CPU\s+CPU HIST\s+MEM\s+MEM HIST/);
  assert.match(frame(), /platform-master\s+platform\s+master\s+running\s+192\.168\.64\.20\s+3\s+4G\s+20G\s+ok\s+\d+%\s+[▁▂▃▄▅▆▇█]+\s+\d+%/);
  assert.match(frame(), /prod-worker2\s+prod\s+worker\s+stopped\s+-\s+2\s+7\.8G\s+30G\s+down/);
  ui.unmount();
});

test('Nodes: cluster, name, Ready, roles, version, pods on it, CPU / memory', async () => {
  const { ui, frame } = await at('nodes');
  assert.match(frame(), /staging\s+staging-worker1\s+NotReady\s+<none>\s+v1\.31\.4\s+0\s+\d+%/);
  assert.match(frame(), /platform\s+platform-master\s+Ready\s+control-plane\s+v1\.31\.4\s+\d+/);
  ui.unmount();
});

test('Pods: all clusters by default, the scoped one after 2; status coloured', async () => {
  const { ui, frame, press } = await at('pods');
  assert.match(frame(), /Pods: all clusters · 300/);
  assert.match(ui.lastFrame()!, /\u001B\[32m\s*Running/, 'running pods in green');
  await press('2');
  assert.match(frame(), /Pods: @dev · 75/);
  assert.ok(
    frame()
      .split('\n')
      .filter((l) => /web-|a-really/.test(l))
      .every((l) => l.startsWith('dev ')),
  );
  ui.unmount();
});

test('Flows: newest first, verdict coloured, d shows only DROPPED, space pauses', async () => {
  const { ui, frame, press, store } = await at('flows');
  assert.match(frame(), /Flows: all clusters · 400/);
  assert.match(frame(), /TIME↓\s+CLUSTER\s+SOURCE\s+DESTINATION\s+PORT\s+L7\s+VERDICT/);
  assert.match(frame(), /shop\/frontend-\d\s+→ (shop\/cart-\d|10\.96\.0\.10)\s+\d+\/TCP/);
  await press('d');
  assert.match(frame(), /DROPPED only · 80/);
  assert.ok(
    frame()
      .split('\n')
      .filter((l) => /frontend-/.test(l))
      .every((l) => /DROPPED/.test(l) && /POLICY_DENIED|GET/.test(l)),
  );
  await press(' ');
  assert.equal(store.getState().ui.flowsPaused, true);
  assert.match(frame(), /PAUSED/);
  await press(' ', 'd');
  assert.equal(store.getState().ui.flowsPaused, false);
  assert.doesNotMatch(frame(), /DROPPED only/);
  ui.unmount();
});

test('Alerts: severity, name, cluster, summary, state; S silences through the form', async () => {
  const { ui, frame, press, controller, waitFor } = await at('alerts');
  assert.match(frame(), /critical\s+NodeNotReady\s+staging\s+staging-worker1 is not ready\s+active/);
  assert.match(frame(), /Watchdog\s+platform\s+Always firing\s+silenced/);
  await press('S');
  assert.match(frame(), /silence NodeNotReady on staging/);
  assert.match(frame(), /duration\s+2h/);
  // A bad duration and an empty comment are refused.
  await press(BACKSPACE, BACKSPACE, 'x', ENTER, ENTER);
  assert.match(frame(), /duration: use e\.g\. 30m, 2h, 1d/);
  await press(BACKSPACE, '4', '5', 'm', ENTER);
  for (const ch of 'node is being replaced') await press(ch === ' ' ? ' ' : ch);
  await press(ENTER);
  assert.deepEqual(controller.silences, [
    { labels: { alertname: 'NodeNotReady', cluster: 'staging' }, durationMinutes: 45, comment: 'node is being replaced' },
  ]);
  await waitFor(/silenced NodeNotReady for 45m \(silence silence-1\)/);
  ui.unmount();
});

test('Jobs: steps by phase with marks, the failure with its command and stderr; r resumes from the failed phase', async () => {
  const { ui, frame, press, controller } = await at('jobs');
  assert.match(frame(), /install\s+failed/);
  assert.match(frame(), /✗ 06 kubeadm init/);
  assert.match(frame(), /✓ platform-master\s+preflight on platform-master/);
  assert.match(frame(), /✗ command: kubeadm init --config \/etc\/kubeadm\.yaml/);
  assert.match(frame(), /stderr: \[ERROR Port-6443\]/);
  await press('r');
  assert.match(frame(), /Resume the install of lab k8slab from phase 6\?/);
  await press('y');
  assert.deepEqual(controller.jobs, [{ kind: 'install', from: 6 }]);
  ui.unmount();
});

test('Jobs: enter chooses a step and its output shows; i asks before installing', async () => {
  const { ui, frame, press, controller } = await at('jobs');
  await press(ENTER, 'k', 'k');
  assert.match(frame(), /output of platform-master: preflight on platform-master/);
  assert.match(frame(), /\$ preflight platform-master/);
  await press(ESC, 'i');
  assert.match(frame(), /Install lab k8slab: 12 phases on 10 VMs in 4 clusters\?/);
  await press('n');
  assert.equal(controller.jobs.length, 0);
  await press('i', 'y');
  assert.deepEqual(controller.jobs, [{ kind: 'install' }]);
  ui.unmount();
});

test('Jobs: shutdown and destroy ask you to type the lab’s name; anything else does nothing', async () => {
  const { ui, frame, press, controller } = await at('jobs');
  await press('D');
  assert.match(frame(), /Destroy lab k8slab: deletes 10 VMs in 4 clusters with their disks/);
  assert.match(frame(), /Type k8slab to confirm/);
  await press('y', ENTER);
  assert.equal(controller.jobs.length, 0, 'y is not the lab’s name');
  await press(BACKSPACE);
  for (const ch of 'k8slab') await press(ch);
  await press(ENTER);
  assert.deepEqual(controller.jobs, [{ kind: 'destroy' }]);
  await press('S');
  assert.match(frame(), /Shut down lab k8slab/);
  for (const ch of 'k8sla') await press(ch);
  await press(ENTER, ESC);
  assert.equal(controller.jobs.length, 1);
  ui.unmount();
});

test('x cancels a running job after asking; it is offered only while one runs', async () => {
  const { ui, frame, press, controller, store } = await at('jobs');
  assert.doesNotMatch(frame(), /<x> cancel job/);
  store.getState().upsertJob({
    id: 'job-2',
    kind: 'boot',
    state: 'running',
    startedAt: 1_750_000_000_000 - 5000,
    steps: [
      {
        key: 'b1',
        phase: 1,
        phaseName: 'start VMs',
        title: 'tart run',
        target: 'dev-master',
        outcome: 'running',
        startedAt: 1_750_000_000_000 - 4000,
        output: ['booting'],
      },
    ],
  });
  await tick(150);
  assert.match(frame(), /<x> cancel job/);
  assert.doesNotMatch(frame(), /<i> install/, 'no second job while one runs');
  await press('x', 'y');
  assert.equal(controller.cancels, 1);
  ui.unmount();
});

test('--readonly removes every dangerous key: from the footer, the help and the dispatcher', async () => {
  const { ui, frame, press, controller } = await at('jobs', { readonly: true });
  assert.doesNotMatch(frame(), /<i> install|<b> boot|<D> destroy/);
  await press('i', 'y', 'D');
  assert.equal(controller.jobs.length, 0);
  assert.doesNotMatch(frame(), /Destroy lab/);
  await press('?');
  assert.match(frame(), /Jobs view \(read-only\)/);
  assert.doesNotMatch(frame(), /destroy|shutdown|install/);
  ui.unmount();
  const alerts = await at('alerts', { readonly: true });
  await alerts.press('S');
  assert.doesNotMatch(alerts.frame(), /silence NodeNotReady/);
  alerts.ui.unmount();
});

test('? lists every binding of the current view, of the open pane and the global ones, even at 80x24', async () => {
  for (const view of VIEW_IDS) {
    const { ui, frame, press, store } = await at(view, { size: { columns: 80, rows: 24 } });
    if (view === 'pods') {
      store.getState().select('pods', 'uid-1');
      await press('l');
    }
    await press('?');
    const f = frame();
    const viewBindings = VIEWS[view].bindings({
      store,
      tui: {} as never,
      controller: {} as never,
      now: Date.now,
      openDialog: () => undefined,
      openShell: () => undefined,
    });
    for (const b of viewBindings) assert.ok(f.includes(b.label), `${view}: help lists "${b.label}"`);
    for (const label of ['help', 'command', 'filter', 'quit', 'next view']) assert.ok(f.includes(label), `${view}: help lists "${label}"`);
    if (view === 'pods')
      for (const label of ['follow', 'wrap', 'timestamps', 'previous', 'search', 'close pane'])
        assert.ok(f.includes(label), `pods: pane key "${label}"`);
    await press('?');
    assert.doesNotMatch(frame(), /hidden with --readonly/);
    ui.unmount();
  }
});

test('NO_COLOR: no colour codes at all, the selection still shows (inverse video is not colour)', async () => {
  process.env.NO_COLOR = '1';
  try {
    const { ui } = await at('pods');
    const raw = ui.lastFrame()!;
    assert.doesNotMatch(raw, /\u001B\[(3[0-9]|9[0-7])m/);
    assert.match(raw, /\u001B\[7m/);
    ui.unmount();
  } finally {
    delete process.env.NO_COLOR;
  }
});
