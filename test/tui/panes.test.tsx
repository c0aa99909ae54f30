// The split pane: a live pod log tail (lines arrive, follow, wrap, timestamps restart, search
// with highlight, esc aborts the stream), the container picker, node inspection with shell and
// kubelet journal.
import './force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tick } from '../helpers/ink.js';
import { LogSession } from '../../src/ui/log-session.js';
import { ESC, ENTER } from '../helpers/ink.js';
import { UP, mount, ready } from './harness.js';

async function podsWithSelection(containers: 'one' | 'two') {
  const h = mount({ pods: 40 });
  h.store.getState().setView('pods');
  await h.waitFor(/Pods:/);
  await ready();
  // Pod uid-1 has one container, uid-0 has two (app, istio-proxy).
  h.store.getState().select('pods', containers === 'one' ? 'uid-1' : 'uid-0');
  await tick();
  return h;
}

test('l tails the selected pod in the split pane; new lines arrive while the list stays above', async () => {
  const { ui, frame, press, controller, tui, waitFor } = await podsWithSelection('one');
  await press('l');
  assert.equal(controller.stream?.kind, 'logs');
  assert.deepEqual(controller.stream?.request, {
    cluster: 'dev',
    namespace: 'kube-system',
    pod: 'web-00001-7d9f8c6b5',
    container: 'app',
    previous: false,
    timestamps: false,
    tailLines: 500,
  });
  controller.emit(['starting server', 'listening on :8080']);
  await waitFor(/listening on :8080/);
  assert.match(frame(), /logs dev\/kube-system\/web-00001-7d9f8c6b5 \(app\) · follow/);
  assert.match(frame(), /Pods: all clusters/, 'the list is still shown above the pane');
  assert.equal(tui.getState().focus, 'pane');
  // Following: the newest line is always the last one shown.
  controller.emit(Array.from({ length: 100 }, (_, i) => `line ${i}`));
  await waitFor(/line 99/);
  assert.doesNotMatch(frame(), /line 50\b/);
  ui.unmount();
});

test('k scrolls up and pauses follow; f resumes; w wraps; the buffer is bounded and counts drops', async () => {
  const session = new LogSession({ title: 't', podLogs: true, start: () => new Promise(() => undefined) }, 100);
  session.start();
  session.push(Array.from({ length: 150 }, (_, i) => `l${i}`));
  assert.equal(session.buffer.size, 100);
  assert.equal(session.buffer.dropped, 50);
  session.pageHeight = 10;
  session.scrollBy(-5);
  assert.equal(session.follow, false);
  assert.equal(session.line(session.top), 'l135');
  session.toggleFollow();
  assert.equal(session.follow, true);
  session.setSearch('L12');
  assert.ok(session.findNext(-1));
  assert.equal(session.line(session.top), 'l129');
  session.close();
  assert.equal(session.signal?.aborted, true);

  const { ui, frame, press, controller, waitFor } = await podsWithSelection('one');
  await press('l');
  controller.emit(Array.from({ length: 60 }, (_, i) => `row ${i}`));
  await waitFor(/row 59/);
  await press(UP, UP, UP);
  assert.match(frame(), /· paused ·/);
  assert.match(frame(), /row 56/);
  assert.doesNotMatch(frame(), /row 59/);
  await press('f');
  assert.match(frame(), /· follow ·/);
  assert.match(frame(), /row 59/);
  controller.emit(['x'.repeat(300)]);
  await tick(80);
  await press('w');
  assert.match(frame(), /· wrap ·/);
  assert.ok(
    frame()
      .split('\n')
      .filter((l) => /^x{50,}/.test(l)).length >= 2,
    'a long line wraps over several rows',
  );
  ui.unmount();
});

test('t restarts the stream with timestamps and p with the previous container; esc aborts the stream', async () => {
  const { ui, frame, press, controller, waitFor } = await podsWithSelection('one');
  await press('l');
  const first = controller.stream!;
  await press('t');
  assert.equal(first.signal.aborted, true, 'the old stream is aborted');
  assert.equal(controller.stream?.request?.timestamps, true);
  await press('p');
  assert.equal(controller.stream?.request?.previous, true);
  assert.match(frame(), /timestamps · previous/);
  const last = controller.stream!;
  await press(ESC);
  await waitFor(/<l> logs/);
  assert.equal(last.signal.aborted, true, 'esc closes the pane and aborts the stream');
  assert.doesNotMatch(frame(), /logs dev\//);
  ui.unmount();
});

test('/ in the pane searches and highlights the matches; enter jumps to the newest match', async () => {
  const { ui, frame, press, controller, store, waitFor } = await podsWithSelection('one');
  await press('l');
  controller.emit(['GET /healthz 200', 'POST /api/cart 500 boom', 'GET /healthz 200']);
  await waitFor(/boom/);
  await press('/', 'b', 'o', 'o', 'm');
  assert.match(frame(), /search \/boom/);
  assert.equal(store.getState().ui.filter.pods, undefined, 'the list filter is untouched');
  const raw = ui.lastFrame()!;
  assert.match(raw, /\u001B\[7m[^\n]*boom/, 'the match is drawn in inverse video');
  await press(ENTER);
  assert.match(frame(), /· \/boom/);
  assert.match(frame(), /· paused ·/, 'jumping to the match stops following');
  ui.unmount();
});

test('a pod with several containers asks which one first', async () => {
  const { ui, frame, press, controller } = await podsWithSelection('two');
  await press('l');
  assert.match(frame(), /which container\?/);
  assert.match(frame(), /1\. app/);
  assert.match(frame(), /2\. istio-proxy/);
  assert.equal(controller.streams.length, 0);
  await press('j', ENTER);
  assert.equal(controller.stream?.request?.container, 'istio-proxy');
  ui.unmount();
});

test('tab moves the keys between the list and the pane; the list keeps moving under an open pane', async () => {
  const { ui, press, tui, store } = await podsWithSelection('one');
  await press('l');
  assert.equal(tui.getState().focus, 'pane');
  await press('\t');
  assert.equal(tui.getState().focus, 'list');
  await press('j');
  assert.equal(store.getState().ui.selection.pods !== 'uid-1', true, 'j moved the list selection');
  await press('\t', 'z');
  assert.equal(tui.getState().zoom, true);
  ui.unmount();
});

test('enter on a node inspects it: tart, SSH metrics, kubelet, ports, conditions, taints, pods', async () => {
  const { ui, frame, press, store, waitFor } = mount({ pods: 200 });
  store.getState().setView('nodes');
  await waitFor(/Nodes:/);
  await ready();
  await press('j', 'j', 'j', 'j', 'j', 'j');
  await press(ENTER);
  assert.deepEqual(store.getState().ui.pane, { kind: 'inspect', node: 'staging-worker1' });
  const f = await waitFor(/inspect staging-worker1/);
  for (const part of [
    /VM \(tart\)/,
    /state\s+running/,
    /Host \(ssh\)/,
    /cpu\s+\d+% [▁▂▃▄▅▆▇█ ]+/,
    /kubelet\s+active/,
    /containerd active/,
    /Kubernetes \(staging\)/,
    /NotReady/,
    /Conditions/,
    /Ready\s+False/,
    /Taints \(0\)/,
    /Pods \(\d+\)/,
  ])
    assert.match(f, part);
  // Listening ports come below the host facts; scrolling reaches them.
  assert.match(frame(), /Listening ports \(2\)/);
  ui.unmount();
});

test('s steps aside for an SSH shell and comes back; J tails the kubelet journal and esc returns to the inspection', async () => {
  const { ui, frame, press, store, controller, waitFor } = mount({ pods: 50 });
  store.getState().setView('vms');
  await waitFor(/VMs:/);
  await ready();
  await press(ENTER);
  await waitFor(/inspect platform-master/);
  await press('s');
  await waitFor(/shell on platform-master closed/);
  assert.deepEqual(controller.shells, ['platform-master']);
  await press('J');
  assert.equal(controller.stream?.kind, 'journal');
  assert.equal(controller.stream?.node, 'platform-master');
  controller.emit(['Started kubelet: The Kubernetes Node Agent.']);
  await waitFor(/Started kubelet/);
  assert.match(frame(), /kubelet journal platform-master/);
  const journal = controller.stream!;
  await press(ESC);
  assert.equal(journal.signal.aborted, true);
  assert.deepEqual(store.getState().ui.pane, { kind: 'inspect', node: 'platform-master' });
  await press(ESC);
  assert.deepEqual(store.getState().ui.pane, { kind: 'none' });
  ui.unmount();
});
