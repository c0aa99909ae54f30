// One poll of one node: the batched command over the pool, parsed into the sampler.
import type { SshPool } from '../ssh/pool.js';
import type { SshTarget } from '../ssh/types.js';
import { NODE_METRICS_COMMAND } from './command.js';
import type { NodeMetrics, NodeMetricsSampler } from './sampler.js';

export interface CollectOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Runs NODE_METRICS_COMMAND on the node (one exec) and records the result. Throws SshError. */
export async function collectNodeMetrics(
  pool: SshPool,
  target: SshTarget,
  sampler: NodeMetricsSampler,
  opts: CollectOptions = {},
): Promise<NodeMetrics> {
  const result = await pool.exec(target, NODE_METRICS_COMMAND, {
    timeoutMs: opts.timeoutMs ?? 10_000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return sampler.ingest(target.name, result.stdout);
}
