// Idle CPU of the control center with default polling (5 s): the TUI attached (--demo-lab) to a
// headless demo lab in another process, so that the simulated servers' work is not counted as
// the TUI's (on a real lab they run on the VMs). Baseline in the same run: the demo lab's process
// with nobody attached, then while the TUI is attached. CPU from /proc/<pid>/stat.
// Run: npm run build && npx tsx bench/tui-idle-cpu.ts [seconds]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TmuxSession, requireTmux } from '../test/helpers/tmux.js';

requireTmux();
const seconds = Number(process.argv[2] ?? 30);
const WARMUP_MS = 20_000;
const TICKS = 100; // USER_HZ on Linux
const home = mkdtempSync(path.join(os.tmpdir(), 'k8slab-idle-'));

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime (fields 14 and 15)
}

async function measure(pid: number): Promise<number> {
  await sleep(WARMUP_MS);
  return measureNow(pid);
}

async function measureNow(pid: number): Promise<number> {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  return ((cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
}

// The headless demo lab, its endpoints in a file for the TUI.
const lab = spawn(process.execPath, ['dist/cli.js', 'demo'], {
  env: { ...process.env, K8SLAB_HOME: home },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const infoLine = await new Promise<string>((resolve) => lab.stdout!.once('data', (b: Buffer) => resolve(b.toString())));
const infoFile = path.join(home, 'lab.json');
writeFileSync(infoFile, infoLine);
const labAlone = await measure(lab.pid!);

const tui = new TmuxSession('idle', 160, 45);
tui.start(`${process.execPath} dist/cli.js --demo-lab ${infoFile}`, { K8SLAB_HOME: home });
await tui.waitFor(/1:platform 3\/3/, 40_000);
const tuiPid = Number(execFileSync('pgrep', ['-n', '-f', 'dist/cli.js --demo-lab'], { encoding: 'utf8' }).trim());
// Three windows one after the other: the demo lab lives (crash loops, restarts), so one window
// can catch more of it than another; the median is the figure, the spread shows the noise.
const [tuiWindows, labServing] = await Promise.all([
  (async () => {
    const first = await measure(tuiPid);
    const rest: number[] = [];
    for (let i = 0; i < 2; i++) rest.push(await measureNow(tuiPid));
    return [first, ...rest];
  })(),
  measure(lab.pid!),
]);
const sortedTui = [...tuiWindows].sort((a, b) => a - b);
const tuiPct = sortedTui[1]!;
tui.keys('q');
await sleep(1500);
tui.kill();
lab.kill('SIGINT');
await new Promise((r) => lab.once('exit', r));

console.log(
  `windows: 3 × ${seconds} s (the demo lab alone: 1) after ${WARMUP_MS / 1000} s warm-up, % of one core, default 5 s polling, clusters view, nobody typing`,
);
console.log(`demo lab process, nobody attached:      ${labAlone.toFixed(2)} %`);
console.log(`demo lab process, serving the TUI:      ${labServing.toFixed(2)} %  (ratio ${(labServing / labAlone).toFixed(2)})`);
console.log(
  `the TUI process (feeds + rendering):    ${tuiPct.toFixed(2)} %  median of 3 windows (${tuiWindows.map((w) => w.toFixed(2)).join(' / ')}), budget 2 %`,
);
