// Pods of all four clusters in one list (or of the cluster in scope): cluster, namespace, name,
// ready x/y, status coloured, restarts, age, node. `l` tails the logs in the split pane.
import type { LabState } from '../store/store.js';
import type { PodRecord } from '../store/types.js';
import { podStatusTone } from '../components/theme.js';
import { age } from '../components/format.js';
import { memoOn, tableView } from './tableView.js';
import type { ViewContext } from './types.js';
import type { RenderMemory, TuiState } from '../ui/ui-store.js';
import { bind } from '../ui/keys.js';

// Each cluster's pods sorted once per change of that cluster's map; the lab list is their
// concatenation in config order, so a watch event in dev does not re-sort prod. When a change
// only updated pods in place (the common watch event), the previous order is patched in O(n).
// The orders are kept in the UI store's render memory (one per TUI), not in this module.
type PodOrder = RenderMemory['podOrder'];

const byNamespaceAndName = (a: PodRecord, b: PodRecord): number =>
  a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1;

function patched(previous: PodRecord[], pods: Record<string, PodRecord>): PodRecord[] | undefined {
  const out = new Array<PodRecord>(previous.length);
  let count = 0;
  for (let i = 0; i < previous.length; i++) {
    const now = pods[previous[i]!.uid];
    if (!now || now.namespace !== previous[i]!.namespace || now.name !== previous[i]!.name) return undefined;
    out[i] = now;
    count++;
  }
  return count === Object.keys(pods).length ? out : undefined;
}

function clusterPods(order: PodOrder, cluster: string, pods: Record<string, PodRecord>): PodRecord[] {
  let sorted = order.byMap.get(pods);
  if (!sorted) {
    const last = order.lastByCluster.get(cluster);
    sorted = (last && patched(last.sorted, pods)) ?? Object.values(pods).sort(byNamespaceAndName);
    order.byMap.set(pods, sorted);
    order.lastByCluster.set(cluster, { pods, sorted });
  }
  return sorted;
}

export function clusterOrder(state: LabState): string[] {
  const configured = state.config?.lab.clusters.map((c) => c.name) ?? [];
  return [
    ...configured,
    ...Object.keys(state.clusters)
      .filter((c) => !configured.includes(c))
      .sort(),
  ];
}

const allPods = memoOn(
  (podOrder: PodOrder, clusters: LabState['clusters'], scope: string | undefined, order: string): readonly PodRecord[] => {
    const names = scope ? [scope] : order.split('\n');
    const out: PodRecord[] = [];
    for (const name of names) {
      const c = clusters[name];
      if (c) for (const p of clusterPods(podOrder, name, c.pods)) out.push(p);
    }
    return out;
  },
);

export function podsBase(state: LabState, tui: TuiState): readonly PodRecord[] {
  return allPods(tui.memory.podOrder, state.clusters, state.ui.scope, clusterOrder(state).join('\n'));
}

/** Opens the log pane for a pod: straight away with one container, through a picker with several. */
export function openPodLogs(ctx: ViewContext, pod: PodRecord): void {
  const open = (container?: string): void =>
    ctx.store
      .getState()
      .openPane({ kind: 'logs', cluster: pod.cluster, namespace: pod.namespace, pod: pod.name, ...(container ? { container } : {}) });
  if (pod.containers.length <= 1) open(pod.containers[0]);
  else ctx.openDialog({ kind: 'pick', title: `logs of ${pod.name}: which container?`, options: pod.containers, index: 0, onPick: open });
}

export const podsView = tableView<PodRecord>({
  id: 'pods',
  title: 'Pods',
  key: (p) => p.uid,
  base: podsBase,
  columns: [
    { id: 'cluster', title: 'CLUSTER', width: 9, min: 5, drop: 1, text: (p) => p.cluster },
    { id: 'namespace', title: 'NAMESPACE', width: 16, min: 8, text: (p) => p.namespace },
    { id: 'name', title: 'NAME', width: 30, min: 14, grow: true, text: (p) => p.name },
    {
      id: 'ready',
      title: 'READY',
      width: 5,
      align: 'right',
      text: (p) => `${p.readyContainers}/${p.totalContainers}`,
      sortKey: (p) => p.readyContainers / Math.max(1, p.totalContainers),
    },
    { id: 'status', title: 'STATUS', width: 17, min: 9, text: (p) => p.status, tone: (p) => podStatusTone(p.status) },
    {
      id: 'restarts',
      title: 'RESTARTS',
      width: 8,
      min: 4,
      align: 'right',
      drop: 3,
      text: (p) => String(p.restarts),
      sortKey: (p) => p.restarts,
      tone: (p) => (p.restarts > 0 ? 'warn' : undefined),
    },
    {
      id: 'age',
      title: 'AGE',
      width: 5,
      align: 'right',
      searchable: false,
      text: (p, now) => age(p.createdAt, now),
      sortKey: (p) => -p.createdAt,
    },
    { id: 'node', title: 'NODE', width: 16, min: 8, drop: 2, text: (p) => p.node ?? '<none>' },
  ],
  empty: (state) => (Object.keys(state.clusters).length === 0 ? 'no clusters connected yet' : 'no pods'),
  actions: (ctx, selected) => [
    bind('pods.logs', ['l'], () => {
      const pod = selected();
      if (pod) openPodLogs(ctx, pod);
    }),
    bind('pods.node', ['o'], () => {
      const pod = selected();
      if (pod?.node) ctx.store.getState().openPane({ kind: 'inspect', node: pod.node });
    }),
  ],
});
