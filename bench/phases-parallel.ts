// Install wall time, parallel plan vs one step after another: the seed's 12 phases on the
// default lab (4 clusters, 10 nodes) with the synthetic duration table (SYNTHETIC_INSTALL in
// src/phases/runner/synthetic.ts, shared with the tests; printed below with each row's reason),
// run through the real runner (journal with fsync, lock, events) with time scaled down.
//
// Why these durations: the seed's bash install does everything one step after another and takes
// 45–60 min without a golden image; the table sums to ≈ 58 min on the default lab. Node work
// (clone, boot, apt installs) is 0.2–0.6 min per node and repeats on 10 nodes; kubeadm init
// ≈ 1.5 min per cluster; Cilium ≈ 1.5 min per cluster; the platform's helm stacks
// (kube-prometheus-stack 3, Loki 1.5, Jenkins 2, ArgoCD 1.5) and dev's Istio (≈ 4) are long
// single-cluster chains that no fan-out shortens — they bound the parallel figure.
//
// Each figure is the best of --repeat runs (default 3): this box is shared, and scheduling noise
// only ever adds time.
// Usage: npx tsx bench/phases-parallel.ts [--ms-per-minute 40] [--concurrency 6,10] [--repeat 3]
// Reports minutes (scaled back), the ideal figures from a scheduling model of the same rules,
// and the ratio parallel / sequential (target ≤ 0.5). Writes bench/results/phases-parallel.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { packageRoot } from '../src/config/paths.js';
import { DEFAULT_CONCURRENCY, phaseDependencies, runJob, type Plan } from '../src/phases/runner/index.js';
import { buildSyntheticPlan, SYNTHETIC_INSTALL } from '../test/helpers/synthetic-plan.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const msPerMinute = Number(arg('ms-per-minute', '40'));
const concurrencies = arg('concurrency', `${DEFAULT_CONCURRENCY},10`).split(',').map(Number);
const repeat = Math.max(1, Number(arg('repeat', '3')));

/** Minutes the runner's rules would take with zero overhead: phases in order, list scheduling. */
function idealMinutes(plan: Plan, minutes: Map<string, number>, concurrency: number): number {
  let total = 0;
  for (const phase of plan.phases) {
    const deps = phaseDependencies(phase);
    const finish = new Map<string, number>();
    let pending = [...phase.steps];
    const running: { id: string; end: number }[] = [];
    let now = 0;
    while (pending.length > 0 || running.length > 0) {
      for (const step of [...pending]) {
        if (running.length >= concurrency) break;
        if ((deps.get(step.id) ?? []).every((d) => finish.has(d))) {
          running.push({ id: step.id, end: now + (minutes.get(step.id) ?? 0) });
          pending = pending.filter((s) => s !== step);
        }
      }
      running.sort((a, b) => a.end - b.end);
      const next = running.shift();
      if (!next) break;
      now = next.end;
      finish.set(next.id, now);
    }
    total += now;
  }
  return total;
}

async function measure(concurrency: number): Promise<{ wallMinutes: number; actions: number }> {
  let best = { wallMinutes: Number.POSITIVE_INFINITY, actions: 0 };
  for (let i = 0; i < repeat; i++) {
    const run = await measureOnce(concurrency);
    if (run.wallMinutes < best.wallMinutes) best = run;
  }
  return best;
}

async function measureOnce(concurrency: number): Promise<{ wallMinutes: number; actions: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-bench-'));
  try {
    const { plan, lab } = buildSyntheticPlan(config, { msPerMinute });
    const t0 = performance.now();
    const result = await runJob(plan, { concurrency, journal: path.join(dir, 'journal.jsonl'), lock: path.join(dir, 'lab.lock') });
    const wall = performance.now() - t0;
    if (result.outcome !== 'ok') throw new Error(`bench job ended ${result.outcome}`);
    return { wallMinutes: wall / msPerMinute, actions: lab.actionsRun.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const config = loadConfig(path.join(packageRoot(), 'config', 'clusters.json'));
const { plan, minutes } = buildSyntheticPlan(config, { msPerMinute });
const steps = plan.phases.reduce((n, p) => n + p.steps.length, 0);
const sum = [...minutes.values()].reduce((a, b) => a + b, 0);
const nodes = config.clusters.reduce((n, c) => n + c.nodes.length, 0);

const fmt = (m: number): string => `${m.toFixed(1).padStart(5)} min`;
console.log('duration table (minutes per execution × executions on this lab):');
for (const phase of SYNTHETIC_INSTALL) {
  for (const def of phase.steps) {
    const count = [...minutes.keys()].filter((id) => id.startsWith(`${phase.name}/${def.what}@`)).length;
    console.log(
      `  ${String(phase.number).padStart(2)} ${`${phase.name}/${def.what}`.padEnd(36)} ${def.scope.padEnd(7)} ${def.minutes.toFixed(1)} × ${String(count).padStart(2)} = ${(def.minutes * count).toFixed(1).padStart(4)}  ${def.why ?? ''}`,
    );
  }
}
console.log(
  `install: ${plan.phases.length} phases, ${steps} steps, ${config.clusters.length} clusters, ${nodes} nodes; sum of step times ${sum.toFixed(1)} min; 1 min = ${msPerMinute} ms; best of ${repeat}`,
);

const sequential = await measure(1);
const rows: { concurrency: number; idealMinutes: number; wallMinutes: number; ratio: number }[] = [];
const idealSequential = idealMinutes(plan, minutes, 1);
console.log(`sequential (concurrency 1): ${fmt(sequential.wallMinutes)} measured, ${fmt(idealSequential)} ideal`);
const overheadMs = ((sequential.wallMinutes - idealSequential) * msPerMinute) / steps;
for (const c of concurrencies) {
  const run = await measure(c);
  const ideal = idealMinutes(plan, minutes, c);
  const ratio = run.wallMinutes / sequential.wallMinutes;
  rows.push({ concurrency: c, idealMinutes: ideal, wallMinutes: run.wallMinutes, ratio });
  console.log(
    `parallel   (concurrency ${String(c).padEnd(2)}): ${fmt(run.wallMinutes)} measured, ${fmt(ideal)} ideal, ratio ${ratio.toFixed(2)}× ${ratio <= 0.5 ? '(≤ 0.5 ✓)' : '(> 0.5 ✗)'}`,
  );
}
const unbounded = idealMinutes(plan, minutes, Number.POSITIVE_INFINITY);
console.log(`critical path (unbounded concurrency, phases in order): ${fmt(unbounded)} ideal`);
console.log(
  `runner overhead ≈ ${overheadMs.toFixed(1)} ms per step (timers, journal fsync), negligible against minute-long steps but visible at this scale`,
);

const out = path.join(packageRoot(), 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'phases-parallel.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      msPerMinute,
      steps,
      sumMinutes: sum,
      sequential: { wallMinutes: sequential.wallMinutes, idealMinutes: idealSequential },
      overheadMsPerStep: overheadMs,
      parallel: rows,
      criticalPathMinutes: unbounded,
    },
    null,
    2,
  ) + '\n',
);
if (rows.some((r) => r.concurrency === DEFAULT_CONCURRENCY && r.ratio > 0.5)) process.exitCode = 1;
