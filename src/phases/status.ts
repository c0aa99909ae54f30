// `k8slab-tui status`: VM → node → pod for every cluster, from tart, the API servers and nothing
// else (no SSH: it must answer fast even when nodes hang). A cluster whose API server cannot be
// reached is reported with the reason, not fatal.
import { kubeconfigPath } from '../config/paths.js';
import type { LabConfig } from '../config/schema.js';
import type { TartClient } from '../services/tart/index.js';
import { podStatus } from '../services/kube/pod-status.js';
import type { LabEndpoints } from '../config/endpoints.js';
import { kubeClient, listNodes, listPods, nodeReady, podUp } from './kube.js';

export interface NodeStatus {
  name: string;
  role: 'master' | 'worker';
  vm: 'running' | 'stopped' | 'suspended' | 'missing';
  ip?: string;
  /** Absent when the node is not registered or the API server was not reachable. */
  node?: { ready: boolean; schedulable: boolean; kubelet?: string };
  pods: { total: number; up: number };
}

export interface ClusterStatus {
  name: string;
  api: { reachable: boolean; version?: string; error?: string };
  nodes: NodeStatus[];
  pods: {
    total: number;
    up: number;
    notUp: {
      namespace: string;
      name: string;
      phase: string;
      /** kubectl's STATUS word (CrashLoopBackOff, Init:0/1 …) */ status: string;
      node?: string;
    }[];
  };
}

export interface LabStatus {
  lab: string;
  at: string;
  clusters: ClusterStatus[];
}

/** The lab as its endpoints reach it (the address plan included: a lab address is never dialled unless the plan says so). */
export async function collectStatus(
  config: LabConfig,
  endpoints: Pick<LabEndpoints, 'paths' | 'reach'>,
  tart: TartClient,
  signal?: AbortSignal,
): Promise<LabStatus> {
  const { paths, reach } = endpoints;
  // No catch: when tart itself fails (not installed, broken) every VM would read "missing",
  // which is wrong; the caller reports the error. A lab with no VMs lists [] and reads missing.
  const listed = await tart.list(signal ? { signal } : {});
  const vms = new Map(listed.filter((v) => v.source === 'local').map((v) => [v.name, v]));
  const clusters = await Promise.all(
    config.clusters.map(async (cluster): Promise<ClusterStatus> => {
      const nodes: NodeStatus[] = await Promise.all(
        cluster.nodes.map(async (n): Promise<NodeStatus> => {
          const vm = vms.get(n.name);
          const ip = vm?.running ? await tart.ip(n.name, signal).catch(() => undefined) : undefined;
          return { name: n.name, role: n.role, vm: vm ? vm.state : 'missing', ...(ip ? { ip } : {}), pods: { total: 0, up: 0 } };
        }),
      );
      const status: ClusterStatus = { name: cluster.name, api: { reachable: false }, nodes, pods: { total: 0, up: 0, notUp: [] } };
      try {
        const client = await kubeClient(kubeconfigPath(paths, cluster.name), reach);
        try {
          const version = await client.version(signal);
          const [kNodes, kPods] = await Promise.all([listNodes(client, signal), listPods(client, signal)]);
          status.api = { reachable: true, version: version.gitVersion };
          for (const ns of nodes) {
            const k = kNodes.find((x) => x.metadata.name === ns.name);
            if (k)
              ns.node = {
                ready: nodeReady(k),
                schedulable: k.spec?.unschedulable !== true,
                ...(k.status?.nodeInfo?.kubeletVersion ? { kubelet: k.status.nodeInfo.kubeletVersion } : {}),
              };
          }
          for (const p of kPods) {
            const up = podUp(p);
            status.pods.total += 1;
            if (up) status.pods.up += 1;
            else
              status.pods.notUp.push({
                namespace: p.metadata.namespace ?? 'default',
                name: p.metadata.name,
                phase: p.status?.phase ?? 'Unknown',
                status: podStatus(p),
                ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}),
              });
            const owner = nodes.find((n) => n.name === p.spec?.nodeName);
            if (owner) {
              owner.pods.total += 1;
              if (up) owner.pods.up += 1;
            }
          }
        } finally {
          client.close();
        }
      } catch (err) {
        status.api = { reachable: false, error: err instanceof Error ? err.message : String(err) };
      }
      return status;
    }),
  );
  return { lab: config.name, at: new Date().toISOString(), clusters };
}

export function formatStatus(status: LabStatus): string[] {
  const lines = [`lab ${status.lab} at ${status.at}`];
  for (const c of status.clusters) {
    lines.push(
      '',
      `${c.name}: API ${c.api.reachable ? `up (${c.api.version ?? '?'})` : `down${c.api.error ? ` — ${c.api.error}` : ''}`}, pods ${c.pods.up}/${c.pods.total} up`,
    );
    const width = Math.max(...c.nodes.map((n) => n.name.length));
    for (const n of c.nodes) {
      const node = n.node ? `${n.node.ready ? 'Ready' : 'NotReady'}${n.node.schedulable ? '' : ',SchedulingDisabled'}` : '-';
      lines.push(
        `  ${n.name.padEnd(width)}  ${n.role.padEnd(6)}  vm ${n.vm.padEnd(9)} ${(n.ip ?? '-').padEnd(15)}  node ${node.padEnd(27)}  pods ${n.pods.up}/${n.pods.total}`,
      );
    }
    for (const p of c.pods.notUp.slice(0, 10)) lines.push(`  not up: ${p.namespace}/${p.name} ${p.status}${p.node ? ` on ${p.node}` : ''}`);
    if (c.pods.notUp.length > 10) lines.push(`  … and ${c.pods.notUp.length - 10} more not up`);
  }
  return lines;
}

/** Exit status for `status`: 0 when every VM runs, every node is Ready and every pod is up. */
export function statusHealthy(status: LabStatus): boolean {
  return status.clusters.every(
    (c) => c.api.reachable && c.pods.notUp.length === 0 && c.nodes.every((n) => n.vm === 'running' && n.node?.ready === true),
  );
}
