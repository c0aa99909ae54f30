// Kubernetes nodes of every cluster: cluster, name, Ready, roles, version, pods on it, CPU and
// memory use from the node metrics. `enter` inspects the node, `s` opens a shell, `J` its journal.
import type { LabState } from '../store/store.js';
import type { NodeMetricsState, NodeRecord } from '../store/types.js';
import { age, percent } from '../components/format.js';
import { sparkline } from '../components/sparkline.js';
import type { Tone } from '../components/theme.js';
import { clusterOrder } from './PodsView.js';
import { memoOn, tableView } from './tableView.js';
import type { ViewContext } from './types.js';
import { bind, type KeyBinding } from '../ui/keys.js';

export interface NodeRow {
  node: NodeRecord;
  pods: number;
  metrics?: NodeMetricsState;
}

export function usageTone(p: number | undefined): Tone | undefined {
  if (p === undefined) return 'muted';
  return p >= 90 ? 'bad' : p >= 75 ? 'warn' : undefined;
}

/** Pods per "cluster/node", counted once per change of the clusters map. */
export const podsPerNode = memoOn((clusters: LabState['clusters']): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const c of Object.values(clusters))
    for (const p of Object.values(c.pods)) if (p.node) counts.set(`${c.name}/${p.node}`, (counts.get(`${c.name}/${p.node}`) ?? 0) + 1);
  return counts;
});

const nodeRows = memoOn(
  (clusters: LabState['clusters'], metrics: LabState['nodeMetrics'], scope: string | undefined, order: string): readonly NodeRow[] => {
    const counts = podsPerNode(clusters);
    const out: NodeRow[] = [];
    for (const name of scope ? [scope] : order.split('\n')) {
      const c = clusters[name];
      if (!c) continue;
      for (const node of Object.values(c.nodes).sort((a, b) => a.name.localeCompare(b.name))) {
        const m = metrics[node.name];
        out.push({ node, pods: counts.get(`${name}/${node.name}`) ?? 0, ...(m ? { metrics: m } : {}) });
      }
    }
    return out;
  },
);

export function nodeStatus(n: NodeRecord): string {
  return `${n.ready ? 'Ready' : 'NotReady'}${n.unschedulable ? ',SchedulingDisabled' : ''}`;
}

/** The keys every machine list shares: inspect, shell, kubelet journal. */
export function machineActions(ctx: ViewContext, nodeName: () => string | undefined): KeyBinding[] {
  return [
    bind('machine.inspect', ['enter', 'd'], () => {
      const node = nodeName();
      if (node) ctx.store.getState().openPane({ kind: 'inspect', node });
    }),
    bind('machine.shell', ['s'], () => {
      const node = nodeName();
      if (node) ctx.openShell(node);
    }),
    bind('machine.journal', ['J'], () => {
      const node = nodeName();
      if (node) ctx.store.getState().openPane({ kind: 'journal', node });
    }),
  ];
}

export const nodesView = tableView<NodeRow>({
  id: 'nodes',
  title: 'Nodes',
  key: (r) => r.node.uid,
  base: (state) => nodeRows(state.clusters, state.nodeMetrics, state.ui.scope, clusterOrder(state).join('\n')),
  columns: [
    { id: 'cluster', title: 'CLUSTER', width: 9, min: 5, text: (r) => r.node.cluster },
    { id: 'name', title: 'NAME', width: 18, min: 10, grow: true, text: (r) => r.node.name },
    {
      id: 'status',
      title: 'STATUS',
      width: 9,
      min: 5,
      text: (r) => nodeStatus(r.node),
      tone: (r) => (!r.node.ready ? 'bad' : r.node.unschedulable ? 'warn' : 'good'),
    },
    { id: 'roles', title: 'ROLES', width: 14, min: 6, drop: 2, text: (r) => r.node.roles.join(',') || '<none>' },
    { id: 'version', title: 'VERSION', width: 9, drop: 3, text: (r) => r.node.kubeletVersion },
    { id: 'pods', title: 'PODS', width: 5, align: 'right', text: (r) => String(r.pods), sortKey: (r) => r.pods },
    {
      id: 'cpu',
      title: 'CPU',
      width: 4,
      align: 'right',
      searchable: false,
      text: (r) => percent(r.metrics?.latest?.cpuPercent),
      sortKey: (r) => r.metrics?.latest?.cpuPercent ?? -1,
      tone: (r) => usageTone(r.metrics?.latest?.cpuPercent),
    },
    {
      id: 'cpuh',
      title: 'CPU HIST',
      width: 10,
      drop: 4,
      searchable: false,
      text: (r) => sparkline(r.metrics?.cpuHistory ?? [], 10),
      sortKey: (r) => r.metrics?.latest?.cpuPercent ?? -1,
    },
    {
      id: 'mem',
      title: 'MEM',
      width: 4,
      align: 'right',
      searchable: false,
      text: (r) => percent(r.metrics?.latest?.memoryPercent),
      sortKey: (r) => r.metrics?.latest?.memoryPercent ?? -1,
      tone: (r) => usageTone(r.metrics?.latest?.memoryPercent),
    },
    {
      id: 'memh',
      title: 'MEM HIST',
      width: 10,
      drop: 4,
      searchable: false,
      text: (r) => sparkline(r.metrics?.memoryHistory ?? [], 10),
      sortKey: (r) => r.metrics?.latest?.memoryPercent ?? -1,
    },
    {
      id: 'age',
      title: 'AGE',
      width: 5,
      align: 'right',
      drop: 1,
      searchable: false,
      text: (r, now) => age(r.node.createdAt, now),
      sortKey: (r) => -r.node.createdAt,
    },
  ],
  empty: (state) => (Object.keys(state.clusters).length === 0 ? 'no clusters connected yet' : 'no nodes'),
  actions: (ctx, selected) => machineActions(ctx, () => selected()?.node.name),
});
