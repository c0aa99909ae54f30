// The scheduler's choice for a new pod: a schedulable, Ready, untainted node with the fewest
// pods. No node means the pod stays Pending.
import type { NodeObject, PodObject } from './objects.js';
import { isNodeReady } from './nodes.js';

export function pickNode(nodes: readonly NodeObject[], pods: readonly PodObject[], exclude?: string): string | undefined {
  const counts = new Map<string, number>();
  for (const p of pods) {
    const n = p.spec.nodeName;
    if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const ready = nodes.filter((n) => n.metadata.name !== exclude && !n.spec.unschedulable && isNodeReady(n));
  // Pods here tolerate no NoSchedule taint (the control plane's), as demo workloads don't.
  const pool = ready.filter((n) => !(n.spec.taints ?? []).some((t) => t.effect === 'NoSchedule'));
  pool.sort((x, y) => (counts.get(x.metadata.name) ?? 0) - (counts.get(y.metadata.name) ?? 0));
  return pool[0]?.metadata.name;
}
