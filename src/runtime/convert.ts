// Service results → store records for the polled sources (tart, node metrics, alerts).
import type { LabConfig } from '../config/schema.js';
import type { TartVm } from '../services/tart/index.js';
import type { NodeMetrics } from '../services/metrics/index.js';
import type { Alert } from '../services/alertmanager/schema.js';
import type { AlertRecord, NodeMetricsRecord, VmRecord } from '../store/types.js';

/** Every VM the config names, with tart's view of it ("missing" when tart has none). */
export function toVmRecords(config: LabConfig, listed: TartVm[], ips: Map<string, string>): VmRecord[] {
  const byName = new Map(listed.filter((v) => v.source === 'local').map((v) => [v.name, v]));
  return config.clusters.flatMap((c) =>
    c.nodes.map((n) => {
      const vm = byName.get(n.name);
      const ip = vm?.running ? ips.get(n.name) : undefined;
      return {
        name: n.name,
        cluster: c.name,
        role: n.role,
        state: vm ? vm.state : 'missing',
        ...(ip ? { ip } : {}),
        cpu: n.cpu,
        memoryMb: n.memory,
        diskGb: vm?.diskGb ?? n.disk,
      } satisfies VmRecord;
    }),
  );
}

export function toMetricsRecord(m: NodeMetrics): NodeMetricsRecord {
  return {
    at: m.at,
    ...(m.cpuPercent === null ? {} : { cpuPercent: m.cpuPercent }),
    memoryPercent: m.memory?.usedPercent ?? 0,
    memTotalMb: Math.round((m.memory?.totalKb ?? 0) / 1024),
    memAvailableMb: Math.round((m.memory?.availableKb ?? 0) / 1024),
    diskPercent: m.disk?.usedPercent ?? 0,
    load1: m.load?.one ?? 0,
    load5: m.load?.five ?? 0,
    load15: m.load?.fifteen ?? 0,
    uptimeSec: m.uptimeSeconds ?? 0,
    kernel: m.kernel ?? '',
    containerd: m.services.containerd ?? 'unknown',
    kubelet: m.services.kubelet ?? 'unknown',
    ports: m.ports.listeners.map((l) => ({ port: l.port, address: l.address, ...(l.process ? { process: l.process } : {}) })),
  };
}

export function toAlertRecord(a: Alert): AlertRecord {
  return {
    fingerprint: a.fingerprint,
    name: a.labels.alertname ?? '(unnamed)',
    severity: a.labels.severity ?? 'none',
    ...(a.labels.cluster ? { cluster: a.labels.cluster } : {}),
    summary: a.annotations.summary ?? a.annotations.description ?? '',
    state: a.status.state,
    silencedBy: a.status.silencedBy,
    startsAt: Date.parse(a.startsAt) || 0,
    labels: a.labels,
  };
}
