// The node metrics feed: one batched command per running VM over the SSH pool, in parallel; each
// answer becomes a metrics record, each VM's SSH reachability is recorded either way.
import { NodeMetricsSampler, collectNodeMetrics } from '../services/metrics/index.js';
import type { SshPool, SshTarget } from '../services/ssh/index.js';
import type { LabStore } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { PolledFeed } from './feed.js';
import { toMetricsRecord } from './metrics-convert.js';

export interface MetricsFeedOptions {
  /** The pool, asked at each run: it is made again when the lab's SSH key appears. */
  pool: () => SshPool | undefined;
  /** A VM's SSH target, undefined while its address is not known. */
  target: (vm: string) => SshTarget | undefined;
  store: LabStore;
  logger: Logger;
  timeoutMs?: number;
}

export class MetricsFeed implements PolledFeed {
  readonly source = 'ssh' as const;
  // CPU % is a delta between two samples of a node: the sampler keeps the previous one.
  private readonly sampler = new NodeMetricsSampler();

  constructor(private readonly options: MetricsFeedOptions) {}

  async run(signal: AbortSignal): Promise<void> {
    const { store, logger } = this.options;
    const pool = this.options.pool();
    if (!pool) return;
    const running = Object.values(store.getState().vms).filter((v) => v.state === 'running');
    const results = await Promise.allSettled(
      running.map(async (vm) => {
        const target = this.options.target(vm.name);
        if (!target) throw new Error('no address yet');
        return collectNodeMetrics(pool, target, this.sampler, { timeoutMs: this.options.timeoutMs ?? 8000, signal });
      }),
    );
    const reach: Record<string, { reachable: boolean; error?: string }> = {};
    results.forEach((r, i) => {
      const vm = running[i]!.name;
      if (r.status === 'fulfilled') {
        reach[vm] = { reachable: true };
        store.getState().recordNodeMetrics(vm, toMetricsRecord(r.value));
      } else {
        reach[vm] = { reachable: false, error: r.reason instanceof Error ? r.reason.message : String(r.reason) };
        logger.debug('node metrics failed', { vm, error: reach[vm].error });
      }
    });
    store.getState().setSshReachability(reach);
    const failed = Object.entries(reach).filter(([, r]) => !r.reachable);
    if (running.length > 0 && failed.length === running.length)
      throw new Error(`no VM answers over SSH (${failed[0]![0]}: ${failed[0]![1].error})`);
  }
}
