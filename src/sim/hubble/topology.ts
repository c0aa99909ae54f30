// What the demo relay knows about the lab: clusters → namespaces → pods with IPs, nodes and
// labels. The demo lab hands in its own pods; demoHubbleTopology() builds a plausible default
// (demo apps, DNS, monitoring) from a cluster list such as config/clusters.json's.

export interface SimHubblePod {
  name: string;
  ip: string;
  /** The node the pod runs on (node_name on the wire becomes "<cluster>/<node>"). */
  node: string;
  labels?: Record<string, string>;
}

export interface SimHubbleNamespace {
  name: string;
  pods: SimHubblePod[];
}

export interface SimHubbleCluster {
  name: string;
  /** Node names; taken from the pods when absent. */
  nodes?: string[];
  namespaces: SimHubbleNamespace[];
}

export interface SimHubbleTopology {
  clusters: SimHubbleCluster[];
}

/** A pod as the generator sees it: flattened, with Cilium-style label strings and an identity. */
export interface ResolvedPod {
  cluster: string;
  namespace: string;
  name: string;
  ip: string;
  node: string;
  labels: Record<string, string>;
  ciliumLabels: string[];
  identity: number;
  endpointId: number;
}

/** Security identity from the label set: stable across runs, in the user range (≥ 256) like Cilium's. */
export function identityOf(labels: readonly string[]): number {
  let h = 2166136261;
  for (const ch of [...labels].sort().join(',')) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return 256 + (h % 65000);
}

export function resolvePods(topology: SimHubbleTopology): ResolvedPod[] {
  const out: ResolvedPod[] = [];
  let endpointId = 100;
  for (const cluster of topology.clusters) {
    for (const ns of cluster.namespaces) {
      for (const pod of ns.pods) {
        const labels = pod.labels ?? {};
        const ciliumLabels = [
          ...Object.entries(labels).map(([k, v]) => `k8s:${k}=${v}`),
          `k8s:io.kubernetes.pod.namespace=${ns.name}`,
          `k8s:io.cilium.k8s.policy.cluster=${cluster.name}`,
        ];
        out.push({
          cluster: cluster.name,
          namespace: ns.name,
          name: pod.name,
          ip: pod.ip,
          node: pod.node,
          labels,
          ciliumLabels,
          identity: identityOf(ciliumLabels.filter((l) => !l.includes('pod-template-hash'))),
          endpointId: endpointId++,
        });
      }
    }
  }
  return out;
}

export function nodesOf(topology: SimHubbleTopology): string[] {
  const nodes = new Set<string>();
  for (const c of topology.clusters) {
    for (const n of c.nodes ?? []) nodes.add(`${c.name}/${n}`);
    for (const ns of c.namespaces) for (const p of ns.pods) nodes.add(`${c.name}/${p.node}`);
  }
  return [...nodes];
}

/** The minimum a cluster needs for the default topology (config/clusters.json's shape fits). */
export interface DemoClusterInput {
  name: string;
  pod_cidr: string;
  nodes: { name: string; role?: string }[];
}

function podIp(cidr: string, index: number): string {
  const base = (cidr.split('/')[0] ?? '10.0.0.0').split('.').map(Number);
  const n = index + 10;
  return `${base[0] ?? 10}.${base[1] ?? 0}.${Math.floor(n / 250) + 1}.${(n % 250) + 2}`;
}

function hash5(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) + 7919 * (i + 1);
  }
  return out;
}

/** The seed's demo apps on every cluster: nginx → httpbin, redis, kube-dns, prometheus. */
export function demoHubbleTopology(clusters: readonly DemoClusterInput[]): SimHubbleTopology {
  return {
    clusters: clusters.map((c) => {
      const workers = c.nodes.filter((n) => n.role !== 'master').map((n) => n.name);
      const master = c.nodes.find((n) => n.role === 'master')?.name ?? c.nodes[0]?.name ?? `${c.name}-master`;
      const pool = workers.length > 0 ? workers : [master];
      let i = 0;
      const pod = (name: string, labels: Record<string, string>, node?: string): SimHubblePod => {
        const index = i++;
        return { name, ip: podIp(c.pod_cidr, index), node: node ?? pool[index % pool.length] ?? master, labels };
      };
      const deploy = (app: string, replicas: number, extra: Record<string, string> = {}): SimHubblePod[] =>
        Array.from({ length: replicas }, (_, r) => {
          const rs = hash5(`${c.name}/${app}`).slice(0, 5);
          return pod(`${app}-7d${rs}-${hash5(`${c.name}/${app}/${r}`)}`, { app, 'pod-template-hash': `7d${rs}`, ...extra });
        });
      return {
        name: c.name,
        nodes: c.nodes.map((n) => n.name),
        namespaces: [
          {
            name: 'kube-system',
            pods: [
              pod(`coredns-6f${hash5(c.name)}-a1`, { 'k8s-app': 'kube-dns' }, master),
              pod(`coredns-6f${hash5(c.name)}-b2`, { 'k8s-app': 'kube-dns' }),
            ],
          },
          { name: 'demo', pods: [...deploy('nginx', 2), ...deploy('httpbin', 2), pod('redis-0', { app: 'redis' })] },
          { name: 'monitoring', pods: [pod('prometheus-0', { app: 'prometheus' })] },
        ],
      };
    }),
  };
}
