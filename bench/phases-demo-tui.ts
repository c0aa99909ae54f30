// A demo install started from the TUI (`:jobs`, `i`, `y` in tmux, the built bin with
// `--demo --demo-dir EMPTY`) against `install --demo --demo-dir EMPTY` on the CLI, each on a new
// empty lab, alternating, in one run. The ratio TUI / CLI is the figure (target ≤ 1.2x); the TUI's
// memory during its install (VmRSS sampled, VmHWM at the end) is reported beside.
// Run: npm run build && npx tsx bench/phases-demo-tui.ts [rounds]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TmuxSession, requireTmux } from '../test/helpers/tmux.js';

requireTmux();
const ROUNDS = Number(process.argv[2] ?? 2);
const CLI = path.resolve('dist/cli.js');
const ENV = { K8SLAB_DEMO_MS_PER_MINUTE: process.env.K8SLAB_DEMO_MS_PER_MINUTE ?? '150' };

function memoryMb(pid: number): { hwm: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
}

/** Seconds of the CLI's install job, from its job-start event to its job-end (its demo child's start-up excluded, as in the TUI). */
async function cliInstall(): Promise<number> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'k8slab-bench-cli-'));
  try {
    const child = spawn(process.execPath, [CLI, 'install', '--json', '--demo', '--demo-dir', path.join(root, 'lab')], {
      env: { ...process.env, ...ENV, K8SLAB_HOME: path.join(root, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`install --demo exited ${code}: ${out.slice(-2000)}`);
    const events = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; at: string });
    const start = events.find((e) => e.type === 'job-start');
    const end = events.find((e) => e.type === 'job-end');
    if (!start || !end) throw new Error('no job-start / job-end event');
    return (Date.parse(end.at) - Date.parse(start.at)) / 1000;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Seconds from `y` to the job's recap on screen, with the TUI's memory meanwhile. */
async function tuiInstall(): Promise<{ seconds: number; peakMb: number; maxRssMb: number }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'k8slab-bench-tui-'));
  const tui = new TmuxSession('bench', 160, 45);
  try {
    tui.start(`${CLI} --demo --demo-dir ${path.join(root, 'lab')}`, { ...ENV, K8SLAB_HOME: path.join(root, 'home') });
    await tui.waitFor(/1:platform 0\/0/, 60_000);
    const pid = Number(
      execFileSync('tmux', ['-L', tui.socket, 'display', '-p', '-t', 'bench', '#{pane_pid}'], { encoding: 'utf8' }).trim(),
    );
    tui.type(':jobs');
    tui.keys('Enter');
    await tui.waitFor(/no jobs yet/, 10_000);
    tui.keys('i');
    await tui.waitFor(/Install lab/, 5000);
    const t0 = performance.now();
    tui.keys('y');
    let maxRss = 0;
    for (;;) {
      const screen = tui.screen();
      maxRss = Math.max(maxRss, memoryMb(pid).rss);
      if (/install\s+succeeded/.test(screen)) break;
      if (/install\s+failed/.test(screen)) throw new Error(`the install failed:\n${screen}`);
      if (performance.now() - t0 > 15 * 60_000) throw new Error('the install did not finish in 15 minutes');
      await sleep(200);
    }
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, peakMb: memoryMb(pid).hwm, maxRssMb: maxRss };
  } finally {
    tui.kill();
    await sleep(500);
    rmSync(root, { recursive: true, force: true });
  }
}

const cli: number[] = [];
const tui: { seconds: number; peakMb: number; maxRssMb: number }[] = [];
for (let i = 0; i < ROUNDS; i++) {
  cli.push(await cliInstall());
  tui.push(await tuiInstall());
  console.log(
    `round ${i + 1}: CLI ${cli[i]!.toFixed(1)} s, TUI ${tui[i]!.seconds.toFixed(1)} s (TUI RSS max ${tui[i]!.maxRssMb.toFixed(0)} MB, peak ${tui[i]!.peakMb.toFixed(0)} MB)`,
  );
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const c = median(cli);
const t = median(tui.map((x) => x.seconds));
console.log(`demo install, median of ${ROUNDS}: CLI ${c.toFixed(1)} s, TUI ${t.toFixed(1)} s → ${(t / c).toFixed(2)}x (target ≤ 1.2x)`);
console.log(
  `TUI memory during the install: RSS up to ${Math.max(...tui.map((x) => x.maxRssMb)).toFixed(0)} MB, peak (VmHWM) ${Math.max(...tui.map((x) => x.peakMb)).toFixed(0)} MB`,
);
