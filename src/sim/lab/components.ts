// What each install step leaves in a simulated cluster: kubeadm's control plane, Cilium and
// Hubble, and the pods of every helm release and manifest of the catalog. Keys are recorded in
// the lab's state, so a lab restarted from its directory is rebuilt step by step.
import { randomUUID } from 'node:crypto';
import { clusterRole, type ClusterSpec } from '../../config/schema.js';
import type { SimClusterState } from '../kube/index.js';
import { c, rand, type Workload } from '../kube/seed.js';

export const KUBELET_VERSION = 'v1.31.4';

function workers(state: SimClusterState): string[] {
  const nodes = state.list('nodes');
  const w = nodes.filter((n) => !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {}))).map((n) => n.metadata.name);
  return w.length > 0 ? w : nodes.map((n) => n.metadata.name);
}

/** Adds a workload's pods, spread over the workers; `starting` leaves them ContainerCreating. */
function addWorkload(state: SimClusterState, w: Workload, starting: boolean): string[] {
  state.ensureNamespace(w.namespace);
  const spread = workers(state);
  const rs = w.kind === 'StatefulSet' ? w.name : `${w.name}-${rand(10)}`;
  const owner = { kind: w.kind === 'StatefulSet' ? 'StatefulSet' : 'ReplicaSet', name: rs, uid: randomUUID() };
  const names: string[] = [];
  for (let r = 0; r < w.replicas; r++) {
    const name = w.kind === 'StatefulSet' ? `${w.name}-${r}` : `${rs}-${rand(5)}`;
    const nodeName = spread[(r + names.length + w.name.length) % Math.max(1, spread.length)];
    state.addPod({ namespace: w.namespace, name, ...(nodeName ? { nodeName } : {}), labels: { ...(w.labels ?? { app: w.name }) }, containers: w.containers, owner, emptyDir: w.kind === 'StatefulSet' });
    if (starting) state.setPodStatus(w.namespace, name, 'ContainerCreating');
    state.appendLog(w.namespace, name, w.containers[0]?.name, `${new Date().toISOString()} started`);
    names.push(`${w.namespace}/${name}`);
  }
  return names;
}

/** `ip`: the node's lab address (the demo lab's address plan); default by its place in the cluster. */
export function addClusterNode(state: SimClusterState, spec: ClusterSpec, nodeName: string, ready: boolean, ip?: string): void {
  const n = spec.nodes.find((x) => x.name === nodeName);
  if (!n || state.get('nodes', undefined, nodeName)) return;
  const idx = spec.nodes.indexOf(n);
  state.addNode({ name: n.name, role: n.role, cpu: n.cpu, memoryMb: n.memory, diskGb: n.disk, internalIP: ip ?? `192.168.64.${10 + idx}`, kubeletVersion: KUBELET_VERSION, ready });
}

/** kubeadm init: the master node (NotReady until the CNI), static control-plane pods, CoreDNS Pending. */
export function controlPlane(state: SimClusterState, spec: ClusterSpec, master: string, ip?: string): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) state.ensureNamespace(ns);
  addClusterNode(state, spec, master, false, ip);
  const node = state.get('nodes', undefined, master);
  for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
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
  const coredns = addWorkload(state, { namespace: 'kube-system', name: 'coredns', replicas: 2, containers: [c('coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', '100m', '70Mi')], labels: { 'k8s-app': 'kube-dns' } }, false);
  for (const p of coredns) {
    const [ns, name] = p.split('/') as [string, string];
    state.setPodStatus(ns, name, 'Pending', { message: 'no CNI: network plugin is not ready' });
  }
}

/** Cilium + Hubble: agents on every node, operator and relay; CoreDNS can start. */
function cilium(state: SimClusterState, starting: boolean): string[] {
  const out: string[] = [];
  const ds = state.addDaemonSet('kube-system', 'cilium', { 'k8s-app': 'cilium' });
  const envoy = state.addDaemonSet('kube-system', 'cilium-envoy', { 'k8s-app': 'cilium-envoy' });
  const nodes = state.list('nodes').map((n) => n.metadata.name);
  for (const n of nodes) {
    for (const [set, image, ctr] of [
      [ds, 'quay.io/cilium/cilium:v1.18.14', 'cilium-agent'],
      [envoy, 'quay.io/cilium/cilium-envoy:v1.34.10', 'cilium-envoy'],
    ] as const) {
      const name = `${set.metadata.name}-${rand(5)}`;
      state.addPod({ namespace: 'kube-system', name, nodeName: n, labels: { ...set.spec.selector.matchLabels }, containers: [c(ctr, image)], owner: { kind: 'DaemonSet', name: set.metadata.name, uid: set.metadata.uid }, hostNetwork: true, priorityClassName: 'system-node-critical' });
      if (starting) state.setPodStatus('kube-system', name, 'ContainerCreating');
      out.push(`kube-system/${name}`);
    }
  }
  for (const set of [ds, envoy]) {
    state.update('daemonsets', 'kube-system', set.metadata.name, (d) => {
      d.status = { ...d.status, currentNumberScheduled: nodes.length, desiredNumberScheduled: nodes.length, numberAvailable: nodes.length, numberReady: nodes.length, updatedNumberScheduled: nodes.length };
    });
  }
  out.push(...addWorkload(state, { namespace: 'kube-system', name: 'cilium-operator', replicas: 1, containers: [c('cilium-operator', 'quay.io/cilium/operator-generic:v1.18.14')], labels: { 'io.cilium/app': 'operator', name: 'cilium-operator' } }, starting));
  out.push(...addWorkload(state, { namespace: 'kube-system', name: 'hubble-relay', replicas: 1, containers: [c('hubble-relay', 'quay.io/cilium/hubble-relay:v1.18.14', '50m', '64Mi')], labels: { 'k8s-app': 'hubble-relay' } }, starting));
  for (const p of state.list('pods', 'kube-system').filter((p) => p.metadata.name.startsWith('coredns-'))) out.push(`kube-system/${p.metadata.name}`);
  return out;
}

function apps(cluster: ClusterSpec, file: string, ns: string): Workload[] {
  const side = ns === 'mesh' ? [c('istio-proxy', 'docker.io/istio/proxyv2:1.24.2', '10m', '40Mi')] : [];
  switch (file) {
    case 'apps/redis.yaml':
      return [{ namespace: ns, name: 'redis', replicas: 1, kind: 'StatefulSet', containers: [c('redis', 'redis:7.4', '100m', '256Mi'), ...side], labels: { app: 'redis' } }];
    case 'apps/httpbin.yaml':
      return [
        { namespace: ns, name: 'httpbin-v1', replicas: 2, containers: [c('httpbin', 'kennethreitz/httpbin:latest'), ...side], labels: { app: 'httpbin', version: 'v1' } },
        { namespace: ns, name: 'httpbin-v2', replicas: 1, containers: [c('httpbin', 'kennethreitz/httpbin:latest'), ...side], labels: { app: 'httpbin', version: 'v2' } },
      ];
    case 'apps/nginx.yaml':
      return [{ namespace: ns, name: 'nginx', replicas: clusterRole(cluster) === 'staging' ? 2 : 3, containers: [c('nginx', 'nginx:1.27', '50m', '64Mi'), ...side], labels: { app: 'nginx' } }];
    case 'monitoring/alert-webhook-logger.yaml':
      return [{ namespace: ns, name: 'alert-webhook-logger', replicas: 1, containers: [c('logger', 'mendhak/http-https-echo:35', '10m', '32Mi')], labels: { app: 'alert-webhook-logger' } }];
    default:
      return [];
  }
}

function release(release: string): Workload[] {
  switch (release) {
    case 'kube-prometheus-stack':
      return [
        { namespace: 'monitoring', name: 'kube-prometheus-stack-operator', replicas: 1, containers: [c('operator', 'quay.io/prometheus-operator/prometheus-operator:v0.93.1')], labels: { app: 'kube-prometheus-stack-operator' } },
        { namespace: 'monitoring', name: 'prometheus-server', replicas: 1, kind: 'StatefulSet', containers: [c('prometheus', 'quay.io/prometheus/prometheus:v3.5.0', '500m', '1Gi')], labels: { app: 'prometheus' } },
        { namespace: 'monitoring', name: 'grafana', replicas: 1, containers: [c('grafana', 'grafana/grafana:12.1.1', '100m', '256Mi')], labels: { app: 'grafana' } },
        { namespace: 'monitoring', name: 'alertmanager', replicas: 1, kind: 'StatefulSet', containers: [c('alertmanager', 'quay.io/prometheus/alertmanager:v0.28.1', '50m', '64Mi')], labels: { app: 'alertmanager' } },
      ];
    case 'loki':
      return [{ namespace: 'monitoring', name: 'loki', replicas: 1, kind: 'StatefulSet', containers: [c('loki', 'grafana/loki:3.6.7', '200m', '512Mi')], labels: { app: 'loki' } }];
    case 'jenkins':
      return [{ namespace: 'jenkins', name: 'jenkins', replicas: 1, kind: 'StatefulSet', containers: [c('jenkins', 'jenkins/jenkins:2.568.2-lts', '500m', '1Gi')], labels: { app: 'jenkins' } }];
    case 'argocd':
      return [
        { namespace: 'argocd', name: 'argocd-server', replicas: 1, containers: [c('argocd-server', 'quay.io/argoproj/argocd:v3.2.6')], labels: { app: 'argocd-server' } },
        { namespace: 'argocd', name: 'argocd-repo-server', replicas: 1, containers: [c('argocd-repo-server', 'quay.io/argoproj/argocd:v3.2.6')], labels: { app: 'argocd-repo-server' } },
        { namespace: 'argocd', name: 'argocd-application-controller', replicas: 1, kind: 'StatefulSet', containers: [c('argocd-application-controller', 'quay.io/argoproj/argocd:v3.2.6', '250m', '512Mi')], labels: { app: 'argocd-application-controller' } },
        { namespace: 'argocd', name: 'argocd-redis', replicas: 1, containers: [c('redis', 'redis:7.4-alpine', '50m', '64Mi')], labels: { app: 'argocd-redis' } },
      ];
    case 'metrics-server':
      return [{ namespace: 'kube-system', name: 'metrics-server', replicas: 1, containers: [c('metrics-server', 'registry.k8s.io/metrics-server/metrics-server:v0.8.0', '100m', '200Mi')], labels: { 'k8s-app': 'metrics-server' } }];
    case 'istiod':
      return [
        { namespace: 'istio-system', name: 'istiod', replicas: 1, containers: [c('discovery', 'docker.io/istio/pilot:1.24.2', '500m', '2Gi')], labels: { app: 'istiod' } },
        { namespace: 'istio-system', name: 'istio-ingressgateway', replicas: 1, containers: [c('istio-proxy', 'docker.io/istio/proxyv2:1.24.2')], labels: { app: 'istio-ingressgateway' } },
      ];
    default:
      return [];
  }
}

/** Component keys, as recorded: `helm:<release>` or `apply:<file>@<namespace>`. */
export function helmKey(releaseName: string): string {
  return `helm:${releaseName}`;
}
export function applyKey(file: string, namespace: string | undefined): string {
  return `apply:${file}@${namespace ?? ''}`;
}

/**
 * Applies a component; returns the pods it created (ContainerCreating when `starting`, so the
 * caller can bring them up after the install's simulated time).
 */
export function applyComponent(state: SimClusterState, spec: ClusterSpec, key: string, starting: boolean): string[] {
  if (key === helmKey('cilium')) return cilium(state, starting);
  if (key.startsWith('helm:')) {
    const name = key.slice('helm:'.length);
    if (name === 'metrics-server') state.opts.metricsServer = true;
    return release(name).flatMap((w) => addWorkload(state, w, starting));
  }
  const m = /^apply:(.+)@(.*)$/.exec(key);
  if (!m?.[1]) return [];
  const [file, ns] = [m[1], m[2] || 'default'];
  if (file === 'apps/namespace.yaml') state.ensureNamespace('demo');
  if (file === 'istio/namespace.yaml') state.ensureNamespace('mesh');
  if (file === 'apps/pdb.yaml') {
    state.ensureNamespace(ns);
    state.addPdb(ns, 'nginx-pdb', { app: 'nginx' }, { minAvailable: 1 });
  }
  return apps(spec, file, ns).flatMap((w) => addWorkload(state, w, starting));
}

/** Brings pods created `starting` to Running (coredns and cilium included). */
export function podsRunning(state: SimClusterState, pods: readonly string[]): void {
  for (const p of pods) {
    const [ns, name] = p.split('/') as [string, string];
    state.setPodStatus(ns, name, 'Running');
  }
}
