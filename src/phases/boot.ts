// The daily start (seed §5.1 boot/01–03): start every VM, wait for SSH and for every node to
// be Ready (and uncordon what the last shutdown drained), then verify the services the TUI
// reads: API servers, Cilium, Hubble Relay, the monitoring endpoints.
import net from 'node:net';
import { kubeconfigPath } from '../config/paths.js';
import { clusterRole, masterOf, type ClusterSpec } from '../config/schema.js';
import { AlertmanagerClient } from '../services/alertmanager/index.js';
import { clusterTarget, definePhase, definePlan, nodeTarget, stepId, type Plan, type StepContext, type StepSpec } from './runner/index.js';
import type { PhaseEnv } from './env.js';
import { kubeClient, listNodes, listPods, nodeReady, podUp } from './kube.js';
import { labNodes, waitUntil } from './topology.js';
import { startVm, vmRunning } from './vm-power.js';

function startVmsPhase(env: PhaseEnv) {
  const NAME = 'start-vms';
  return definePhase(
    1,
    NAME,
    'Start the VMs',
    labNodes(env.config).map(({ cluster, node }): StepSpec => {
      const target = nodeTarget(cluster.name, node.name);
      return {
        id: stepId(NAME, 'start', target),
        title: 'Start the VM',
        target,
        check: async (ctx) =>
          (await vmRunning(env, node.name, ctx.signal)) &&
          (await env.tart.ip(node.name, ctx.signal).then(
            () => true,
            () => false,
          )),
        action: async (ctx) => startVm(env, ctx, node.name),
      };
    }),
  );
}

async function readiness(env: PhaseEnv, cluster: ClusterSpec, signal: AbortSignal): Promise<{ notReady: string[]; cordoned: string[] }> {
  const client = await kubeClient(kubeconfigPath(env.paths, cluster.name), env.endpoints.reach);
  try {
    const nodes = await listNodes(client, signal);
    const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
    return {
      notReady: cluster.nodes.map((n) => n.name).filter((n) => !byName.get(n) || !nodeReady(byName.get(n)!)),
      cordoned: nodes.filter((n) => n.spec?.unschedulable === true).map((n) => n.metadata.name),
    };
  } finally {
    client.close();
  }
}

function waitClustersPhase(env: PhaseEnv) {
  const NAME = 'wait-clusters';
  const specs: StepSpec[] = [];
  for (const { cluster, node } of labNodes(env.config)) {
    const target = nodeTarget(cluster.name, node.name);
    specs.push({
      id: stepId(NAME, 'ssh', target),
      title: 'Wait for SSH',
      target,
      check: async (ctx) => env.nodes.reachable(node.name, ctx.signal),
      action: async (ctx) =>
        waitUntil(`SSH on ${node.name}`, () => env.nodes.reachable(node.name, ctx.signal), {
          signal: ctx.signal,
          timeoutMs: env.waitMs,
          intervalMs: Math.min(500, env.pollMs),
        }),
    });
  }
  for (const cluster of env.config.clusters) {
    const target = clusterTarget(cluster.name);
    specs.push({
      id: stepId(NAME, 'nodes-ready', target),
      title: 'Wait for every node Ready, uncordon',
      target,
      check: async (ctx) => {
        const r = await readiness(env, cluster, ctx.signal).catch(() => undefined);
        return r !== undefined && r.notReady.length === 0 && r.cordoned.length === 0;
      },
      action: async (ctx) => {
        let last = '';
        await waitUntil(
          `every node of ${cluster.name} to be Ready`,
          async () => {
            const r = await readiness(env, cluster, ctx.signal).catch((err: unknown) => ({
              notReady: [`(API server: ${err instanceof Error ? err.message : String(err)})`],
              cordoned: [],
            }));
            const line = r.notReady.length === 0 ? 'every node Ready' : `waiting for ${r.notReady.join(', ')}`;
            if (line !== last) ctx.log((last = line));
            return r.notReady.length === 0;
          },
          { signal: ctx.signal, timeoutMs: env.waitMs, intervalMs: Math.min(500, env.pollMs) },
        );
        const { cordoned } = await readiness(env, cluster, ctx.signal);
        if (cordoned.length === 0) return;
        const client = await kubeClient(kubeconfigPath(env.paths, cluster.name), env.endpoints.reach);
        try {
          for (const n of cordoned) {
            await client.uncordon(n, ctx.signal);
            ctx.log(`uncordoned ${n}`);
          }
        } finally {
          client.close();
        }
      },
    });
  }
  return definePhase(2, NAME, 'Wait for SSH and Ready nodes', specs);
}

function tcpOpen(address: string, signal: AbortSignal): Promise<boolean> {
  const m = /^(.*):(\d+)$/.exec(address);
  if (!m?.[1] || !m[2]) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect({ host: m[1], port: Number(m[2]) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    signal.addEventListener('abort', () => done(false), { once: true });
  });
}

/** What is not right yet with a cluster's services (empty = all good). */
export async function serviceProblems(env: PhaseEnv, cluster: ClusterSpec, signal: AbortSignal): Promise<string[]> {
  const problems: string[] = [];
  const client = await kubeClient(kubeconfigPath(env.paths, cluster.name), env.endpoints.reach);
  try {
    await client.version(signal); // the API server answers
    const pods = await listPods(client, signal);
    const system = pods.filter((p) => p.metadata.namespace === 'kube-system');
    const agents = system.filter(
      (p) =>
        p.metadata.name.startsWith('cilium-') &&
        !p.metadata.name.startsWith('cilium-operator') &&
        !p.metadata.name.startsWith('cilium-envoy'),
    );
    const agentsUp = agents.filter(podUp).length;
    if (agents.length === 0 || agentsUp < cluster.nodes.length) problems.push(`Cilium agents ${agentsUp}/${cluster.nodes.length} ready`);
    if (!system.some((p) => p.metadata.name.startsWith('hubble-relay') && podUp(p))) problems.push('Hubble Relay pod not ready');
    const masterIp = await env.tart.ip(masterOf(cluster).name, signal).catch(() => undefined);
    const relay = env.endpoints.hubble(cluster.name, masterIp);
    if (!relay || !(await tcpOpen(relay, signal))) problems.push(`Hubble Relay not reachable${relay ? ` at ${relay}` : ''}`);
    if (clusterRole(cluster) === 'platform') {
      for (const app of ['prometheus', 'grafana', 'alertmanager']) {
        if (!pods.some((p) => p.metadata.namespace === 'monitoring' && p.metadata.name.includes(app) && podUp(p)))
          problems.push(`${app} not ready`);
      }
      const url = env.endpoints.alertmanager(masterIp);
      if (!url) problems.push('Alertmanager has no address');
      else
        await new AlertmanagerClient(url, { timeoutMs: 4000 })
          .status(signal)
          .catch((err: unknown) => problems.push(`Alertmanager at ${url}: ${err instanceof Error ? err.message : String(err)}`));
    }
  } finally {
    client.close();
  }
  return problems;
}

function verifyPhase(env: PhaseEnv) {
  const NAME = 'verify-services';
  const specs = env.config.clusters.map((cluster): StepSpec => {
    const target = clusterTarget(cluster.name);
    const check = async (ctx: StepContext): Promise<boolean> => {
      const problems = await serviceProblems(env, cluster, ctx.signal).catch((err: unknown) => [
        `API server: ${err instanceof Error ? err.message : String(err)}`,
      ]);
      if (problems.length > 0) ctx.log(problems.join('; '));
      return problems.length === 0;
    };
    return {
      id: stepId(NAME, 'services', target),
      title: 'API server, Cilium, Hubble Relay, monitoring',
      target,
      check,
      action: async (ctx) =>
        waitUntil(`the services of ${cluster.name}`, () => check(ctx), {
          signal: ctx.signal,
          timeoutMs: env.waitMs,
          intervalMs: env.pollMs,
        }),
    };
  });
  return definePhase(3, NAME, 'Verify the services', specs);
}

export function bootPlan(env: PhaseEnv): Plan {
  return definePlan('boot', [startVmsPhase(env), waitClustersPhase(env), verifyPhase(env)]);
}
