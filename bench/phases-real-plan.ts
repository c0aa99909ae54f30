// Install wall time with the REAL install plan's step structure (src/phases/install: the steps,
// targets and ordering the runner schedules), each step's action replaced by a scaled sleep of
// its seed-derived duration (table below; same sources as SYNTHETIC_INSTALL in
// src/phases/runner/synthetic.ts). The real plan differs from the synthetic one: no separate
// image-pull or pre-pull steps (the first `tart clone` pulls the base image — modelled as one
// shared 1.5 min pull every clone waits for — and kubeadm init pulls its images), phases 06–12
// follow the manifests catalog one helm release / manifest per step, and phase 6 ends with a
// per-cluster wait for Ready nodes.
// Usage: npx tsx bench/phases-real-plan.ts [--ms-per-minute 40] [--concurrency 6,10] [--repeat 2]
// Writes bench/results/phases-real-plan.json; exits 1 if the default concurrency's ratio > 0.5.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/load.js';
import { packageRoot, statePaths } from '../src/config/paths.js';
import { realEndpoints } from '../src/config/endpoints.js';
import { createPhaseEnv, installPlan } from '../src/phases/index.js';
import { DEFAULT_CONCURRENCY, definePhase, definePlan, runJob, type Plan, type StepContext } from '../src/phases/runner/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const msPerMinute = Number(arg('ms-per-minute', '40'));
const concurrencies = arg('concurrency', `${DEFAULT_CONCURRENCY},10`).split(',').map(Number);
const repeat = Math.max(1, Number(arg('repeat', '2')));
const PULL_MINUTES = 1.5;

/** Minutes per step, by `<phase>/<what>` (the part of the id before `@`). */
const MINUTES: [RegExp, number, string][] = [
  [/^create-vms\/clone$/, 0.2, 'APFS clone (after the shared base image pull)'],
  [/^create-vms\/size$/, 0.05, 'tart set'],
  [/^create-vms\/boot$/, 0.4, 'tart run until the DHCP lease shows'],
  [/^prepare-nodes\/lab-key$/, 0.01, 'ssh-keygen'],
  [/^prepare-nodes\/authorize-key$/, 0.05, 'authorized_keys over SSH'],
  [/^prepare-nodes\/kernel$/, 0.35, 'swapoff, modules, sysctl, hostname'],
  [/^install-runtime\/containerd$/, 0.5, 'apt-get install containerd, SystemdCgroup, restart'],
  [/^install-kubeadm\/packages$/, 0.5, 'pkgs.k8s.io repo, kubelet/kubeadm/kubectl, hold'],
  [/^init-clusters\/kubeadm-init$/, 2.1, 'kubeadm init incl. pulling control-plane images'],
  [/^init-clusters\/kubeconfig$/, 0.05, 'cat admin.conf'],
  [/^init-clusters\/join$/, 0.6, 'token + kubeadm join'],
  [/^install-cilium\/helm-cilium$/, 1.2, 'helm install cilium --wait'],
  [/^install-cilium\/nodes-ready$/, 0.3, 'nodes turn Ready'],
  [/helm-kube-prometheus-stack$/, 3, 'CRDs and many images'],
  [/alert-webhook-logger/, 0.2, ''],
  [/prometheus-rules/, 0.1, ''],
  [/helm-loki$/, 1.5, ''],
  [/helm-jenkins$/, 2, 'plugins on first start'],
  [/helm-argocd$/, 1.5, ''],
  [/helm-metrics-server$/, 0.5, ''],
  [/apply-apps-(redis|httpbin|nginx)-yaml-demo$/, 0.3, 'pull and roll out'],
  [/apply-apps-(httpbin|nginx)-yaml-mesh$/, 0.4, 'with sidecars'],
  [/apply-network-policies/, 0.3, ''],
  [/helm-istio-base$/, 0.3, ''],
  [/helm-istiod$/, 1.7, ''],
  [/apply-istio-httpbin-traffic/, 0.3, ''],
  [/apply-/, 0.1, 'small manifests'],
];

function minutesFor(stepId: string): number {
  const what = stepId.split('@')[0] ?? stepId;
  for (const [re, m] of MINUTES) if (re.test(what)) return m;
  throw new Error(`no duration for ${stepId}`);
}

const config = loadConfig(path.join(packageRoot(), 'config', 'clusters.json'));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'k8slab-bench-real-'));
const paths = statePaths({ K8SLAB_HOME: scratch });
const real = installPlan(createPhaseEnv({ config, endpoints: realEndpoints(paths) }));

/** The real plan, every action a sleep; the first clone to start pulls the image, the others wait for it. */
function timedPlan(): Plan {
  let pull: Promise<void> | undefined;
  return definePlan(
    'install',
    real.phases.map((p) =>
      definePhase(
        p.number,
        p.name,
        p.title,
        p.steps.map((s) => ({
          id: s.id,
          title: s.title,
          target: s.target,
          check: async () => false,
          action: async (ctx: StepContext) => {
            if (s.id.startsWith('create-vms/clone@')) await (pull ??= sleep(PULL_MINUTES * msPerMinute, undefined, { signal: ctx.signal }));
            await sleep(minutesFor(s.id) * msPerMinute, undefined, { signal: ctx.signal });
          },
        })),
      ),
    ),
  );
}

async function measure(concurrency: number): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-bench-'));
    try {
      const t0 = performance.now();
      const r = await runJob(timedPlan(), { concurrency, journal: path.join(dir, 'journal.jsonl'), lock: path.join(dir, 'lab.lock') });
      if (r.outcome !== 'ok') throw new Error(`bench job ended ${r.outcome}`);
      best = Math.min(best, (performance.now() - t0) / msPerMinute);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return best;
}

const steps = real.phases.flatMap((p) => p.steps);
const sum = steps.reduce((n, s) => n + minutesFor(s.id), 0) + PULL_MINUTES;
console.log(
  `real install plan: ${real.phases.length} phases, ${steps.length} steps; sum of step times ${sum.toFixed(1)} min (pull once); 1 min = ${msPerMinute} ms; best of ${repeat}`,
);
const sequential = await measure(1);
console.log(`sequential (concurrency 1): ${sequential.toFixed(1)} min`);
const rows: { concurrency: number; wallMinutes: number; ratio: number }[] = [];
for (const c of concurrencies) {
  const wall = await measure(c);
  rows.push({ concurrency: c, wallMinutes: wall, ratio: wall / sequential });
  console.log(
    `parallel   (concurrency ${String(c).padEnd(2)}): ${wall.toFixed(1)} min, ratio ${(wall / sequential).toFixed(2)}× ${wall / sequential <= 0.5 ? '(≤ 0.5 ✓)' : '(> 0.5 ✗)'}`,
  );
}
rmSync(scratch, { recursive: true, force: true });
const out = path.join(packageRoot(), 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'phases-real-plan.json'),
  JSON.stringify(
    { at: new Date().toISOString(), msPerMinute, steps: steps.length, sumMinutes: sum, sequentialMinutes: sequential, parallel: rows },
    null,
    2,
  ) + '\n',
);
if (rows.some((r) => r.concurrency === DEFAULT_CONCURRENCY && r.ratio > 0.5)) process.exitCode = 1;
