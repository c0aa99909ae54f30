// The Pod objects the lab adds through its own hook (addPod): a PodInput, placed on a node,
// becomes a Pod as the API server would store it; and back, for a replacement of an old pod.
import { randomUUID } from 'node:crypto';
import type { KubeObject, PodObject, PodPhase } from './objects.js';
import { applyPodCondition, iso, type PodCondition } from './pods.js';

export interface ContainerInput {
  name: string;
  image: string;
  cpuRequest?: string;
  memoryRequest?: string;
  cpuLimit?: string;
  memoryLimit?: string;
}

export interface PodInput {
  namespace: string;
  name: string;
  nodeName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers: ContainerInput[];
  /** Controller that owns the pod, e.g. {kind:'ReplicaSet', name:'web-5d8f'}. */
  owner?: { kind: string; name: string; uid?: string; apiVersion?: string };
  phase?: PodPhase;
  emptyDir?: boolean;
  priorityClassName?: string;
  hostNetwork?: boolean;
  createdAt?: number;
}

/** Where the pod runs; all unset = unscheduled (Pending, PodScheduled False). */
export interface Placement {
  nodeName: string | undefined;
  hostIP: string | undefined;
  podIP: string | undefined;
}

/** The STATUS a phase reads as. */
export function conditionOfPhase(phase: PodPhase): PodCondition {
  return phase === 'Running' ? 'Running' : phase === 'Pending' ? 'Pending' : phase === 'Succeeded' ? 'Completed' : 'Failed';
}

export function buildPod(input: PodInput, meta: KubeObject['metadata'], placement: Placement, now: number): PodObject {
  const phase = input.phase ?? 'Running';
  const { nodeName, hostIP, podIP } = placement;
  const owner = input.owner
    ? [
        {
          apiVersion: input.owner.apiVersion ?? (input.owner.kind === 'Node' ? 'v1' : 'apps/v1'),
          kind: input.owner.kind,
          name: input.owner.name,
          uid: input.owner.uid ?? randomUUID(),
          controller: true,
          blockOwnerDeletion: true,
        },
      ]
    : undefined;
  const pod: PodObject = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { ...meta, ...(input.annotations ? { annotations: input.annotations } : {}), ...(owner ? { ownerReferences: owner } : {}) },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: input.containers.map((c) => ({
        name: c.name,
        image: c.image,
        resources: {
          ...(c.cpuRequest || c.memoryRequest
            ? { requests: { ...(c.cpuRequest ? { cpu: c.cpuRequest } : {}), ...(c.memoryRequest ? { memory: c.memoryRequest } : {}) } }
            : {}),
          ...(c.cpuLimit || c.memoryLimit
            ? { limits: { ...(c.cpuLimit ? { cpu: c.cpuLimit } : {}), ...(c.memoryLimit ? { memory: c.memoryLimit } : {}) } }
            : {}),
        },
      })),
      ...(input.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
      ...(input.priorityClassName ? { priorityClassName: input.priorityClassName } : {}),
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ],
    },
    status: {
      phase,
      conditions: [],
      ...(hostIP ? { hostIP } : {}),
      ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
      startTime: iso(now),
      containerStatuses: [],
      qosClass: input.containers.some((c) => c.cpuRequest || c.memoryRequest) ? 'Burstable' : 'BestEffort',
    },
  };
  applyPodCondition(pod, conditionOfPhase(phase), now, 0);
  if (!nodeName)
    pod.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/0 nodes are available.' }];
  return pod;
}

/** The containers of an existing pod as input for a new one (a replacement). */
export function containerInputs(pod: PodObject): ContainerInput[] {
  return pod.spec.containers.map((c) => ({
    name: c.name,
    image: c.image,
    cpuRequest: c.resources?.requests?.cpu,
    memoryRequest: c.resources?.requests?.memory,
    cpuLimit: c.resources?.limits?.cpu,
    memoryLimit: c.resources?.limits?.memory,
  })) as ContainerInput[];
}
