// Launch to first frame under tmux: the built CLI vs a bare (unbundled) Ink hello world started
// the same way, alternating, in one run. Run: npm run build && npx tsx bench/tui-startup.ts [rounds]
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TmuxSession, requireTmux } from '../test/helpers/tmux.js';

requireTmux();
const rounds = Number(process.argv[2] ?? 8);
const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-bench-'));
// The hello world lives inside the project so that it resolves the same node_modules/ink.
const hello = path.resolve('bench/.hello-ink.mjs');
writeFileSync(
  hello,
  "import React from 'react'; import { render, Text } from 'ink';\nrender(React.createElement(Text, null, 'HELLO-FRAME'));\nsetTimeout(() => process.exit(0), 3000);\n",
);

async function firstFrame(command: string, marker: RegExp): Promise<number> {
  const s = new TmuxSession('bench', 120, 40);
  const started = performance.now();
  s.start(command, { K8SLAB_HOME: dir });
  try {
    await s.waitFor(marker, 15_000);
    return performance.now() - started;
  } finally {
    s.kill();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ours: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < rounds; i++) {
  baseline.push(await firstFrame(`${process.execPath} ${hello}`, /HELLO-FRAME/));
  ours.push(await firstFrame(`${process.execPath} dist/cli.js --host-cores 16 --host-memory 128`, /1:platform/));
}
const m = { ours: median(ours), baseline: median(baseline) };
console.log(`rounds: ${rounds} (alternating; tmux session start included in both)`);
console.log(`bare Ink hello world (unbundled): median ${m.baseline.toFixed(0)} ms`);
console.log(`k8slab-tui (bundled):             median ${m.ours.toFixed(0)} ms`);
console.log(`ratio ours / hello world: ${(m.ours / m.baseline).toFixed(2)}`);
