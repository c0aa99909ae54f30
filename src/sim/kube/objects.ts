// The JSON shapes the simulated API server stores and serves. Only the fields the lab, kubectl
// and our client read are typed; everything is plain JSON (string timestamps), as on the wire.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  generateName?: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  kind: string;
  apiVersion: string;
  metadata: ObjectMeta;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
}

export interface NodeObject extends KubeObject {
  kind: 'Node';
  spec: { podCIDR?: string; unschedulable?: boolean; taints?: Taint[] };
  status: {
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    conditions: Condition[];
    addresses: { type: string; address: string }[];
    nodeInfo: {
      kubeletVersion: string;
      kubeProxyVersion: string;
      osImage: string;
      kernelVersion: string;
      containerRuntimeVersion: string;
      operatingSystem: string;
      architecture: string;
      machineID: string;
      systemUUID: string;
      bootID: string;
    };
  };
}

export interface ContainerSpec {
  name: string;
  image: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { containerPort: number; protocol?: string; name?: string }[];
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export type ContainerState = {
  running?: { startedAt: string };
  waiting?: { reason: string; message?: string };
  terminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt: string };
};

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodObject extends KubeObject {
  kind: 'Pod';
  spec: {
    nodeName?: string;
    containers: ContainerSpec[];
    volumes?: { name: string; emptyDir?: Record<string, never>; configMap?: { name: string } }[];
    priorityClassName?: string;
    tolerations?: { key?: string; operator?: string; effect?: string }[];
    serviceAccountName?: string;
    restartPolicy: string;
  };
  status: {
    phase: PodPhase;
    conditions: Condition[];
    hostIP?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    startTime?: string;
    containerStatuses: ContainerStatus[];
    qosClass?: string;
    reason?: string;
    message?: string;
  };
}

export interface NamespaceObject extends KubeObject {
  kind: 'Namespace';
  spec: { finalizers: string[] };
  status: { phase: 'Active' | 'Terminating' };
}

export interface EventObject extends KubeObject {
  kind: 'Event';
  involvedObject: { kind: string; namespace?: string; name: string; uid: string; apiVersion: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  reportingComponent: string;
  reportingInstance: string;
}

export interface DaemonSetObject extends KubeObject {
  kind: 'DaemonSet';
  spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
  status: {
    currentNumberScheduled: number;
    desiredNumberScheduled: number;
    numberAvailable: number;
    numberMisscheduled: number;
    numberReady: number;
    updatedNumberScheduled: number;
    observedGeneration: number;
  };
}

export interface PdbObject extends KubeObject {
  kind: 'PodDisruptionBudget';
  spec: { minAvailable?: number; maxUnavailable?: number; selector: { matchLabels: Record<string, string> } };
  status: { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number; expectedPods: number; observedGeneration: number };
}

export type ResourceKind = 'namespaces' | 'nodes' | 'pods' | 'events' | 'daemonsets' | 'poddisruptionbudgets';

export interface KindMap {
  namespaces: NamespaceObject;
  nodes: NodeObject;
  pods: PodObject;
  events: EventObject;
  daemonsets: DaemonSetObject;
  poddisruptionbudgets: PdbObject;
}

export const KIND_INFO: Record<ResourceKind, { kind: string; apiVersion: string; listKind: string; namespaced: boolean }> = {
  namespaces: { kind: 'Namespace', apiVersion: 'v1', listKind: 'NamespaceList', namespaced: false },
  nodes: { kind: 'Node', apiVersion: 'v1', listKind: 'NodeList', namespaced: false },
  pods: { kind: 'Pod', apiVersion: 'v1', listKind: 'PodList', namespaced: true },
  events: { kind: 'Event', apiVersion: 'v1', listKind: 'EventList', namespaced: true },
  daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1', listKind: 'DaemonSetList', namespaced: true },
  poddisruptionbudgets: { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', listKind: 'PodDisruptionBudgetList', namespaced: true },
};

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; causes?: { reason: string; message: string }[] };
  code: number;
}

export function statusBody(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

export function isPodReady(pod: PodObject): boolean {
  return (
    pod.status.phase === 'Running' && pod.metadata.deletionTimestamp === undefined && pod.status.containerStatuses.every((c) => c.ready)
  );
}
