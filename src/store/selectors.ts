// Derived views of the store. Pure functions of the state, so views stay thin and tests simple.
import type { LabState } from './store.js';
import type { Freshness, NodeRecord, PodRecord, SourceId } from './types.js';

/** A source is stale when it failed, or its last success is older than 3 of its intervals (at least this). */
export const STALE_AFTER_MS = 15_000;

export function isStale(f: Freshness | undefined, now: number): boolean {
  if (!f) return false;
  if (f.failures > 0) return true;
  return f.lastSuccess !== undefined && now - f.lastSuccess > Math.max(STALE_AFTER_MS, 3 * (f.expectEveryMs ?? 0));
}

export function staleSources(state: LabState, now: number): { source: SourceId; error?: string }[] {
  return (Object.entries(state.sources) as [SourceId, Freshness][])
    .filter(([, f]) => isStale(f, now))
    .map(([source, f]) => ({ source, ...(f.lastError ? { error: f.lastError.message } : {}) }));
}

/**
 * A derivation of one record map, computed once per map object: the store replaces a map when
 * anything in it changes, so an unchanged cluster costs nothing however often it is asked.
 */
function memoByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

const NO_NODES: Record<string, NodeRecord> = {};
const NO_PODS: Record<string, PodRecord> = {};

const countReady = memoByObject((nodes: Record<string, NodeRecord>) => {
  const list = Object.values(nodes);
  return { ready: list.filter((n) => n.ready).length, total: list.length };
});

const countPods = memoByObject((pods: Record<string, PodRecord>) => {
  const counts = { running: 0, pending: 0, failed: 0, total: 0 };
  for (const p of Object.values(pods)) {
    counts.total++;
    if (p.phase === 'Pending') counts.pending++;
    else if (p.phase === 'Failed' || isCrashing(p)) counts.failed++;
    else if (p.phase === 'Running') counts.running++;
  }
  return counts;
});

export function readyNodes(state: LabState, cluster: string): { readonly ready: number; readonly total: number } {
  return countReady(state.clusters[cluster]?.nodes ?? NO_NODES);
}

export function podCounts(
  state: LabState,
  cluster: string,
): { readonly running: number; readonly pending: number; readonly failed: number; readonly total: number } {
  return countPods(state.clusters[cluster]?.pods ?? NO_PODS);
}

export function isCrashing(p: PodRecord): boolean {
  return /CrashLoopBackOff|Error|ImagePullBackOff|ErrImagePull|OOMKilled/.test(p.status);
}

export function alertCountsBySeverity(state: LabState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of state.alerts) if (a.state === 'active') counts[a.severity] = (counts[a.severity] ?? 0) + 1;
  return counts;
}

/** All pods of the lab, or of the cluster in scope. */
export function podsInScope(state: LabState): PodRecord[] {
  const scope = state.ui.scope;
  const clusters = scope ? [state.clusters[scope]].filter((c) => c !== undefined) : Object.values(state.clusters);
  return clusters.flatMap((c) => Object.values(c.pods));
}
