// The built CLI in a real terminal (tmux): the full-screen shell starts, answers keys, and
// quitting (q or Ctrl-C) restores the terminal to what it showed before.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { isPidAlive } from '../../src/phases/runner/kill.js';
import os from 'node:os';
import path from 'node:path';
import { CLI } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { TmuxSession, requireTmux } from '../helpers/tmux.js';

requireTmux();
const home = mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-'));
const sessions: TmuxSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

function session(columns = 120, rows = 40): TmuxSession {
  const s = new TmuxSession('shell', columns, rows);
  sessions.push(s);
  // The marker before and after shows what the terminal holds outside the alternate screen.
  // CI=true: Ink draws nothing while it believes it runs in CI; the TUI must draw in a terminal anyway.
  s.start(`sh -c 'echo BEFORE-TUI; ${process.execPath} ${CLI} --host-cores 16 --host-memory 128; echo "EXIT=$?"; sleep 60'`, {
    K8SLAB_HOME: home,
    CI: 'true',
  });
  return s;
}

for (const quit of ['q', 'C-c']) {
  test(`startup, help, and ${quit === 'q' ? 'q' : 'Ctrl-C'} restores the terminal`, async () => {
    const s = session();
    const screen = await s.waitFor(/1:platform.*4:prod/);
    assert.doesNotMatch(screen, /BEFORE-TUI/, 'the TUI runs on the alternate screen');
    assert.match(screen, /vCPU 21 \/ 16 = 1\.31x overcommit/);
    s.keys('?');
    await s.waitFor(/everywhere/);
    s.keys('Escape');
    await s.waitFor(/RUN\/PEND\/FAIL/);
    s.keys(quit);
    const after = await s.waitFor(/EXIT=0/);
    assert.match(after, /BEFORE-TUI\s*\n\s*EXIT=0/, 'the shell screen is back as it was');
    assert.doesNotMatch(after, /1:platform/);
    s.kill();
  });
}

test('command mode switches views in a real terminal', async () => {
  const s = session(80, 24);
  await s.waitFor(/1:platform/);
  s.keys(':');
  s.type('alerts');
  s.keys('Enter');
  await s.waitFor(/Alerts:/);
  s.keys('q');
  await s.waitFor(/EXIT=0/);
  s.kill();
});

/** The TUI's pid: the child of the pane's shell. */
function tuiPid(s: TmuxSession): number {
  const shell = execFileSync('tmux', ['-L', s.socket, 'display', '-p', '-t', s.name, '#{pane_pid}'], { encoding: 'utf8' }).trim();
  const child = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0];
  if (!child) throw new Error('the TUI process was not found under the pane');
  return Number(child);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  test(`a ${signal} from outside (kill -${signal.slice(3)}) restores the terminal`, async () => {
    const s = session();
    await s.waitFor(/1:platform.*4:prod/);
    process.kill(tuiPid(s), signal);
    const after = await s.waitFor(/EXIT=\d+/);
    assert.match(after, /BEFORE-TUI\s*\n\s*EXIT=0/, 'the shell screen is back as it was');
    assert.doesNotMatch(after, /1:platform/);
    s.kill();
  });
}

test('the terminal killed under the TUI: it exits quietly (no fatal error) and takes its demo lab along', async () => {
  const logHome = mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-gone-'));
  const s = new TmuxSession('gone', 120, 40);
  sessions.push(s);
  s.start(`${process.execPath} ${CLI} --demo`, { K8SLAB_HOME: logHome });
  await s.waitFor(/1:platform 3\/3/, 120_000);
  const pid = tuiPid(s);
  const log = path.join(logHome, 'logs', 'k8slab-tui.log');
  const demoPid = Number(/"demo lab up".*?"pid":(\d+)/.exec(readFileSync(log, 'utf8'))?.[1]);
  assert.ok(demoPid > 0, 'the log names the demo lab process');
  s.kill(); // the terminal goes away: the pty hangs up, writes fail
  await waitFor(() => !isPidAlive(pid) && !isPidAlive(demoPid), {
    timeoutMs: 20_000,
    intervalMs: 100,
    message: 'the TUI and its demo lab to exit',
  });
  assert.equal(isPidAlive(pid), false, 'the TUI exited');
  assert.equal(isPidAlive(demoPid), false, 'its demo lab exited with it');
  assert.doesNotMatch(readFileSync(log, 'utf8'), /"level":"error","scope":"","msg":"fatal"/, 'no fatal error logged');
});
