// One cluster's Hubble Relay feed: a followed GetFlows stream (resumed after drops by the
// service) whose batches go into the store's bounded flow list. Connection state → freshness.
import type { HubbleClient, RecentIds } from '../services/hubble/index.js';
import type { LabStore } from '../store/store.js';
import type { FlowRecord, SourceId } from '../store/types.js';
import type { Logger } from '../util/logger.js';
import type { PolledFeed } from './feed.js';
import { toFlowRecord } from './hubble-convert.js';
import { Batcher } from '../util/batcher.js';

const FLUSH_MS = 1000; // the relay itself drains its sort buffer about once a second
const MAX_PENDING = 2000;

export interface HubbleFeedOptions {
  cluster: string;
  address: string;
  store: LabStore;
  logger: Logger;
  /** Flows to fetch from the relay's buffer on first connect. */
  backlog?: number;
  /** Start paused (no stream until resume()). */
  paused?: boolean;
}

/**
 * Streams while someone looks at flows; paused, it holds no stream (decoding tens of flows a
 * second nobody sees is most of an idle TUI's work) and resume() continues from the last flow's
 * time out of the relay's own buffer, so the list has no gap (within what the relay keeps).
 */
export class HubbleFeed implements PolledFeed {
  readonly source: SourceId;
  private client: HubbleClient | undefined;
  private session: { controller: AbortController; done: Promise<void> } | undefined;
  private paused: boolean;
  private stopped = false;
  private connected = false;
  private lastError: Error | undefined;
  private lastFlowTime: number | undefined;
  private seen: RecentIds | undefined;

  constructor(private readonly options: HubbleFeedOptions) {
    this.source = `hubble:${options.cluster}`;
    this.paused = options.paused ?? false;
  }

  start(): void {
    if (!this.paused) this.resume();
  }

  resume(): void {
    this.paused = false;
    if (this.session || this.stopped) return;
    const controller = new AbortController();
    const done = this.stream(controller.signal)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) this.options.store.getState().recordError(this.source, err);
      })
      .finally(() => {
        if (this.session?.controller === controller) this.session = undefined;
      });
    this.session = { controller, done };
  }

  async pause(): Promise<void> {
    this.paused = true;
    const session = this.session;
    this.session = undefined;
    this.connected = false;
    session?.controller.abort();
    await session?.done;
  }

  /**
   * For the scheduler: streaming, the stream's state; paused, the relay's ServerStatus, so the
   * header can say whether Hubble answers even while no flows are fetched.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.session) {
      if (!this.connected) throw this.lastError ?? new Error(`${this.options.cluster}: connecting to Hubble Relay`);
      return;
    }
    const client = await this.connect();
    await client.serverStatus({ signal, timeoutMs: 4000 });
  }

  private async connect(): Promise<HubbleClient> {
    if (this.client) return this.client;
    const { HubbleClient, RecentIds } = await import('../services/hubble/index.js');
    this.seen ??= new RecentIds(16_384);
    this.client = new HubbleClient(this.options.address);
    return this.client;
  }

  private async stream(signal: AbortSignal): Promise<void> {
    const { cluster, store, logger } = this.options;
    const client = await this.connect();
    const { followFlowBatches } = await import('../services/hubble/index.js');
    const batches = followFlowBatches(client, {
      ...(this.lastFlowTime !== undefined ? { since: this.lastFlowTime } : { number: this.options.backlog ?? 200 }),
      ...(this.seen ? { seen: this.seen } : {}),
      signal,
      onState: (s) => {
        if (s.state === 'connected') {
          this.connected = true;
          store.getState().recordSuccess(this.source);
        } else if (s.state === 'reconnecting') {
          this.connected = false;
          this.lastError = new Error(`${cluster}: ${s.error}`);
          store.getState().recordError(this.source, this.lastError);
          logger.debug('hubble reconnecting', { cluster, delayMs: s.delayMs });
        }
      },
    });
    // Flows are handed to the store in batches, FLUSH_MS after the first of a batch or at
    // MAX_PENDING: one store update (and at most one redraw) per batch instead of one per flow.
    let freshAt = 0;
    const pending = new Batcher<Omit<FlowRecord, 'id'>>({
      delayMs: FLUSH_MS,
      maxItems: MAX_PENDING,
      unref: true,
      onFlush: (flows) => {
        store.getState().pushFlows(flows);
        // Freshness every few seconds is plenty (stale means 15 s).
        if (Date.now() - freshAt > 5000) {
          freshAt = Date.now();
          store.getState().recordSuccess(this.source, freshAt);
        }
      },
    });
    try {
      for await (const batch of batches) {
        for (const f of batch) {
          if (this.lastFlowTime === undefined || f.time > this.lastFlowTime) this.lastFlowTime = f.time;
        }
        pending.pushAll(batch.map((f) => toFlowRecord(cluster, f)));
      }
    } finally {
      pending.flush();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.pause();
    this.client?.close();
  }
}
