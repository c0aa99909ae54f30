// Shutdown (seed §5.1 shutdown.sh): drain every cluster's workers through the kube service
// (evictions, so PodDisruptionBudgets hold; one worker at a time per cluster), then power the
// VMs off from inside — workers first, masters last, so the API servers see their nodes go.
import { kubeconfigPath } from '../config/paths.js';
import type { ClusterSpec } from '../config/schema.js';
import { clusterTarget, definePhase, definePlan, nodeTarget, stepId, type Plan, type StepSpec } from './runner/index.js';
import type { PhaseEnv } from './env.js';
import { kubeClient, listNodes } from './kube.js';
import { DrainError } from '../services/kube/index.js';
import { labNodes, masterOf, workersOf } from './topology.js';
import { shutdownVm, vmRunning } from './vm-power.js';

/** Workers still to drain: VM running and not cordoned. Undefined when the API server is down. */
async function undrained(env: PhaseEnv, cluster: ClusterSpec, signal: AbortSignal): Promise<string[] | undefined> {
  const running: string[] = [];
  for (const w of workersOf(cluster)) if (await vmRunning(env, w.name, signal)) running.push(w.name);
  if (running.length === 0) return [];
  if (!(await vmRunning(env, masterOf(cluster).name, signal))) return undefined;
  const client = await kubeClient(kubeconfigPath(env.paths, cluster.name), env.endpoints.reach);
  try {
    const nodes = await listNodes(client, signal);
    const cordoned = new Set(nodes.filter((n) => n.spec?.unschedulable === true).map((n) => n.metadata.name));
    return running.filter((w) => nodes.some((n) => n.metadata.name === w) && !cordoned.has(w));
  } finally {
    client.close();
  }
}

function drainPhase(env: PhaseEnv) {
  const NAME = 'drain-workers';
  const specs = env.config.clusters
    .filter((c) => workersOf(c).length > 0)
    .map((cluster): StepSpec => {
      const target = clusterTarget(cluster.name);
      return {
        id: stepId(NAME, 'drain', target),
        title: 'Drain the workers (PDBs honoured)',
        target,
        check: async (ctx) => {
          const left = await undrained(env, cluster, ctx.signal);
          if (left === undefined) ctx.log(`${masterOf(cluster).name} is not running: nothing can be drained`);
          return left === undefined || left.length === 0;
        },
        action: async (ctx) => {
          const left = (await undrained(env, cluster, ctx.signal)) ?? [];
          const client = await kubeClient(kubeconfigPath(env.paths, cluster.name), env.endpoints.reach);
          try {
            for (const worker of left) {
              ctx.log(`draining ${worker}`);
              try {
                const result = await client.drain(worker, {
                  signal: ctx.signal,
                  // bounded: a PDB that cannot be met (one worker, nowhere to go) must not hold the shutdown forever
                  timeoutMs: Math.min(env.waitMs, env.pollMs * 60),
                  evictRetryMs: env.pollMs * 2,
                  pollMs: Math.max(100, env.pollMs / 2),
                  onProgress: (p) => {
                    if (p.type === 'evicted') ctx.log(`evicted ${p.pod}`);
                  },
                });
                ctx.log(`${worker} drained: ${result.evicted.length} pods evicted, ${result.skipped.length} skipped (DaemonSet / static)`);
              } catch (err) {
                if (ctx.signal.aborted || !(err instanceof DrainError)) throw err;
                // PDBs honoured: nothing is forced out; the cordoned node goes down with what is left
                ctx.log(
                  `${worker}: ${err.message}; left in place (a PodDisruptionBudget allows no more evictions) — the node stays cordoned`,
                );
              }
            }
          } finally {
            client.close();
          }
        },
      };
    });
  return definePhase(1, NAME, 'Drain the workers', specs);
}

function powerOffPhase(env: PhaseEnv, number: number, role: 'worker' | 'master') {
  const NAME = role === 'worker' ? 'stop-workers' : 'stop-masters';
  const specs = labNodes(env.config, role).map(({ cluster, node }): StepSpec => {
    const target = nodeTarget(cluster.name, node.name);
    return {
      id: stepId(NAME, 'shutdown', target),
      title: 'Shut the VM down from inside',
      target,
      check: async (ctx) => !(await vmRunning(env, node.name, ctx.signal)),
      action: async (ctx) => {
        await shutdownVm(env, ctx, node.name, { graceMs: Math.min(env.waitMs, 90_000) });
      },
    };
  });
  return definePhase(number, NAME, role === 'worker' ? 'Shut down the workers' : 'Shut down the masters', specs);
}

export function shutdownPlan(env: PhaseEnv): Plan {
  return definePlan('shutdown', [drainPhase(env), powerOffPhase(env, 2, 'worker'), powerOffPhase(env, 3, 'master')]);
}
