// Node inspection: what every source knows about one machine, joined by name — tart (VmRecord),
// SSH metrics with history, kubelet and containerd, listening ports, the Kubernetes node
// (conditions, taints, allocatable) and the pods on it. Pure, so it is tested without Ink.
import type { LabState } from '../store/store.js';
import type { NodeRecord, PodRecord } from '../store/types.js';
import { age, bytes, elapsed, mib, millicores, percent } from '../components/format.js';
import { sparkline } from '../components/sparkline.js';
import { podStatusTone, type Tone } from '../components/theme.js';
import { nodeStatus } from './NodesView.js';

export interface InspectLine {
  text: string;
  tone?: Tone;
}

export interface InspectSection {
  title: string;
  lines: InspectLine[];
}

function findNode(state: LabState, name: string): NodeRecord | undefined {
  const cluster = state.vms[name]?.cluster;
  const preferred = cluster ? state.clusters[cluster] : undefined;
  const inPreferred = preferred ? Object.values(preferred.nodes).find((n) => n.name === name) : undefined;
  if (inPreferred) return inPreferred;
  for (const c of Object.values(state.clusters)) {
    const n = Object.values(c.nodes).find((x) => x.name === name);
    if (n) return n;
  }
  return undefined;
}

function serviceTone(state: string): Tone {
  return state === 'active' || state === 'running' ? 'good' : state === 'unknown' || state === '' ? 'muted' : 'bad';
}

export function inspectNode(state: LabState, name: string, now: number): InspectSection[] {
  const sections: InspectSection[] = [];
  const vm = state.vms[name];
  const configured = state.config?.lab.clusters
    .flatMap((c) => c.nodes.map((n) => ({ ...n, cluster: c.name })))
    .find((n) => n.name === name);
  const node = findNode(state, name);
  const cluster = node?.cluster ?? vm?.cluster ?? configured?.cluster;
  const metrics = state.nodeMetrics[name];
  const latest = metrics?.latest;

  sections.push({
    title: 'VM (tart)',
    lines:
      vm && vm.state !== 'unknown'
        ? [
            { text: `state     ${vm.state}`, tone: vm.state === 'running' ? 'good' : vm.state === 'missing' ? 'bad' : 'warn' },
            { text: `ip        ${vm.ip ?? '-'}` },
            { text: `cluster   ${vm.cluster} (${vm.role})` },
            { text: `vCPU ${vm.cpu}   RAM ${mib(vm.memoryMb)}   disk ${vm.diskGb}G` },
            vm.sshReachable === undefined
              ? { text: 'ssh       not tried yet', tone: 'muted' }
              : {
                  text: `ssh       ${vm.sshReachable ? 'reachable' : `unreachable${vm.sshError ? `: ${vm.sshError}` : ''}`}`,
                  tone: vm.sshReachable ? 'good' : 'bad',
                },
          ]
        : [
            {
              text: configured ? `not reported by tart yet (config: ${configured.cpu} vCPU, ${mib(configured.memory)})` : 'no such VM',
              tone: 'muted',
            },
          ],
  });

  const hist = (values: number[] | undefined): string => sparkline(values ?? [], 20);
  sections.push({
    title: 'Host (ssh)',
    lines: latest
      ? [
          {
            text: `cpu  ${percent(latest.cpuPercent).padStart(4)} ${hist(metrics?.cpuHistory)}`,
            ...(latest.cpuPercent !== undefined && latest.cpuPercent >= 90 ? { tone: 'bad' as const } : {}),
          },
          {
            text: `mem  ${percent(latest.memoryPercent).padStart(4)} ${hist(metrics?.memoryHistory)}`,
            ...(latest.memoryPercent >= 90 ? { tone: 'bad' as const } : {}),
          },
          { text: `mem  ${mib(latest.memAvailableMb)} free of ${mib(latest.memTotalMb)}   disk ${percent(latest.diskPercent)}` },
          {
            text: `load ${latest.load1.toFixed(2)} ${latest.load5.toFixed(2)} ${latest.load15.toFixed(2)}   up ${elapsed(latest.uptimeSec * 1000)}`,
          },
          { text: `kernel     ${latest.kernel}` },
          { text: `kubelet    ${latest.kubelet}`, tone: serviceTone(latest.kubelet) },
          { text: `containerd ${latest.containerd}`, tone: serviceTone(latest.containerd) },
          { text: `sampled ${age(latest.at, now)} ago`, tone: 'muted' },
        ]
      : [{ text: 'no SSH metrics yet', tone: 'muted' }],
  });

  if (latest)
    sections.push({
      title: `Listening ports (${latest.ports.length})`,
      lines: latest.ports.length
        ? [...latest.ports]
            .sort((a, b) => a.port - b.port)
            .map((p) => ({ text: `${String(p.port).padStart(5)}  ${p.address.padEnd(15)} ${p.process ?? ''}` }))
        : [{ text: 'none', tone: 'muted' }],
    });

  if (node) {
    sections.push({
      title: `Kubernetes (${node.cluster})`,
      lines: [
        { text: `status    ${nodeStatus(node)}`, tone: node.ready ? (node.unschedulable ? 'warn' : 'good') : 'bad' },
        { text: `roles     ${node.roles.join(',') || '<none>'}   kubelet ${node.kubeletVersion}` },
        { text: `ip        ${node.internalIp ?? '-'}   age ${age(node.createdAt, now)}` },
        {
          text: `alloc     cpu ${millicores(node.allocatable.cpuMillis)}  mem ${bytes(node.allocatable.memoryBytes)}  pods ${node.allocatable.pods}`,
        },
      ],
    });
    sections.push({
      title: 'Conditions',
      lines: node.conditions.map((c) => {
        // Ready=True is good; every other condition is good when False (no pressure).
        const good = c.type === 'Ready' ? c.status === 'True' : c.status === 'False';
        return {
          text: `${c.type.padEnd(18)} ${c.status.padEnd(7)} ${c.reason ?? ''}${c.message && !good ? ` — ${c.message}` : ''}`,
          tone: c.status === 'Unknown' ? 'warn' : good ? 'good' : 'bad',
        };
      }),
    });
    sections.push({
      title: `Taints (${node.taints.length})`,
      lines: node.taints.length
        ? node.taints.map((t) => ({ text: `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}` }))
        : [{ text: 'none', tone: 'muted' }],
    });
  } else
    sections.push({
      title: 'Kubernetes',
      lines: [{ text: cluster ? `not a node of ${cluster} (yet)` : 'not a Kubernetes node', tone: 'muted' }],
    });

  const pods: PodRecord[] = cluster ? Object.values(state.clusters[cluster]?.pods ?? {}).filter((p) => p.node === name) : [];
  pods.sort((a, b) => (a.namespace + '/' + a.name).localeCompare(b.namespace + '/' + b.name));
  sections.push({
    title: `Pods (${pods.length})`,
    lines: pods.length
      ? pods.map((p) => ({
          text: `${p.namespace}/${p.name}  ${p.status}  ${p.readyContainers}/${p.totalContainers}${p.restarts ? `  ↻${p.restarts}` : ''}`,
          tone: podStatusTone(p.status),
        }))
      : [{ text: 'none', tone: 'muted' }],
  });
  return sections;
}
