// Kubernetes objects (as the kube service yields them) → the store's records. The STATUS column
// is kubectl's (services/kube/pod-status.ts).
import type { KubeNode, KubePod } from '../services/kube/index.js';
import { cpuToMilli, memoryToBytes, podStatus } from '../services/kube/index.js';
import type { NodeCondition, NodeRecord, PodRecord } from '../store/types.js';

type PodStatus = NonNullable<KubePod['status']>;
type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];

const time = (iso: string | undefined): number => (iso ? Date.parse(iso) || 0 : 0);

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
