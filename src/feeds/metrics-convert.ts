// A node's metrics sample (as the metrics service yields it) → the store's metrics record.
import type { NodeMetrics } from '../services/metrics/index.js';
import type { NodeMetricsRecord } from '../store/types.js';

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
