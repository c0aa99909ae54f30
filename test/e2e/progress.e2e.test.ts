// The live progress of `k8slab-tui install` in a real terminal (tmux) through the built CLI, on
// a demo lab in a fresh folder: the live area (bar "N/M steps", the phase, a spinner line per
// running step, elapsed time) at the bottom while finished steps scroll above; Ctrl-C cancels
// (the cancelled recap, exit 130) and leaves no live area behind. Then the same install again:
// it resumes, now shows a time-left figure from the first run's journal, and ends with the
// recap and no live area.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from '../helpers/cli.js';
import { TmuxSession, requireTmux } from '../helpers/tmux.js';

requireTmux();

/** The demo runs at 60 ms a simulated minute: the whole install takes about a minute. */
const DEMO_ENV = { K8SLAB_DEMO_MS_PER_MINUTE: '60', K8SLAB_DEMO_SPEED: '0.3', NODE_NO_WARNINGS: '1' };
const BAR = /(\d+)\/(\d+) steps · elapsed \d+:\d\d · /;
const SPINNER_LINE = /^ [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \S+\s+\S.* \d+:\d\d/m;
const LIVE_LEFTOVERS = /steps · elapsed|^phase \d+ of \d+: |^ [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /m;

const cleanups: (() => void | Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Lines of the screen, and where the bar is (-1: none). */
function layout(screen: string): { lines: string[]; bar: number } {
  const lines = screen.split('\n');
  return { lines, bar: lines.findIndex((l) => BAR.test(l)) };
}

/** `k8slab-tui install` in a new tmux session; the shell prints the exit status and stays. */
function installIn(name: string, dir: string, home: string): TmuxSession {
  const term = new TmuxSession(name, 120, 30);
  cleanups.push(() => term.kill());
  // bash, not sh: it waits for the CLI through Ctrl-C and then prints its status
  term.start(`bash -c '${process.execPath} ${CLI} install --demo-dir ${dir}; echo "EXIT=$?"; sleep 300'`, {
    ...DEMO_ENV,
    K8SLAB_HOME: home,
  });
  return term;
}

test(
  'install on a terminal: the live area, lines above it, Ctrl-C; the next install shows the time left and ends clean',
  { timeout: 6 * 60_000 },
  async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'k8slab-e2e-progress-'));
    const home = path.join(root, 'home');
    const dir = path.join(root, 'lab');
    cleanups.push(async () => {
      await sleep(500); // a demo child still stopping saves its state
      rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    });

    // 1. A fresh lab: the live area shows; there is no history yet, and it says so.
    const first = installIn('progress1', dir, home);
    let screen = await first.waitFor(BAR, 60_000);
    assert.match(screen, /^phase 1 of 12: Create the VMs/m, screen);
    assert.match(screen, /time left: estimate after the first install/, screen);
    screen = await first.waitFor(SPINNER_LINE, 20_000);
    // finished steps scroll above the live area as the plain output's lines
    screen = await first.waitFor(/^ {3}changed +\S+ +Clone the VM \(\d/m, 60_000);
    let { lines, bar } = layout(screen);
    assert.ok(bar > 0, screen);
    const finishedAt = lines.findIndex((l) => /^ {3}changed +\S+ +Clone the VM/.test(l));
    assert.ok(finishedAt >= 0 && finishedAt < bar, `a finished step above the bar:\n${screen}`);
    const phaseAt = lines.findIndex((l) => /^phase \d+ of 12: /.test(l));
    assert.ok(phaseAt > finishedAt && phaseAt < bar, `the live area is below the lines:\n${screen}`);
    assert.match(lines[bar] ?? '', /^█*░* ?\d+\/128 steps/, 'the bar counts the steps of the whole install');
    const done = Number(BAR.exec(lines[bar] ?? '')?.[1]);
    assert.ok(done >= 1, lines[bar]);
    // the elapsed time moves
    const elapsedOf = (s: string): string | undefined => /elapsed (\d+:\d\d)/.exec(s)?.[1];
    const before = elapsedOf(screen);
    screen = await first.waitFor(new RegExp(`elapsed (?!${before})\\d+:\\d\\d`), 10_000);

    // 2. Ctrl-C: the job is cancelled cleanly, the live area gives way to the last lines and the recap.
    first.keys('C-c');
    screen = await first.waitFor(/EXIT=\d+/, 60_000);
    assert.match(screen, /EXIT=130/, screen);
    assert.match(screen, /^install cancelled after /m, screen);
    assert.match(screen, /^RECAP$/m, screen);
    assert.match(screen, /^total +: changed=\d+ ok=\d+ failed=0 skipped=0 cancelled=\d+/m, screen);
    assert.doesNotMatch(screen, LIVE_LEFTOVERS, `no live area left:\n${screen}`);
    first.kill();

    // 3. The same install again: it resumes; the first run's journal gives the time left.
    const second = installIn('progress2', dir, home);
    screen = await second.waitFor(/steps · elapsed \d+:\d\d · ~\d+:\d\d left/, 60_000);
    ({ lines, bar } = layout(screen));
    const lastText = lines.map((l) => l.trim() !== '').lastIndexOf(true);
    assert.equal(bar, lastText, `the bar is the bottom line:\n${screen}`);
    screen = await second.waitFor(/EXIT=\d+/, 4 * 60_000);
    assert.match(screen, /EXIT=0/, screen);
    assert.match(screen, /^RECAP$/m, screen);
    assert.match(
      screen,
      /^total +: changed=[1-9]\d* ok=\d+ failed=0 skipped=[1-9]\d*/m,
      'the resumed install skipped what the first one did',
    );
    assert.match(screen, /^install ok after /m, screen);
    assert.doesNotMatch(screen, LIVE_LEFTOVERS, `no live area left:\n${screen}`);
  },
);
