// Install phases 06–12: what the manifests catalog (src/manifests/catalog.ts, manifests/README.md)
// says each phase applies to each cluster role — helm releases with the pinned charts and the
// rendered values, kubectl applies of the rendered YAML — plus, after Cilium, the wait for every
// node to turn Ready.
import { writePrivateFile } from '../../util/private-files.js';
import path from 'node:path';
import { kubeconfigPath } from '../../config/paths.js';
import { clusterRole, masterOf, type ClusterSpec } from '../../config/schema.js';
import { renderManifest, stepFile, stepsFor, varsForCluster, type InstallStep, type ManifestPhase } from '../../manifests/index.js';
import { clusterTarget, definePhase, stepId, type Phase, type StepContext, type StepSpec } from '../runner/index.js';
import type { ClusterRef } from '../cluster-ops.js';
import type { PhaseEnv } from '../env.js';
import { kubeClient, listNodes, nodeReady } from '../kube.js';
import { waitUntil } from '../topology.js';

export const STACK_PHASES: readonly { number: ManifestPhase; name: string; title: string }[] = [
  { number: 6, name: 'install-cilium', title: 'Cilium and Hubble' },
  { number: 7, name: 'install-monitoring', title: 'Monitoring stack' },
  { number: 8, name: 'install-logging', title: 'Loki' },
  { number: 9, name: 'install-cicd', title: 'Jenkins and Argo CD' },
  { number: 10, name: 'deploy-workloads', title: 'metrics-server, demo apps, HPA and PDB' },
  { number: 11, name: 'network-policies', title: 'Network policies' },
  { number: 12, name: 'install-istio', title: 'Istio' },
];

function stepWhat(step: InstallStep): string {
  return step.kind === 'helm'
    ? `helm-${step.release}`
    : `apply-${step.file.replace(/[/.]/g, '-')}${step.namespace ? `-${step.namespace}` : ''}`;
}

function stepTitle(step: InstallStep): string {
  return step.kind === 'helm'
    ? `helm ${step.release} (${step.chart}) in ${step.namespace}`
    : `kubectl apply ${step.file}${step.namespace ? ` -n ${step.namespace}` : ''}`;
}

/** Renders the step's file with the cluster's variables into the lab state (0600); undefined when it has none. */
async function renderFor(env: PhaseEnv, ctx: StepContext, cluster: ClusterSpec, step: InstallStep): Promise<string | undefined> {
  const file = stepFile(step);
  if (!file) return undefined;
  const masterIp = await env.tart.ip(masterOf(cluster).name, ctx.signal);
  const text = renderManifest(file, varsForCluster(cluster, masterIp));
  const out = path.join(env.paths.root, 'rendered', cluster.name, file);
  writePrivateFile(out, text);
  return out;
}

function catalogStep(env: PhaseEnv, phaseName: string, cluster: ClusterSpec, step: InstallStep): StepSpec {
  const target = clusterTarget(cluster.name);
  const ref: ClusterRef = { name: cluster.name, kubeconfig: kubeconfigPath(env.paths, cluster.name) };
  return {
    id: stepId(phaseName, stepWhat(step), target),
    title: stepTitle(step),
    target,
    check: async (ctx) => {
      if (step.kind === 'helm') return env.clusters.helmDeployed(ctx, ref, step);
      const file = await renderFor(env, ctx, cluster, step);
      return file !== undefined && env.clusters.applied(ctx, ref, step, file);
    },
    action: async (ctx) => {
      const file = await renderFor(env, ctx, cluster, step);
      if (step.kind === 'helm') await env.clusters.helmInstall(ctx, ref, step, file);
      else if (file) await env.clusters.apply(ctx, ref, step, file);
    },
  };
}

/** Every node of the cluster registered and Ready (after the CNI is in). */
export async function clusterNodesReady(
  env: PhaseEnv,
  cluster: ClusterSpec,
  signal: AbortSignal,
): Promise<{ ready: number; total: number; missing: string[] }> {
  const client = await kubeClient(kubeconfigPath(env.paths, cluster.name), env.endpoints.reach);
  try {
    const nodes = await listNodes(client, signal);
    const ready = new Set(nodes.filter(nodeReady).map((n) => n.metadata.name));
    const missing = cluster.nodes.map((n) => n.name).filter((n) => !ready.has(n));
    return { ready: cluster.nodes.length - missing.length, total: cluster.nodes.length, missing };
  } finally {
    client.close();
  }
}

function nodesReadyStep(env: PhaseEnv, phaseName: string, cluster: ClusterSpec): StepSpec {
  const target = clusterTarget(cluster.name);
  return {
    id: stepId(phaseName, 'nodes-ready', target),
    title: 'Wait for every node to be Ready',
    target,
    check: async (ctx) => (await clusterNodesReady(env, cluster, ctx.signal)).missing.length === 0,
    action: async (ctx) => {
      let last = '';
      await waitUntil(
        `the nodes of ${cluster.name} to be Ready`,
        async () => {
          const r = await clusterNodesReady(env, cluster, ctx.signal);
          const line = `${r.ready}/${r.total} nodes Ready${r.missing.length ? ` (waiting for ${r.missing.join(', ')})` : ''}`;
          if (line !== last) ctx.log((last = line));
          return r.missing.length === 0;
        },
        { signal: ctx.signal, timeoutMs: env.waitMs, intervalMs: Math.min(500, env.pollMs) },
      );
    },
  };
}

export function stackPhases(env: PhaseEnv): Phase[] {
  return STACK_PHASES.map(({ number, name, title }) => {
    const specs: StepSpec[] = [];
    for (const cluster of env.config.clusters) {
      const role = clusterRole(cluster);
      if (!role) continue;
      for (const step of stepsFor(number, role)) specs.push(catalogStep(env, name, cluster, step));
      if (number === 6) specs.push(nodesReadyStep(env, name, cluster));
    }
    return definePhase(number, name, title, specs);
  });
}
