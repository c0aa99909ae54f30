// Builds a finished cluster from a ClusterSpec: what `kubectl get nodes,pods -A` shows on the
// real lab after the twelve install phases — kubeadm control plane, Cilium + Hubble, CoreDNS,
// and the cluster role's workloads (seed §3.1) — plus optional filler pods for benchmarks.
import { randomUUID } from 'node:crypto';
import { clusterRole, type ClusterSpec } from '../../config/schema.js';
import { SimClusterState, type ContainerInput, type SimClusterStateOptions } from './state.js';

export interface SeedOptions {
  /** Extra pods spread across `load-*` namespaces and the workers (benchmarks: 5,000). */
  extraPods?: number;
  /** Log lines written per seeded container. */
  logLines?: number;
  /** When the cluster was "installed" (ms epoch); ages are relative to it. */
  installedAt?: number;
  kubeletVersion?: string;
  /** Overrides whether metrics-server is installed (default: dev, staging, prod have it). */
  metricsServer?: boolean;
  /**
   * false: only what kubeadm leaves (nodes, static control-plane pods) and the filler pods; the
   * demo lab installs everything else through its chart catalog and manifests, as install does.
   */
  workloads?: boolean;
  /** Node name → InternalIP (the demo lab's address plan); default 192.168.64.(10 + index). */
  nodeAddresses?: Readonly<Record<string, string>>;
}

const DAY = 86_400_000;
// The alphabet Kubernetes uses for generated names (no vowels, no look-alike digits).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const rand = (n: number): string => Array.from({ length: n }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('');
const hash = (): string => rand(10);
const suffix = (): string => rand(5);

/** A Deployment or StatefulSet as the simulated cluster shows it: its pods, not the object. */
export interface Workload {
  namespace: string;
  name: string;
  replicas: number;
  containers: ContainerInput[];
  labels?: Record<string, string>;
  kind?: 'Deployment' | 'StatefulSet';
  logs?: string[];
}

export const c = (name: string, image: string, cpu = '100m', mem = '128Mi'): ContainerInput => ({
  name,
  image,
  cpuRequest: cpu,
  memoryRequest: mem,
});

function roleWorkloads(role: string | undefined): Workload[] {
  const demo = (replicas: number, sidecar: boolean): Workload[] => {
    const side = sidecar ? [c('istio-proxy', 'docker.io/istio/proxyv2:1.24.2', '10m', '40Mi')] : [];
    return [
      {
        namespace: 'demo',
        name: 'nginx',
        replicas,
        containers: [c('nginx', 'nginx:1.27', '50m', '64Mi'), ...side],
        labels: { app: 'nginx' },
        logs: ['10.0.0.1 - - "GET / HTTP/1.1" 200 615', '10.0.0.1 - - "GET /healthz HTTP/1.1" 200 2'],
      },
      {
        namespace: 'demo',
        name: 'httpbin-v1',
        replicas: 2,
        containers: [c('httpbin', 'kennethreitz/httpbin:latest'), ...side],
        labels: { app: 'httpbin', version: 'v1' },
        logs: ['[INFO] Listening at: http://0.0.0.0:80', '[INFO] Booting worker with pid: 8'],
      },
      {
        namespace: 'demo',
        name: 'httpbin-v2',
        replicas: 1,
        containers: [c('httpbin', 'kennethreitz/httpbin:latest'), ...side],
        labels: { app: 'httpbin', version: 'v2' },
        logs: ['[INFO] Listening at: http://0.0.0.0:80'],
      },
      {
        namespace: 'demo',
        name: 'redis',
        replicas: 1,
        kind: 'StatefulSet',
        containers: [c('redis', 'redis:7.4', '100m', '256Mi'), ...side],
        labels: { app: 'redis' },
        logs: ['1:M * Ready to accept connections tcp'],
      },
    ];
  };
  const metricsServer: Workload = {
    namespace: 'kube-system',
    name: 'metrics-server',
    replicas: 1,
    containers: [c('metrics-server', 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', '100m', '200Mi')],
    labels: { 'k8s-app': 'metrics-server' },
    logs: ['I1128 09:00:00.000000       1 serving.go:374] Generated self-signed cert'],
  };
  switch (role) {
    case 'platform':
      return [
        {
          namespace: 'monitoring',
          name: 'prometheus-server',
          replicas: 1,
          kind: 'StatefulSet',
          containers: [
            c('prometheus', 'quay.io/prometheus/prometheus:v2.55.1', '500m', '1Gi'),
            c('config-reloader', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.78.2', '10m', '25Mi'),
          ],
          labels: { app: 'prometheus' },
          logs: ['ts=2026-11-28T09:00:00Z level=info msg="Server is ready to receive web requests."'],
        },
        {
          namespace: 'monitoring',
          name: 'grafana',
          replicas: 1,
          containers: [c('grafana', 'grafana/grafana:11.3.1', '100m', '256Mi')],
          labels: { app: 'grafana' },
          logs: ['logger=http.server level=info msg="HTTP Server Listen" address=[::]:3000'],
        },
        {
          namespace: 'monitoring',
          name: 'loki',
          replicas: 1,
          kind: 'StatefulSet',
          containers: [c('loki', 'grafana/loki:3.3.0', '200m', '512Mi')],
          labels: { app: 'loki' },
          logs: ['level=info msg="Loki started"'],
        },
        {
          namespace: 'monitoring',
          name: 'alertmanager',
          replicas: 1,
          kind: 'StatefulSet',
          containers: [c('alertmanager', 'quay.io/prometheus/alertmanager:v0.27.0', '50m', '64Mi')],
          labels: { app: 'alertmanager' },
          logs: ['level=info msg="Listening" address=:9093'],
        },
        {
          namespace: 'jenkins',
          name: 'jenkins',
          replicas: 1,
          kind: 'StatefulSet',
          containers: [c('jenkins', 'jenkins/jenkins:2.479.2-lts', '500m', '1Gi')],
          labels: { app: 'jenkins' },
          logs: ['INFO hudson.lifecycle.Lifecycle#onReady: Jenkins is fully up and running'],
        },
        {
          namespace: 'argocd',
          name: 'argocd-server',
          replicas: 1,
          containers: [c('argocd-server', 'quay.io/argoproj/argocd:v2.13.2')],
          labels: { app: 'argocd-server' },
          logs: ['level=info msg="argocd v2.13.2 serving on port 8080"'],
        },
        {
          namespace: 'argocd',
          name: 'argocd-repo-server',
          replicas: 1,
          containers: [c('argocd-repo-server', 'quay.io/argoproj/argocd:v2.13.2')],
          labels: { app: 'argocd-repo-server' },
        },
        {
          namespace: 'argocd',
          name: 'argocd-application-controller',
          replicas: 1,
          kind: 'StatefulSet',
          containers: [c('argocd-application-controller', 'quay.io/argoproj/argocd:v2.13.2', '250m', '512Mi')],
          labels: { app: 'argocd-application-controller' },
        },
        {
          namespace: 'argocd',
          name: 'argocd-redis',
          replicas: 1,
          containers: [c('redis', 'redis:7.4-alpine', '50m', '64Mi')],
          labels: { app: 'argocd-redis' },
        },
      ];
    case 'dev':
      return [
        {
          namespace: 'istio-system',
          name: 'istiod',
          replicas: 1,
          containers: [c('discovery', 'docker.io/istio/pilot:1.24.2', '500m', '2Gi')],
          labels: { app: 'istiod' },
          logs: ['info\tads\tAll caches have been synced up'],
        },
        {
          namespace: 'istio-system',
          name: 'istio-ingressgateway',
          replicas: 1,
          containers: [c('istio-proxy', 'docker.io/istio/proxyv2:1.24.2')],
          labels: { app: 'istio-ingressgateway' },
        },
        metricsServer,
        // The HPA keeps nginx between 3 and 10 replicas (seed §5).
        ...demo(3, true),
      ];
    case 'staging':
    case 'prod':
      return [metricsServer, ...demo(role === 'prod' ? 3 : 2, false)];
    default:
      return [];
  }
}

export interface SeedResult {
  state: SimClusterState;
  nodes: string[];
  pods: number;
}

/** Creates a state for `spec` and fills it; options for the state itself may be passed through. */
export function seedCluster(spec: ClusterSpec, opts: SeedOptions = {}, stateOptions: SimClusterStateOptions = {}): SeedResult {
  const role = clusterRole(spec);
  const metrics = opts.metricsServer ?? role !== 'platform';
  const state = new SimClusterState({ podCidr: spec.pod_cidr, serviceCidr: spec.service_cidr, metricsServer: metrics, ...stateOptions });
  const t0 = opts.installedAt ?? state.opts.now() - 3 * DAY;
  const kubelet = opts.kubeletVersion ?? 'v1.31.4';
  const logLines = opts.logLines ?? 5;

  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) state.ensureNamespace(ns, false);
  spec.nodes.forEach((n, i) => {
    state.addNode(
      {
        name: n.name,
        role: n.role,
        cpu: n.cpu,
        memoryMb: n.memory,
        diskGb: n.disk,
        internalIP: opts.nodeAddresses?.[n.name] ?? `192.168.64.${10 + i}`,
        kubeletVersion: kubelet,
        createdAt: t0,
      },
      false,
    );
  });
  const masters = spec.nodes.filter((n) => n.role === 'master').map((n) => n.name);
  const workers = spec.nodes.filter((n) => n.role === 'worker').map((n) => n.name);
  const all = spec.nodes.map((n) => n.name);
  const spread = workers.length > 0 ? workers : all;
  let count = 0;
  const writeLogs = (ns: string, pod: string, lines: string[] | undefined, container?: string): void => {
    const base = lines ?? ['started'];
    for (let i = 0; i < logLines; i++) state.appendLog(ns, pod, container, base[i % base.length] ?? 'started', t0 + i * 1000);
  };

  // Static control-plane pods are mirror pods owned by their Node (kubectl drain skips them).
  for (const m of masters) {
    const node = state.get('nodes', undefined, m);
    const statics: [string, string, string][] = [
      ['etcd', 'registry.k8s.io/etcd:3.5.15-0', 'etcd'],
      ['kube-apiserver', `registry.k8s.io/kube-apiserver:${kubelet}`, 'kube-apiserver'],
      ['kube-controller-manager', `registry.k8s.io/kube-controller-manager:${kubelet}`, 'kube-controller-manager'],
      ['kube-scheduler', `registry.k8s.io/kube-scheduler:${kubelet}`, 'kube-scheduler'],
    ];
    for (const [name, image, component] of statics) {
      state.addPod(
        {
          namespace: 'kube-system',
          name: `${name}-${m}`,
          nodeName: m,
          labels: { component, tier: 'control-plane' },
          annotations: { 'kubernetes.io/config.mirror': hash(), 'kubernetes.io/config.source': 'file' },
          containers: [c(name, image, '100m', '100Mi')],
          owner: { kind: 'Node', name: m, apiVersion: 'v1', ...(node ? { uid: node.metadata.uid } : {}) },
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          createdAt: t0,
        },
        false,
      );
      writeLogs('kube-system', `${name}-${m}`, [`I1128 09:00:00.000000       1 server.go:150] "Starting ${component}"`]);
      count++;
    }
  }

  if (opts.workloads === false) {
    addFiller(state, opts.extraPods ?? 0, spread, t0);
    return { state, nodes: all, pods: count + (opts.extraPods ?? 0) };
  }

  // Cilium: one agent per node (DaemonSet), plus the operator and Hubble Relay.
  const ds = state.addDaemonSet('kube-system', 'cilium', { 'k8s-app': 'cilium' }, false);
  const envoy = state.addDaemonSet('kube-system', 'cilium-envoy', { 'k8s-app': 'cilium-envoy' }, false);
  for (const n of all) {
    for (const [set, image, ctr] of [
      [ds, 'quay.io/cilium/cilium:v1.16.5', 'cilium-agent'],
      [envoy, 'quay.io/cilium/cilium-envoy:v1.30.8', 'cilium-envoy'],
    ] as const) {
      const name = `${set.metadata.name}-${suffix()}`;
      state.addPod(
        {
          namespace: 'kube-system',
          name,
          nodeName: n,
          labels: { ...set.spec.selector.matchLabels, 'controller-revision-hash': '6c8d4f5b9' },
          containers: [c(ctr, image)],
          owner: { kind: 'DaemonSet', name: set.metadata.name, uid: set.metadata.uid },
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          createdAt: t0 + 60_000,
        },
        false,
      );
      writeLogs('kube-system', name, ['level=info msg="Cilium agent started" subsys=daemon']);
      count++;
    }
  }
  for (const set of [ds, envoy]) {
    state.update('daemonsets', 'kube-system', set.metadata.name, (d) => {
      const n = all.length;
      d.status = {
        ...d.status,
        currentNumberScheduled: n,
        desiredNumberScheduled: n,
        numberAvailable: n,
        numberReady: n,
        updatedNumberScheduled: n,
      };
    });
  }

  const addWorkload = (w: Workload, i: number): void => {
    const rs = w.kind === 'StatefulSet' ? w.name : `${w.name}-${hash()}`;
    const ownerUid = randomUUID();
    for (let r = 0; r < w.replicas; r++) {
      const name = w.kind === 'StatefulSet' ? `${w.name}-${r}` : `${rs}-${suffix()}`;
      const nodeName = spread[(i + r) % spread.length];
      state.addPod(
        {
          namespace: w.namespace,
          name,
          ...(nodeName ? { nodeName } : {}),
          labels: {
            ...(w.labels ?? { app: w.name }),
            ...(w.kind === 'StatefulSet'
              ? { 'statefulset.kubernetes.io/pod-name': name }
              : { 'pod-template-hash': rs.slice(w.name.length + 1) }),
          },
          containers: w.containers,
          owner: { kind: w.kind === 'StatefulSet' ? 'StatefulSet' : 'ReplicaSet', name: rs, uid: ownerUid },
          emptyDir: w.kind === 'StatefulSet',
          createdAt: t0 + 120_000 + i * 1000,
        },
        false,
      );
      writeLogs(w.namespace, name, w.logs, w.containers[0]?.name);
      count++;
    }
  };
  const system: Workload[] = [
    {
      namespace: 'kube-system',
      name: 'coredns',
      replicas: 2,
      containers: [c('coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', '100m', '70Mi')],
      labels: { 'k8s-app': 'kube-dns' },
      logs: ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328'],
    },
    {
      namespace: 'kube-system',
      name: 'cilium-operator',
      replicas: 1,
      containers: [c('cilium-operator', 'quay.io/cilium/operator-generic:v1.16.5')],
      labels: { 'io.cilium/app': 'operator', name: 'cilium-operator' },
      logs: ['level=info msg="Cilium Operator" subsys=cilium-operator-generic'],
    },
    {
      namespace: 'kube-system',
      name: 'hubble-relay',
      replicas: 1,
      containers: [c('hubble-relay', 'quay.io/cilium/hubble-relay:v1.16.5', '50m', '64Mi')],
      labels: { 'k8s-app': 'hubble-relay' },
      logs: ['level=info msg="Starting gRPC server..." options="{peerTarget:hubble-peer.kube-system.svc.cluster.local:443}"'],
    },
  ];
  const workloads = [...system, ...roleWorkloads(role)];
  workloads.forEach(addWorkload);
  // A PDB keeps the demo's nginx available through drains (seed §5: HPA + PDB).
  const nginx = workloads.find((w) => w.name === 'nginx');
  if (nginx) state.addPdb('demo', 'nginx-pdb', { app: 'nginx' }, { minAvailable: Math.max(1, nginx.replicas - 1) }, false);

  const extra = opts.extraPods ?? 0;
  addFiller(state, extra, spread, t0);
  count += extra;
  return { state, nodes: all, pods: count };
}

/** Filler pods for benchmarks, spread over `load-*` namespaces and the workers. */
function addFiller(state: SimClusterState, extra: number, spread: readonly string[], t0: number): void {
  const images = ['nginx:1.27', 'busybox:1.37', 'redis:7.4', 'kennethreitz/httpbin:latest'];
  for (let i = 0; i < extra; i++) {
    const ns = `load-${i % 10}`;
    const app = `load-${i % 50}`;
    state.addPod(
      {
        namespace: ns,
        name: `${app}-${(i >> 4).toString(36)}${suffix()}`,
        nodeName: spread[i % spread.length] ?? '',
        labels: { app, tier: 'load' },
        containers: [c('main', images[i % images.length] ?? 'nginx:1.27', '10m', '16Mi')],
        owner: { kind: 'ReplicaSet', name: `${app}-7d9f8b6c5d` },
        createdAt: t0 + DAY,
      },
      false,
    );
  }
}
