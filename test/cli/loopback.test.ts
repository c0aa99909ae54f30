// The product reaches the demo lab only on loopback: the built bin runs with a guard preloaded
// (test/helpers/loopback-guard.mjs) that refuses and records any socket to an address outside
// 127.0.0.0/8 — in the product process and in every Node child it starts (the helm and tart
// stand-ins get NODE_OPTIONS too). A whole install of an empty demo lab, then `status`, and the
// TUI attached to the lab for a while: every connection recorded, none denied.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from '../helpers/cli.js';
import { TmuxSession, requireTmux } from '../helpers/tmux.js';
import { requireKubectl } from '../kube/helpers.js';

requireKubectl();
requireTmux();
const GUARD = path.resolve('test/helpers/loopback-guard.mjs');
const root = mkdtempSync(path.join(os.tmpdir(), 'k8slab-loopback-'));
after(() => rmSync(root, { recursive: true, force: true }));

function guardLog(file: string): { ok: number; denied: string[] } {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  return { ok: lines.filter((l) => l.startsWith('ok ')).length, denied: lines.filter((l) => l.startsWith('DENIED')) };
}

test('install and status on an empty demo lab connect to 127.0.0.0/8 only', { timeout: 10 * 60_000 }, () => {
  const log = path.join(root, 'cli.log');
  const env = {
    ...process.env,
    NODE_OPTIONS: `--import ${GUARD}`,
    K8SLAB_LOOPBACK_LOG: log,
    K8SLAB_HOME: path.join(root, 'home'),
    K8SLAB_DEMO_MS_PER_MINUTE: '60',
  };
  const dir = path.join(root, 'lab');
  const install = spawnSync(process.execPath, ['--import', GUARD, CLI, 'install', '--demo', '--demo-dir', dir], {
    env,
    encoding: 'utf8',
    timeout: 8 * 60_000,
  });
  assert.equal(install.status, 0, install.stdout.slice(-3000) + install.stderr.slice(-2000));
  assert.match(install.stdout, /install ok after/);
  const status = spawnSync(process.execPath, ['--import', GUARD, CLI, 'status', '--demo', '--demo-dir', dir], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  // 1 when a pod is not up right now (the lab lives: a demo pod crash-loops now and then)
  assert.ok(status.status === 0 || status.status === 1, status.stdout + status.stderr);
  assert.match(status.stdout, /platform: API up/);
  const { ok, denied } = guardLog(log);
  assert.deepEqual(denied, [], 'no socket to an address outside 127.0.0.0/8');
  assert.ok(ok > 50, `the guard saw the connections (${ok})`);
});

test('the TUI on --demo connects to 127.0.0.0/8 only', { timeout: 3 * 60_000 }, async () => {
  const log = path.join(root, 'tui.log');
  const tui = new TmuxSession('loopback', 160, 45);
  try {
    tui.start(`${process.execPath} --import ${GUARD} ${CLI} --demo`, {
      NODE_OPTIONS: `--import ${GUARD}`,
      K8SLAB_LOOPBACK_LOG: log,
      K8SLAB_HOME: path.join(root, 'tui-home'),
    });
    await tui.waitFor(/1:platform 3\/3 2:dev 2\/2 3:staging 2\/2 4:prod 3\/3/, 60_000);
    for (const view of ['vms', 'pods', 'flows', 'alerts']) {
      tui.type(`:${view}`);
      tui.keys('Enter');
      await sleep(2500);
    }
  } finally {
    tui.kill();
  }
  const { ok, denied } = guardLog(log);
  assert.deepEqual(denied, [], 'no socket to an address outside 127.0.0.0/8');
  // keep-alive: one connection per API server, relay, SSH node and Alertmanager, give or take
  assert.ok(ok >= 8, `the guard saw the connections (${ok})`);
});
