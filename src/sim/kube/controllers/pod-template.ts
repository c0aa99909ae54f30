// Pods from a workload's pod template, created through the engine (defaults, scheduling, IP,
// ContainerCreating; the state then starts them as the kubelet would), and shared helpers.
import type { KubeObject, PodObject } from '../objects.js';
import type { SimClusterState } from '../state.js';

type J = Record<string, unknown>;

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: J;
}

export function controllerRef(owner: KubeObject): NonNullable<KubeObject['metadata']['ownerReferences']>[number] {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Creates (and starts) a pod named `name` from `template`, owned by `owner`; undefined when refused. */
export function createPod(
  state: SimClusterState,
  owner: KubeObject,
  template: PodTemplate | undefined,
  name: string,
  extra: { labels?: Record<string, string>; spec?: J } = {},
): PodObject | undefined {
  const kind = state.kinds.byId('pods');
  if (!kind) return undefined;
  const ns = owner.metadata.namespace ?? 'default';
  const labels = { ...(template?.metadata?.labels ?? {}), ...(extra.labels ?? {}) };
  const body = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(template?.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: { ...structuredClone(template?.spec ?? {}), ...(extra.spec ?? {}) },
  };
  const r = state.engine.create(kind, ns, body);
  if (!r.ok) return undefined;
  const pod = r.obj as PodObject;
  if (pod.spec.nodeName)
    state.recordEvent(pod, 'Scheduled', `Successfully assigned ${ns}/${name} to ${pod.spec.nodeName}`, 'Normal', 'default-scheduler');
  state.recordEvent(owner, 'SuccessfulCreate', `Created pod: ${name}`, 'Normal', `${owner.kind.toLowerCase()}-controller`);
  return pod;
}

/** Pods controlled by `owner` (by uid), Terminating ones included. */
export function ownedPods(state: SimClusterState, owner: KubeObject): PodObject[] {
  return state.list('pods', owner.metadata.namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));
}

/** Pods counted as available: Ready and not going away. */
export const podReady = (p: PodObject): boolean =>
  p.status.phase === 'Running' &&
  !p.metadata.deletionTimestamp &&
  p.status.containerStatuses.length > 0 &&
  p.status.containerStatuses.every((c) => c.ready);

/** A stable 10-character hash of a template, in the alphabet kube-controller-manager uses. */
export function templateHash(value: unknown): string {
  const text = JSON.stringify(value);
  let h1 = 0x811c9dc5;
  let h2 = 0x1000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x5bd1e995) >>> 0;
  }
  const chars = 'bcdfghjklmnpqrstvwxz2456789';
  let n = BigInt(h1) * 4294967296n + BigInt(h2);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += chars[Number(n % 27n)];
    n /= 27n;
  }
  return out;
}

/** Stores a new status when it differs (no RV churn from a reconcile that found nothing new). */
export function writeStatus(state: SimClusterState, kind: string, obj: KubeObject, status: J): void {
  const cur = (obj as unknown as { status?: unknown }).status;
  if (JSON.stringify(cur) === JSON.stringify(status)) return;
  state.update(kind, obj.metadata.namespace, obj.metadata.name, (d) => {
    (d as unknown as { status: J }).status = status;
  });
}

/** Keeps a condition's transition time when its status did not change. */
export function condition(
  prev: { type: string; status: string; lastTransitionTime?: string; lastUpdateTime?: string }[] | undefined,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: string,
  withUpdate = true,
): J {
  const old = prev?.find((c) => c.type === type);
  const same = old?.status === status;
  const sameReason = same && (old as { reason?: string } | undefined)?.reason === reason;
  return {
    type,
    status,
    ...(withUpdate ? { lastUpdateTime: sameReason ? (old?.lastUpdateTime ?? now) : now } : {}),
    lastTransitionTime: same ? (old?.lastTransitionTime ?? now) : now,
    reason,
    message,
  };
}
