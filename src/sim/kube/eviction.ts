// The eviction API (what `kubectl drain` calls): a Ready pod covered by a budget that allows no
// disruption is refused with 429; otherwise the pod is deleted gracefully and the budgets updated.
import { isPodReady, type PodObject } from './objects.js';
import { matchesLabels } from './selectors.js';
import type { ClusterObjects } from './cluster-objects.js';
import type { DisruptionBudgets } from './disruption-budgets.js';
import type { EventRecorder } from './events.js';

export type EvictResult =
  { ok: true } | { ok: false; code: 404; message: string } | { ok: false; code: 429; pdb: string; message: string; cause: string };

export interface EvictionDeps {
  objects: ClusterObjects;
  budgets: DisruptionBudgets;
  events: EventRecorder;
  deletePod: (namespace: string, name: string) => PodObject | undefined;
}

export function evictPod(d: EvictionDeps, namespace: string, name: string): EvictResult {
  const pod = d.objects.get('pods', namespace, name);
  if (!pod) return { ok: false, code: 404, message: `pods "${name}" not found` };
  if (pod.metadata.deletionTimestamp) return { ok: true };
  // Pods that are not running do not count against a budget and may always go.
  if (isPodReady(pod)) {
    for (const pdb of d.objects.list('poddisruptionbudgets', namespace)) {
      if (!matchesLabels(pdb.spec.selector.matchLabels ?? {}, pod.metadata.labels)) continue;
      const n = d.budgets.refresh(namespace, pdb.metadata.name)?.status ?? d.budgets.numbers(pdb);
      if (n.disruptionsAllowed < 1) {
        return {
          ok: false,
          code: 429,
          pdb: pdb.metadata.name,
          message: "Cannot evict pod as it would violate the pod's disruption budget.",
          cause: `The disruption budget ${pdb.metadata.name} needs ${n.desiredHealthy} healthy pods and has ${n.currentHealthy} currently`,
        };
      }
    }
  }
  d.deletePod(namespace, name);
  d.events.record(pod, 'Evicted', 'Evicted by the eviction API', 'Normal', 'eviction');
  d.budgets.refreshAll(namespace);
  return { ok: true };
}
