// Turns successive snapshots of each node into metrics with CPU % (from /proc/stat deltas) and
// keeps a bounded history per node for the sparklines.
import { cpuPercent, parseNodeMetrics, type CpuTimes, type NodeMetricsSnapshot } from './parse.js';

export interface NodeMetrics extends NodeMetricsSnapshot {
  node: string;
  /** ms since epoch when the sample arrived. */
  at: number;
  /** Busy CPU % since the previous sample; null on the first sample or after a reboot. */
  cpuPercent: number | null;
}

/** One point of a node's sparkline history. */
export interface MetricsPoint {
  at: number;
  cpuPercent: number | null;
  memoryPercent: number | null;
  load1: number | null;
}

export const DEFAULT_HISTORY = 60;

export class NodeMetricsSampler {
  private readonly previous = new Map<string, CpuTimes>();
  private readonly histories = new Map<string, MetricsPoint[]>();

  constructor(private readonly historyLength = DEFAULT_HISTORY) {}

  /** Parses a node's raw output and records it. */
  ingest(node: string, output: string, at = Date.now()): NodeMetrics {
    return this.record(node, parseNodeMetrics(output), at);
  }

  record(node: string, snapshot: NodeMetricsSnapshot, at = Date.now()): NodeMetrics {
    const prev = this.previous.get(node);
    const pct = prev && snapshot.cpu ? cpuPercent(prev, snapshot.cpu) : null;
    if (snapshot.cpu) this.previous.set(node, snapshot.cpu);
    const history = this.histories.get(node) ?? [];
    history.push({ at, cpuPercent: pct, memoryPercent: snapshot.memory?.usedPercent ?? null, load1: snapshot.load?.one ?? null });
    if (history.length > this.historyLength) history.splice(0, history.length - this.historyLength);
    this.histories.set(node, history);
    return { ...snapshot, node, at, cpuPercent: pct };
  }

  /** Oldest first; at most historyLength points. */
  history(node: string): readonly MetricsPoint[] {
    return this.histories.get(node) ?? [];
  }

  /** Forgets a node (deleted VM); a restarted one simply gets a null CPU % once. */
  forget(node: string): void {
    this.previous.delete(node);
    this.histories.delete(node);
  }
}
