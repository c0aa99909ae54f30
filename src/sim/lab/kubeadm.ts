// What kubeadm leaves in a simulated cluster, through the same API engine everything else goes
// through: `kubeadm init` — the master node (NotReady until a CNI runs on it), the static
// control-plane pods, and the CoreDNS addon (its Deployment, whose pods stay Pending until a
// node is Ready, and the kube-dns Service); `kubeadm join` — a worker node.
import type { ClusterSpec } from '../../config/schema.js';
import type { SimClusterState } from '../kube/index.js';
import { c, rand } from '../kube/seed.js';

export const KUBELET_VERSION = 'v1.31.4';
const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';

/** `ip`: the node's lab address (the demo lab's address plan); default by its place in the cluster. */
export function addClusterNode(state: SimClusterState, spec: ClusterSpec, nodeName: string, ready: boolean, ip?: string): void {
  const n = spec.nodes.find((x) => x.name === nodeName);
  if (!n || state.get('nodes', undefined, nodeName)) return;
  const idx = spec.nodes.indexOf(n);
  state.addNode({
    name: n.name,
    role: n.role,
    cpu: n.cpu,
    memoryMb: n.memory,
    diskGb: n.disk,
    internalIP: ip ?? `192.168.64.${10 + idx}`,
    kubeletVersion: KUBELET_VERSION,
    ready,
  });
}

/** The tenth address of the Service CIDR: where kubeadm puts kube-dns. */
function dnsServiceIp(serviceCidr: string): string {
  const [a, b, cc] = serviceCidr.split('/')[0]!.split('.');
  return `${a}.${b}.${cc}.10`;
}

/** kubeadm's CoreDNS addon: its ConfigMap, Deployment (2 replicas) and the kube-dns Service. */
export function corednsAddon(state: SimClusterState, spec: ClusterSpec): void {
  const labels = { 'k8s-app': 'kube-dns' };
  const objects: Record<string, unknown>[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: 'kube-system' },
      data: {
        Corefile:
          '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n',
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            containers: [
              {
                name: 'coredns',
                image: COREDNS_IMAGE,
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                  { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
                ],
                resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
              },
            ],
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' } },
      spec: {
        selector: labels,
        clusterIP: dnsServiceIp(spec.service_cidr),
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
  ];
  for (const obj of objects) {
    const r = state.createObject(obj, { namespace: 'kube-system' });
    if (!r.ok && r.status.code !== 409) throw new Error(`kubeadm addon ${String((obj as { kind: string }).kind)}: ${r.status.message}`);
  }
}

/** kubeadm init: the master node (NotReady until the CNI), static control-plane pods, CoreDNS. */
export function controlPlane(state: SimClusterState, spec: ClusterSpec, master: string, ip?: string): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) state.ensureNamespace(ns);
  addClusterNode(state, spec, master, false, ip);
  const node = state.get('nodes', undefined, master);
  for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    if (state.get('pods', 'kube-system', `${name}-${master}`)) continue;
    state.addPod({
      namespace: 'kube-system',
      name: `${name}-${master}`,
      nodeName: master,
      labels: { component: name, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.mirror': rand(10), 'kubernetes.io/config.source': 'file' },
      containers: [c(name, `registry.k8s.io/${name === 'etcd' ? 'etcd:3.5.15-0' : `${name}:${KUBELET_VERSION}`}`)],
      owner: { kind: 'Node', name: master, apiVersion: 'v1', ...(node ? { uid: node.metadata.uid } : {}) },
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
    });
  }
  corednsAddon(state, spec);
}
