// Tart VMs: power state, IP, vCPU / RAM / disk, SSH reachability and live CPU / memory with
// sparklines. Every VM of the config is listed, even before tart has answered: the store holds a
// record per configured VM from the start (feeds/tart-convert.ts), and this view only shows them.
import type { LabState } from '../store/store.js';
import type { NodeMetricsState, VmRecord } from '../store/types.js';
import { mib, percent } from '../components/format.js';
import { sparkline } from '../components/sparkline.js';
import type { Tone } from '../components/theme.js';
import { memoOn, tableView } from './tableView.js';
import { machineActions, usageTone } from './NodesView.js';

/** A VM record (joined with the config by the tart feed) and the node's metrics. */
export interface VmRow extends VmRecord {
  metrics?: NodeMetricsState;
}

const vmRows = memoOn((vms: LabState['vms'], metrics: LabState['nodeMetrics'], scope: string | undefined): readonly VmRow[] =>
  Object.values(vms)
    .filter((vm) => !scope || vm.cluster === scope)
    .map((vm) => {
      const m = metrics[vm.name];
      return m ? { ...vm, metrics: m } : vm;
    }),
);

function stateTone(r: VmRow): Tone {
  switch (r.state) {
    case 'running':
      return 'good';
    case 'suspended':
      return 'warn';
    case 'missing':
      return 'bad';
    default:
      return 'muted';
  }
}

function sshText(r: VmRow): string {
  if (r.sshReachable === undefined) return '-';
  return r.sshReachable ? 'ok' : 'down';
}

export const vmsView = tableView<VmRow>({
  id: 'vms',
  title: 'VMs',
  key: (r) => r.name,
  base: (state) => vmRows(state.vms, state.nodeMetrics, state.ui.scope),
  columns: [
    { id: 'name', title: 'NAME', width: 16, min: 10, grow: true, text: (r) => r.name },
    { id: 'cluster', title: 'CLUSTER', width: 9, min: 5, drop: 2, text: (r) => r.cluster },
    { id: 'role', title: 'ROLE', width: 6, drop: 3, text: (r) => r.role },
    { id: 'state', title: 'STATE', width: 9, min: 7, text: (r) => r.state, tone: stateTone },
    { id: 'ip', title: 'IP', width: 15, min: 7, text: (r) => r.ip ?? '-' },
    { id: 'cpus', title: 'VCPU', width: 4, align: 'right', text: (r) => String(r.cpu), sortKey: (r) => r.cpu },
    { id: 'ram', title: 'RAM', width: 5, align: 'right', text: (r) => mib(r.memoryMb), sortKey: (r) => r.memoryMb },
    { id: 'disk', title: 'DISK', width: 4, align: 'right', drop: 4, text: (r) => `${r.diskGb}G`, sortKey: (r) => r.diskGb },
    {
      id: 'ssh',
      title: 'SSH',
      width: 4,
      text: sshText,
      tone: (r) => (r.sshReachable === undefined ? 'muted' : r.sshReachable ? 'good' : 'bad'),
    },
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
      width: 12,
      drop: 1,
      searchable: false,
      text: (r) => sparkline(r.metrics?.cpuHistory ?? [], 12),
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
      width: 12,
      drop: 1,
      searchable: false,
      text: (r) => sparkline(r.metrics?.memoryHistory ?? [], 12),
      sortKey: (r) => r.metrics?.latest?.memoryPercent ?? -1,
    },
  ],
  empty: () => 'no VMs in the config',
  actions: (ctx, selected) => machineActions(ctx, () => selected()?.name),
});
