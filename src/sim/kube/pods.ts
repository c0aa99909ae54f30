// Pod helpers shared by the lab's own pods (state.addPod), pods created through the API and the
// controllers' pods, so all of them look alike to kubectl, the feeds and the views.
import { randomUUID } from 'node:crypto';
import type { ContainerState, ContainerStatus, PodObject } from './objects.js';
import { parseQuantity } from '../../util/quantity.js';

export type PodCondition = 'Running' | 'Pending' | 'ContainerCreating' | 'CrashLoopBackOff' | 'Error' | 'Completed' | 'Failed';

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function randomSuffix(n: number): string {
  const chars = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** The kubelet's default tolerations (DefaultTolerationSeconds admission adds them to every pod). */
export const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

export function qosClass(pod: PodObject): string {
  const cs = pod.spec.containers;
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((c) => {
    const l = c.resources?.limits ?? {};
    const r = c.resources?.requests ?? {};
    return l.cpu !== undefined && l.memory !== undefined && (r.cpu ?? l.cpu) === l.cpu && (r.memory ?? l.memory) === l.memory;
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Rewrites phase, conditions and container statuses so that STATUS reads `condition`. */
export function applyPodCondition(p: PodObject, condition: PodCondition, now: number, restarts?: number, message?: string): void {
  const t = iso(now);
  const ready = condition === 'Running';
  const prev = new Map((p.status.containerStatuses ?? []).map((c) => [c.name, c]));
  p.status.phase =
    condition === 'Running' || condition === 'CrashLoopBackOff' || condition === 'Error'
      ? 'Running'
      : condition === 'Completed'
        ? 'Succeeded'
        : condition === 'Failed'
          ? 'Failed'
          : 'Pending';
  p.status.containerStatuses = p.spec.containers.map((c): ContainerStatus => {
    const old = prev.get(c.name);
    const count = restarts ?? old?.restartCount ?? 0;
    let state: ContainerState;
    let lastState: ContainerState = old?.lastState ?? {};
    switch (condition) {
      case 'Running':
        state = { running: { startedAt: old?.state.running?.startedAt ?? t } };
        break;
      case 'Pending':
      case 'ContainerCreating':
        state = { waiting: { reason: 'ContainerCreating' } };
        break;
      case 'CrashLoopBackOff':
        state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: message ?? `back-off 5m0s restarting failed container=${c.name} pod=${p.metadata.name}`,
          },
        };
        lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: t, finishedAt: t } };
        break;
      case 'Error':
      case 'Failed':
        state = { terminated: { exitCode: 1, reason: 'Error', startedAt: t, finishedAt: t } };
        break;
      case 'Completed':
        state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } };
        break;
    }
    return {
      name: c.name,
      image: c.image,
      imageID: `${c.image.split(':')[0] ?? c.image}@sha256:${'0'.repeat(64)}`,
      ...(condition !== 'Pending' && condition !== 'ContainerCreating'
        ? { containerID: old?.containerID ?? `containerd://${randomUUID().replace(/-/g, '')}` }
        : {}),
      ready,
      started: ready,
      restartCount: count,
      state,
      lastState,
    };
  });
  const scheduled = p.spec.nodeName !== undefined;
  const st = (b: boolean): 'True' | 'False' => (b ? 'True' : 'False');
  p.status.conditions = [
    { type: 'PodReadyToStartContainers', status: st(scheduled && condition !== 'Pending'), lastTransitionTime: t },
    { type: 'Initialized', status: 'True', lastTransitionTime: t },
    { type: 'Ready', status: st(ready), lastTransitionTime: t },
    { type: 'ContainersReady', status: st(ready), lastTransitionTime: t },
    { type: 'PodScheduled', status: st(scheduled), lastTransitionTime: t },
  ];
}

/** "250m" / "2" / "1500000n" → millicores (NaN when malformed). */
export function parseCpuMilli(q: string): number {
  return parseQuantity(q, -3) ?? NaN;
}

/** "128Mi" / "1Gi" / "524288Ki" / bytes → MiB (0 when malformed). */
export function parseMemMi(q: string): number {
  return (parseQuantity(q) ?? 0) / 2 ** 20;
}
