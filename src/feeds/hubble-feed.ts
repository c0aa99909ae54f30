// One cluster's Hubble Relay feed: a followed GetFlows stream (resumed after drops by the
// service) whose batches go into the store's bounded flow list. Connection state → freshness.
import type { Flow, HubbleClient } from '../services/hubble/index.js';
import type { LabStore } from '../store/store.js';
import type { FlowEndpointRecord, FlowRecord, SourceId, Verdict } from '../store/types.js';
import type { Logger } from '../util/logger.js';

function endpoint(e: Flow['source']): FlowEndpointRecord {
  return { ...(e.namespace ? { namespace: e.namespace } : {}), ...(e.pod ? { pod: e.pod } : {}), ...(e.ip ? { ip: e.ip } : {}) };
}

export function toFlowRecord(cluster: string, f: Flow): Omit<FlowRecord, 'id'> {
  const http = f.l7?.http;
  return {
    time: f.time,
    cluster: f.source.cluster || f.destination.cluster || cluster,
    verdict: (f.verdict === 'VERDICT_UNKNOWN' ? 'UNKNOWN' : f.verdict) as Verdict,
    source: endpoint(f.source),
    destination: endpoint(f.destination),
    protocol: f.l4?.protocol ?? (f.l7?.dns ? 'DNS' : '-'),
    ...(f.l4?.destinationPort ? { port: f.l4.destinationPort } : {}),
    ...(http ? { http: { ...(http.method ? { method: http.method } : {}), ...(http.url ? { url: http.url } : {}), ...(http.code ? { code: http.code } : {}) } } : {}),
    ...(f.dropReason ? { dropReason: f.dropReason } : {}),
    ...(f.summary ? { summary: f.summary } : {}),
  };
}

const FLUSH_MS = 1000; // the relay itself drains its sort buffer about once a second
const MAX_PENDING = 2000;

export interface HubbleFeedOptions {
  cluster: string;
  address: string;
  store: LabStore;
  logger: Logger;
  /** Flows to fetch from the relay's buffer on first connect. */
  backlog?: number;
}

export class HubbleFeed {
  readonly source: SourceId;
  private readonly controller = new AbortController();
  private client: HubbleClient | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: HubbleFeedOptions) {
    this.source = `hubble:${options.cluster}`;
  }

  start(): void {
    this.running ??= this.run().catch((err: unknown) => {
      if (!this.controller.signal.aborted) this.options.store.getState().recordError(this.source, err);
    });
  }

  private async run(): Promise<void> {
    const { cluster, address, store, logger } = this.options;
    const { HubbleClient, followFlowBatches } = await import('../services/hubble/index.js');
    this.client = new HubbleClient(address);
    const batches = followFlowBatches(this.client, {
      number: this.options.backlog ?? 200,
      signal: this.controller.signal,
      onState: (s) => {
        if (s.state === 'connected') store.getState().recordSuccess(this.source);
        else if (s.state === 'reconnecting') {
          store.getState().recordError(this.source, new Error(`${cluster}: ${s.error}`));
          logger.debug('hubble reconnecting', { cluster, delayMs: s.delayMs });
        }
      },
    });
    // Flows are handed to the store in batches every FLUSH_MS: one store update (and at most
    // one redraw) per batch instead of one per flow.
    let pending: Omit<FlowRecord, 'id'>[] = [];
    let freshAt = 0;
    const flush = (): void => {
      if (pending.length === 0) return;
      store.getState().pushFlows(pending);
      pending = [];
      // Freshness every few seconds is plenty (stale means 15 s).
      if (Date.now() - freshAt > 5000) {
        freshAt = Date.now();
        store.getState().recordSuccess(this.source, freshAt);
      }
    };
    const timer = setInterval(flush, FLUSH_MS);
    timer.unref();
    try {
      for await (const batch of batches) {
        for (const f of batch) pending.push(toFlowRecord(cluster, f));
        if (pending.length >= MAX_PENDING) flush();
      }
    } finally {
      clearInterval(timer);
      flush();
    }
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
    this.client?.close();
  }
}
