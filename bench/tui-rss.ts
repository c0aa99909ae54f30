// Memory of the control center with a big lab: `k8slab-tui --demo --pods N`, as the issue states
// it (the demo lab runs as the TUI's child process, as a real lab runs on the VMs; its own RSS is
// shown beside). Driven in tmux like a user: the pods view, scrolling to the end and back, a
// filter typed and cleared, every view once. Peak RSS (VmHWM) and RSS at the end from
// /proc/<pid>/status; baseline in the same run: the same walk with 200 pods.
// Run: npm run build && npx tsx bench/tui-rss.ts [pods]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TmuxSession, requireTmux } from '../test/helpers/tmux.js';

requireTmux();
const BIG = Number(process.argv[2] ?? 20_000);
const BASE = 200;
const RSS_BUDGET_MB = 250;

function memoryMb(pid: number): { hwm: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
}

async function walk(pods: number): Promise<{ hwm: number; rss: number; shown: number; labRss: number }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'k8slab-rss-'));
  const tui = new TmuxSession('rss', 160, 45);
  try {
    // The bin itself, as `npx k8slab-tui` starts it (its shebang carries the node flags).
    tui.start(`./dist/cli.js --demo --pods ${pods}`, { K8SLAB_HOME: home });
    await tui.waitFor(/1:platform 3\/3/, 60_000);
    const pid = Number(execFileSync('tmux', ['-L', tui.socket, 'display', '-p', '-t', 'rss', '#{pane_pid}'], { encoding: 'utf8' }).trim());
    tui.type(':pods');
    tui.keys('Enter');
    // Wait until the list holds (nearly) every pod of the lab: all four clusters synced.
    let shown = 0;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const m = /Pods: all clusters · (\d+)/.exec(tui.screen());
      shown = m ? Number(m[1]) : 0;
      if (shown >= pods) break;
      await sleep(250);
    }
    if (shown < pods) throw new Error(`the pods view shows ${shown} pods, expected at least ${pods}`);
    for (let i = 0; i < 3; i++) {
      tui.keys('G');
      await sleep(300);
      tui.keys('g');
      await sleep(300);
      for (let j = 0; j < 40; j++) tui.keys('j');
      tui.keys('/');
      tui.type('web-01');
      await sleep(500);
      tui.keys('Escape');
      await sleep(300);
      tui.keys('>');
      await sleep(300);
    }
    for (const view of ['clusters', 'vms', 'nodes', 'flows', 'alerts', 'jobs', 'pods']) {
      tui.type(`:${view}`);
      tui.keys('Enter');
      await sleep(1000);
    }
    await sleep(5000); // a poll cycle of every source
    const mem = memoryMb(pid);
    const labPid = Number(
      execFileSync('pgrep', ['-P', String(pid), '-f', 'demo'], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );
    const lab = memoryMb(labPid);
    tui.keys('q');
    await sleep(3000); // the TUI stops its demo lab on the way out
    return { ...mem, shown, labRss: lab.rss };
  } finally {
    tui.kill();
  }
}

const base = await walk(BASE);
const big = await walk(BIG);
const row = (label: string, r: { hwm: number; rss: number; shown: number; labRss: number }): string =>
  `${label.padEnd(14)} ${String(r.shown).padStart(6)} pods shown   peak RSS ${r.hwm.toFixed(0).padStart(4)} MB   RSS at the end ${r.rss.toFixed(0).padStart(4)} MB   (its demo lab process: ${r.labRss.toFixed(0)} MB)`;
console.log(`k8slab-tui --demo --pods N, the TUI process, 160x45 in tmux (node ${process.version})`);
console.log(row(`${BASE} pods`, base));
console.log(row(`${BIG} pods`, big));
console.log(
  `ratio peak ${(big.hwm / base.hwm).toFixed(2)}x; peak with ${BIG} pods ≤ ${RSS_BUDGET_MB} MB: ${big.hwm <= RSS_BUDGET_MB ? 'ok' : 'OVER'}`,
);
process.exitCode = big.hwm <= RSS_BUDGET_MB ? 0 : 1;
