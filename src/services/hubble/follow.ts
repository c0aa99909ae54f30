// A long-lived follow stream that survives relay restarts and dropped tunnels: on a break it
// waits (exponential backoff with jitter), then resumes with `since` = the last flow's time and
// drops the flows it already delivered, so a reconnect yields neither gaps nor duplicates.
import type { Flow } from './flow.js';
import type { FlowQuery } from './filters.js';
import { HubbleError, type HubbleClient, type HubbleEvent } from './client.js';
import { backoffDelay } from '../../util/backoff.js';
import { sleep } from '../../util/sleep.js';

export type ConnectionState =
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; attempt: number }
  | { state: 'reconnecting'; attempt: number; delayMs: number; error: string; code?: number }
  | { state: 'closed' };

/** How long a broken stream waits before it reconnects (defaults: 250 ms doubling to 10 s, ±20 %). */
export interface ReconnectBackoff {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** 0..1: the delay is multiplied by a random factor in [1-jitter, 1+jitter]. */
  jitter?: number;
}

export interface FollowOptions {
  filters?: FlowQuery;
  /** Buffered flows to show first on the initial connect (default 0: only new ones). */
  number?: number;
  signal?: AbortSignal;
  onState?: (state: ConnectionState) => void;
  /** Node status changes and lost-event notices. */
  onEvent?: (event: Exclude<HubbleEvent, { kind: 'flow' }>) => void;
  backoff?: ReconnectBackoff;
  /** How many recent flow ids are remembered for de-duplication (default 16384). */
  dedupeWindow?: number;
  /**
   * Continue an earlier stream: start from this flow time (ms) instead of `number`, skipping the
   * ids in `seen` (the earlier stream's window), so a pause leaves neither gap nor duplicate.
   */
  since?: number;
  seen?: RecentIds;
}

function reconnectDelay(attempt: number, b: ReconnectBackoff = {}): number {
  return backoffDelay(attempt, { baseMs: b.initialMs ?? 250, maxMs: b.maxMs ?? 10_000, factor: b.factor ?? 2, jitter: b.jitter ?? 0.2 });
}

/** A bounded set of the most recent ids (insertion order), for resume de-duplication. */
export class RecentIds {
  readonly #set = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.#set.has(id);
  }
  add(id: string): void {
    this.#set.add(id);
    if (this.#set.size > this.capacity) {
      const oldest = this.#set.values().next();
      if (!oldest.done) this.#set.delete(oldest.value);
    }
  }
}

/**
 * Follows flows until `signal` aborts (or the consumer stops), reconnecting as needed; yields
 * them in the batches they arrived in (what a feed wants: one store update per batch).
 */
export async function* followFlowBatches(client: HubbleClient, opts: FollowOptions = {}): AsyncGenerator<Flow[], void, undefined> {
  const { signal, onState } = opts;
  const seen = opts.seen ?? new RecentIds(opts.dedupeWindow ?? 16_384);
  let lastTime: number | undefined = opts.since;
  let attempt = 0;
  try {
    while (!signal?.aborted) {
      onState?.({ state: 'connecting', attempt });
      let failure: HubbleError;
      try {
        const resume = lastTime === undefined ? { number: opts.number ?? 0 } : { since: lastTime };
        const batches = client.eventBatches({
          ...resume,
          follow: true,
          filters: opts.filters,
          signal,
          onConnected: () => {
            attempt = 0;
            onState?.({ state: 'connected', attempt });
          },
        });
        for await (const events of batches) {
          const flows: Flow[] = [];
          for (const event of events) {
            if (event.kind !== 'flow') {
              opts.onEvent?.(event);
              continue;
            }
            const flow = event.flow;
            if (seen.has(flow.uuid)) continue; // already delivered before the reconnect
            seen.add(flow.uuid);
            if (lastTime === undefined || flow.time > lastTime) lastTime = flow.time;
            flows.push(flow);
          }
          if (flows.length > 0) yield flows;
        }
        if (signal?.aborted) break;
        failure = new HubbleError('stream ended by the relay', 0);
      } catch (err) {
        if (signal?.aborted) break;
        failure = err instanceof HubbleError ? err : new HubbleError(String(err), 2);
      }
      attempt++;
      const delayMs = reconnectDelay(attempt, opts.backoff);
      onState?.({ state: 'reconnecting', attempt, delayMs, error: failure.message, code: failure.code });
      await sleep(delayMs, signal);
    }
  } finally {
    onState?.({ state: 'closed' });
  }
}

/** followFlowBatches, one flow at a time. */
export async function* followFlows(client: HubbleClient, opts: FollowOptions = {}): AsyncGenerator<Flow, void, undefined> {
  for await (const batch of followFlowBatches(client, opts)) yield* batch;
}
