// Kubernetes objects (as the kube service yields them) → the store's records. The STATUS column
// is computed as kubectl's printPod computes it (pkg/printers/internalversion/printers.go).
import type { KubeNode, KubePod } from '../services/kube/index.js';
import { cpuToMilli, memoryToBytes } from '../services/kube/index.js';
import type { NodeCondition, NodeRecord, PodRecord } from '../store/types.js';

type PodStatus = NonNullable<KubePod['status']>;
type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];
type Terminated = NonNullable<NonNullable<ContainerStatus['state']>['terminated']>;

const time = (iso: string | undefined): number => (iso ? Date.parse(iso) || 0 : 0);

const conditionTrue = (status: PodStatus | undefined, type: string): boolean =>
  status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

/** A terminated container without a reason: its signal, else its exit code. */
const exitText = (t: Terminated): string => (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);

/**
 * The init containers' part of STATUS (Init:1/3, Init:CrashLoopBackOff, Init:Error …), or
 * undefined once every init container is done (exit 0) or, for a sidecar, started.
 */
function initStatus(pod: KubePod): string | undefined {
  const specs = pod.spec?.initContainers ?? [];
  const sidecars = new Set(specs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const [i, c] of (pod.status?.initContainerStatuses ?? []).entries()) {
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting?.reason;
    if (terminated?.exitCode === 0) continue;
    if (sidecars.has(c.name) && c.started === true) continue;
    if (terminated) return terminated.reason ? `Init:${terminated.reason}` : `Init:${exitText(terminated)}`;
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    return `Init:${i}/${specs.length}`;
  }
  return undefined;
}

export function podStatus(pod: KubePod): string {
  const status = pod.status;
  const phase = status?.phase ?? '';
  let reason = status?.reason || phase;
  if (status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const init = initStatus(pod);
  if (init) reason = init;
  if (!init || conditionTrue(status, 'Initialized')) {
    // kubectl walks the containers from the last to the first: the first one with a reason wins.
    let hasRunning = false;
    for (const c of [...(status?.containerStatuses ?? [])].reverse()) {
      const terminated = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (terminated) reason = terminated.reason || exitText(terminated);
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    // A finished container beside a running one: the pod runs.
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  // kubectl prints an empty cell for a pod with no phase at all; a word reads better.
  return reason || 'Unknown';
}

function leanContainerStatus(c: ContainerStatus): ContainerStatus {
  return {
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    ...(c.started !== undefined ? { started: c.started } : {}),
    ...(c.state ? { state: c.state } : {}),
  };
}

/**
 * The fields of a pod that toPodRecord reads, and nothing else: what the kube feed's informer
 * keeps per pod (a real pod also carries managedFields, annotations, env, volumes …).
 */
export function leanPod(pod: KubePod): KubePod {
  const m = pod.metadata;
  return {
    metadata: {
      name: m.name,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      ...(m.creationTimestamp ? { creationTimestamp: m.creationTimestamp } : {}),
      ...(m.deletionTimestamp ? { deletionTimestamp: m.deletionTimestamp } : {}),
      ...(m.ownerReferences
        ? { ownerReferences: m.ownerReferences.map((o) => ({ kind: o.kind, name: o.name, ...(o.controller ? { controller: true } : {}) })) }
        : {}),
    },
    ...(pod.spec
      ? {
          spec: {
            ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
            containers: pod.spec.containers.map((c) => ({ name: c.name })),
            ...(pod.spec.initContainers
              ? {
                  initContainers: pod.spec.initContainers.map((c) => ({
                    name: c.name,
                    ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
                  })),
                }
              : {}),
          },
        }
      : {}),
    ...(pod.status
      ? {
          status: {
            ...(pod.status.phase ? { phase: pod.status.phase } : {}),
            ...(pod.status.reason ? { reason: pod.status.reason } : {}),
            ...(pod.status.conditions
              ? {
                  conditions: pod.status.conditions.map((c) => ({
                    type: c.type,
                    status: c.status,
                    ...(c.reason ? { reason: c.reason } : {}),
                  })),
                }
              : {}),
            ...(pod.status.initContainerStatuses
              ? { initContainerStatuses: pod.status.initContainerStatuses.map(leanContainerStatus) }
              : {}),
            ...(pod.status.containerStatuses ? { containerStatuses: pod.status.containerStatuses.map(leanContainerStatus) } : {}),
          },
        }
      : {}),
  };
}

export function toPodRecord(cluster: string, pod: KubePod): PodRecord {
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = pod.spec?.containers.map((c) => c.name) ?? statuses.map((s) => s.name);
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  return {
    uid: pod.metadata.uid,
    cluster,
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    status: podStatus(pod),
    phase: pod.status?.phase ?? 'Unknown',
    readyContainers: statuses.filter((s) => s.ready).length,
    totalContainers: containers.length,
    restarts: statuses.reduce((sum, s) => sum + s.restartCount, 0),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    createdAt: time(pod.metadata.creationTimestamp),
    containers,
    ...(owner ? { ownerKind: owner.kind } : {}),
  };
}

const ROLE_LABEL = 'node-role.kubernetes.io/';

export function toNodeRecord(cluster: string, node: KubeNode): NodeRecord {
  const conditions: NodeCondition[] = (node.status?.conditions ?? []).map((c) => ({
    type: c.type,
    status: c.status === 'True' || c.status === 'False' ? c.status : 'Unknown',
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  }));
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((l) => l.startsWith(ROLE_LABEL))
    .map((l) => l.slice(ROLE_LABEL.length));
  const alloc = node.status?.allocatable ?? {};
  const internalIp = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  return {
    uid: node.metadata.uid,
    cluster,
    name: node.metadata.name,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    roles: roles.length > 0 ? roles : ['<none>'],
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? '',
    unschedulable: node.spec?.unschedulable === true,
    ...(internalIp ? { internalIp } : {}),
    conditions,
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value ? { value: t.value } : {}) })),
    allocatable: {
      cpuMillis: alloc.cpu ? cpuToMilli(alloc.cpu) : 0,
      memoryBytes: alloc.memory ? memoryToBytes(alloc.memory) : 0,
      pods: alloc.pods ? Number(alloc.pods) || 0 : 0,
    },
    createdAt: time(node.metadata.creationTimestamp),
  };
}
