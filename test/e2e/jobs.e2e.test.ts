// The headline actions as a person uses them, in a real terminal (tmux) on the built CLI: an
// empty demo lab, `:jobs`, `i`, `y` installs it while the header's Ready counts rise; `:pods`
// shows what the charts and manifests made; `S` with the typed lab name shuts it down; `b` boots
// it again. Once with `--demo --demo-dir` (the TUI starts its own demo child) and once with
// `--demo-lab` attached to a headless `k8slab-tui demo` — the same code path as a real lab.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from '../helpers/cli.js';
import { TmuxSession, requireTmux } from '../helpers/tmux.js';
import { requireKubectl } from '../kube/helpers.js';

requireTmux();
requireKubectl();

const ALL_READY = /1:platform 3\/3 2:dev 2\/2 3:staging 2\/2 4:prod 3\/3/;
const NONE_READY = /1:platform 0\/3 2:dev 0\/2 3:staging 0\/2 4:prod 0\/3/;
const cleanups: (() => void | Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Removes a lab's folder once nothing writes to it any more (a stopping lab saves its state). */
function removeLab(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** The demo runs at 60 ms a simulated minute: an install takes tens of seconds, not minutes. */
const DEMO_ENV = { K8SLAB_DEMO_MS_PER_MINUTE: '60', K8SLAB_DEMO_SPEED: '0.3' };

/** install → pods → shutdown → boot, as a person presses the keys. */
async function headlineActions(tui: TmuxSession, lab: string): Promise<void> {
  // An empty lab: no cluster has a node yet.
  await tui.waitFor(/1:platform 0\/0|1:platform -|jobs/, 60_000);
  await tui.command('jobs');
  await tui.waitFor(/no jobs yet/, 20_000);
  tui.keys('i');
  await tui.waitFor(new RegExp(`Install lab ${lab}`), 5000);
  tui.keys('y');
  // The job fills the view live; the header follows as nodes join.
  // Pressed while the demo lab may still be coming up: the job starts once the lab is connected.
  await tui.waitFor(/install\s+running/, 60_000);
  await tui.waitFor(/create-vms|Create the VMs|clone/i, 30_000);
  const done = await tui.waitFor(/install\s+(succeeded|failed)/, 8 * 60_000);
  assert.match(done, /install\s+succeeded/, done);
  assert.match(done, /changed [1-9]\d*/, 'the recap counts what the install changed');
  await tui.waitFor(ALL_READY, 60_000);

  await tui.command('pods');
  const pods = await tui.waitFor(/Running/, 20_000);
  assert.match(pods, /Pods: all clusters · \d+/);
  tui.type('/');
  tui.type('nginx');
  tui.keys('Enter');
  await tui.waitFor(/demo\s+nginx-[a-z0-9]+-[a-z0-9]{5}\s.*Running/, 60_000);
  tui.keys('Escape');

  // Hubble flows for clusters built from nothing, without a restart.
  await tui.command('flows');
  await tui.waitFor(/FORWARDED/, 60_000);

  await tui.command('jobs');
  tui.keys('S');
  await tui.waitFor(/Shut down lab/, 5000);
  tui.type(lab);
  tui.keys('Enter');
  await tui.waitFor(/shutdown\s+running/, 15_000);
  const shut = await tui.waitFor(/shutdown\s+(succeeded|failed)/, 4 * 60_000);
  assert.match(shut, /shutdown\s+succeeded/, shut);
  await tui.waitFor(NONE_READY, 60_000);

  tui.keys('b');
  await tui.waitFor(/Boot lab/, 5000);
  tui.keys('y');
  const booted = await tui.waitFor(/boot\s+(succeeded|failed)/, 4 * 60_000);
  assert.match(booted, /boot\s+succeeded/, booted);
  await tui.waitFor(ALL_READY, 60_000);
}

test('--demo --demo-dir EMPTY: i installs, S shuts down, b boots, D destroys, from the jobs view', { timeout: 15 * 60_000 }, async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-jobs-home-'));
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-jobs-')), 'lab');
  const tui = new TmuxSession('jobs', 160, 45);
  cleanups.push(async () => {
    tui.kill();
    await sleep(1000); // the TUI's demo child stops with it and saves its state
    removeLab(path.dirname(dir));
    removeLab(home);
  });
  tui.start(`sh -c '${process.execPath} ${CLI} --demo --demo-dir ${dir}; echo "EXIT=$?"; sleep 120'`, { K8SLAB_HOME: home, ...DEMO_ENV });
  await headlineActions(tui, 'k8slab');
  // D: the typed name destroys every VM; the clusters are gone from the header.
  tui.keys('D');
  await tui.waitFor(/Destroy lab k8slab/, 5000);
  tui.type('k8slab');
  tui.keys('Enter');
  const destroyed = await tui.waitFor(/destroy\s+(succeeded|failed)/, 4 * 60_000);
  assert.match(destroyed, /destroy\s+succeeded/, destroyed);
  await tui.waitFor(/1:platform 0\/0 2:dev 0\/0 3:staging 0\/0 4:prod 0\/0/, 60_000);
  tui.keys('q');
  await tui.waitFor(/EXIT=0/, 20_000);
});

test(
  '--demo-lab FILE (a headless k8slab-tui demo): the same keys drive the lab the TUI is attached to',
  { timeout: 15 * 60_000 },
  async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-jobs-home-'));
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-lab-')), 'lab');
    const demo: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, 'demo', '--demo-dir', dir], {
      env: { ...process.env, ...DEMO_ENV },
    });
    const tui = new TmuxSession('jobslab', 160, 45);
    cleanups.push(async () => {
      tui.kill();
      if (demo.exitCode === null) {
        const exited = new Promise((resolve) => demo.once('exit', resolve));
        demo.kill('SIGTERM');
        await exited;
      }
      removeLab(path.dirname(dir));
      removeLab(home);
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: demo.stdout }).once('line', resolve);
      demo.once('exit', (code) => reject(new Error(`k8slab-tui demo exited (${code})`)));
    });
    const file = path.join(path.dirname(dir), 'lab.json');
    writeFileSync(file, `${line}\n`);
    tui.start(`sh -c '${process.execPath} ${CLI} --demo-lab ${file}; echo "EXIT=$?"; sleep 120'`, { K8SLAB_HOME: home });
    await headlineActions(tui, 'k8slab');
    tui.keys('q');
    await tui.waitFor(/EXIT=0/, 20_000);
    assert.equal(demo.exitCode, null, 'the headless lab outlives the TUI that attached to it');
  },
);
