// The built CLI with --demo in a real terminal (tmux): startup, every view, the filter, scoping
// to one cluster, inspecting a node, a log tail that shows new lines arriving and closes, the
// help overlay, a silence, and quitting restores the terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { TmuxSession, requireTmux } from '../helpers/tmux.js';

requireTmux();
const home = mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-demo-'));
const tui = new TmuxSession('demo', 160, 45);

const command = (text: string): Promise<void> => tui.command(text);

before(async () => {
  tui.start(`sh -c 'echo BEFORE-DEMO; ${process.execPath} ${CLI} --demo; echo "EXIT=$?"; sleep 120'`, {
    K8SLAB_HOME: home,
    K8SLAB_DEMO_SPEED: '0.15',
  });
});

after(() => tui.kill());

test('startup: the header shows every cluster Ready as the demo lab comes up', async () => {
  const screen = await tui.waitFor(/1:platform 3\/3 2:dev 2\/2 3:staging 2\/2 4:prod 3\/3/, 40_000);
  assert.doesNotMatch(screen, /BEFORE-DEMO/);
  await tui.waitFor(/platform\s+platform\s+3\/3 v1\.\d+\.\d+\s+\d+\/0\/\d+ 3\/3\s+ok/);
});

test('every view shows the lab', async () => {
  const views: [string, RegExp][] = [
    ['vms', /dev-worker1\s+dev\s+worker running\s+192\.168\.64\.14\s+2\s+8G/],
    ['nodes', /prod-worker2/],
    ['pods', /kube-apiserver-platform-master/],
    ['flows', /FORWARDED/],
    ['alerts', /Watchdog/],
    ['jobs', /Jobs/],
    ['clusters', /POD CIDR/],
  ];
  for (const [view, pattern] of views) {
    await command(view);
    await tui.waitFor(pattern, 15_000);
  }
});

test('the flows view shows DROPPED flows', async () => {
  await command('flows');
  await tui.waitFor(/DROPPED/, 20_000);
});

test('filter and scope: / narrows the pods, 2 scopes to dev, 0 back to all', async () => {
  await command('pods');
  tui.keys('/');
  tui.type('redis-');
  tui.keys('Enter');
  let screen = await tui.waitFor(/Pods: all clusters · \d+ of \d+ · \/redis-/);
  assert.match(screen, /dev\s+demo\s+redis-/);
  assert.match(screen, /prod\s+demo\s+redis-/);
  tui.keys('2');
  screen = await tui.waitFor(/Pods: @dev · \d+ of \d+/);
  assert.doesNotMatch(screen, /staging\s+demo\s+redis/);
  tui.keys('0');
  await tui.waitFor(/Pods: all clusters · \d+ of \d+ · \/redis-/);
  tui.keys('Escape');
  // Unfiltered, the title is the count and then padding (filtered: "· 3 of 86 · /redis-").
  await tui.waitFor(/Pods: all clusters · \d+ {2,}/);
});

test('inspecting a node joins tart, SSH metrics and Kubernetes; esc closes it', async () => {
  await command('vms');
  tui.keys('Enter');
  const screen = await tui.waitFor(/inspect platform-master/);
  assert.match(screen, /VM \(tart\)/);
  assert.match(screen, /Kubernetes \(platform\)/);
  await tui.waitFor(/kubelet\s+active/);
  await tui.waitFor(/Listening ports/);
  tui.keys('Escape');
  await sleep(300);
  assert.doesNotMatch(tui.screen(), /inspect platform-master/);
});

test('a log tail shows new lines arriving and esc closes it', async () => {
  await command('pods');
  tui.keys('Escape'); // no filter left over from before: '/' starts from the current filter
  await tui.waitFor(/Pods: all clusters · \d+ {2,}/);
  tui.keys('/');
  tui.type('nginx');
  tui.keys('Enter');
  await tui.waitFor(/prod\s+demo\s+nginx-/);
  tui.keys('4'); // prod: one container per pod, no picker
  await tui.waitFor(/Pods: @prod · \d+ of/);
  // A new line is one the pane did not show when it opened (each has its own time and client).
  // The lab replaces pods now and then, ending a tail: then try the next pod.
  const logLines = (screen: string): string[] =>
    screen
      .split('\n')
      .filter((l) => /HTTP\/1\.1" \d{3}/.test(l))
      .map((l) => l.trim());
  let fresh: string | undefined;
  for (let attempt = 0; attempt < 3 && !fresh; attempt++) {
    if (attempt > 0) {
      tui.keys('Escape');
      await sleep(300);
      tui.keys('j');
      await sleep(200);
    }
    tui.keys('l');
    const opened = await tui.waitFor(/HTTP\/1\.1" \d{3}/);
    const seen = new Set(logLines(opened));
    // A quiet pod is not a failure yet: the next one gets its turn.
    fresh = await waitFor(() => logLines(tui.screen()).find((l) => !seen.has(l)), { timeoutMs: 12_000, intervalMs: 200 }).catch(
      () => undefined,
    );
  }
  assert.ok(fresh, 'no new log line arrived in the tails of three pods');
  tui.keys('Escape');
  await sleep(400);
  assert.doesNotMatch(tui.screen(), /<f> follow/);
  tui.keys('Escape');
  tui.keys('0');
});

test('the help overlay lists the bindings of the view', async () => {
  await command('alerts');
  tui.keys('?');
  const screen = await tui.waitFor(/everywhere/);
  assert.match(screen, /S\s+silence/);
  tui.keys('Escape');
});

test('a silence asked in the TUI suppresses the selected alert', async () => {
  await command('alerts');
  tui.keys('Escape');
  tui.keys('0'); // the whole lab, whatever an earlier step left scoped
  await tui.waitFor(/Watchdog\s+platform.*active/);
  tui.keys('/');
  tui.type('Watchdog');
  tui.keys('Enter');
  await tui.waitFor(/Alerts: all clusters · 1 (of \d+ )?· \/Watchdog/);
  tui.keys('S');
  await tui.waitFor(/silence Watchdog on platform/);
  tui.keys('Enter'); // keep the default duration (2h), on to the comment
  await sleep(150);
  tui.type('maintenance window');
  await sleep(150);
  tui.keys('Enter');
  await tui.waitFor(/silenced Watchdog for 2h/, 10_000);
  await tui.waitFor(/Watchdog\s+platform.*silenced/, 15_000);
  tui.keys('Escape');
});

test('q quits and restores the terminal', async () => {
  tui.keys('Escape');
  tui.keys('q');
  const screen = await tui.waitFor(/EXIT=0/, 20_000);
  assert.match(screen, /BEFORE-DEMO\s*\n\s*EXIT=0/);
});
