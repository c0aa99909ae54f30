// Hubble Relay client over gRPC (observer.Observer). A plain adapter: it yields normalized flows
// and knows nothing of the store or React. "host:port" is plaintext (the lab's NodePort relay),
// "tls://host:port" uses TLS, as in the hubble CLI.
import type * as GrpcJs from '@grpc/grpc-js';
import { normalizeFlow, type Flow } from './flow.js';
import { toFilterLists, type FlowQuery } from './filters.js';
import { loadHubbleProto, type HubbleProto } from './proto.js';
import {
  getFlowsResponseSchema,
  msToTimestamp,
  serverStatusResponseSchema,
  timestampToMs,
  type WireFlowFilter,
  type WireGetFlowsRequest,
  type WireGetFlowsResponse,
} from './wire.js';

export interface ObserveOptions {
  /** Keep the stream open and receive new flows. */
  follow?: boolean;
  /** The last N buffered flows (the first N with `first`); not combinable with since/until. */
  number?: number;
  first?: boolean;
  /** Lower / upper time bound, ms since the epoch. */
  since?: number;
  until?: number;
  filters?: FlowQuery;
  /** Raw FlowFilters, added to the ones built from `filters`. */
  whitelist?: WireFlowFilter[];
  blacklist?: WireFlowFilter[];
  signal?: AbortSignal;
  /** Called once when the relay answers (response headers or a first message). */
  onConnected?: () => void;
  /** Called for a response that fails validation (it is skipped). */
  onInvalid?: (problem: string) => void;
}

export type NodeState = 'UNKNOWN_NODE_STATE' | 'NODE_CONNECTED' | 'NODE_UNAVAILABLE' | 'NODE_GONE' | 'NODE_ERROR' | string;

export type HubbleEvent =
  | { kind: 'flow'; flow: Flow }
  | { kind: 'node-status'; state: NodeState; nodes: string[]; message: string; time: number; nodeName: string }
  | { kind: 'lost'; source: string; count: number; time: number; nodeName: string };

export interface ServerStatus {
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  uptimeNs: number;
  /** Set by Hubble Relay only; undefined from a node-local agent. */
  numConnectedNodes?: number;
  numUnavailableNodes?: number;
  unavailableNodes: string[];
  version: string;
  /** Flows per second over the last minute; 0 from relays older than Cilium 1.14. */
  flowsRate: number;
}

/** A failed call, with the gRPC status code (14 UNAVAILABLE, 1 CANCELLED, 4 DEADLINE_EXCEEDED, ...). */
export class HubbleError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'HubbleError';
  }
}

export interface HubbleClientOptions {
  /** Deadline for unary calls such as ServerStatus (default 5000 ms). */
  unaryTimeoutMs?: number;
  /** Extra grpc-js channel options. */
  channelOptions?: GrpcJs.ChannelOptions;
}

interface Connection {
  proto: HubbleProto;
  client: GrpcJs.Client;
}

/** Most events handed over in one batch; the stream is paused beyond this until the consumer catches up. */
const MAX_BATCH = 512;

// Reconnect quickly after a relay restart instead of grpc's default of up to 120 s; longer waits
// are followFlows' business, where they are visible to the user.
const DEFAULT_CHANNEL_OPTIONS: GrpcJs.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 5000,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

export function parseRelayAddress(address: string): { target: string; tls: boolean } {
  const m = /^(tls|grpc|grpcs|http|https):\/\/(.+)$/.exec(address.trim());
  if (!m) return { target: address.trim(), tls: false };
  const scheme = m[1] as string;
  return { target: (m[2] as string).replace(/\/+$/, ''), tls: scheme === 'tls' || scheme === 'grpcs' || scheme === 'https' };
}

export class HubbleClient {
  readonly target: string;
  readonly tls: boolean;
  #connection: Promise<Connection> | undefined;
  #closed = false;

  constructor(
    readonly address: string,
    private readonly options: HubbleClientOptions = {},
  ) {
    const parsed = parseRelayAddress(address);
    this.target = parsed.target;
    this.tls = parsed.tls;
  }

  #connect(): Promise<Connection> {
    if (this.#closed) return Promise.reject(new HubbleError('client closed', 1));
    this.#connection ??= loadHubbleProto().then((proto) => {
      const { grpc } = proto;
      const credentials = this.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
      const client = new grpc.Client(this.target, credentials, { ...DEFAULT_CHANNEL_OPTIONS, ...this.options.channelOptions });
      return { proto, client };
    });
    return this.#connection;
  }

  /**
   * GetFlows events in batches: whatever arrived since the consumer last asked, validated and
   * normalized. Batching (and 'data' events rather than the stream's async iterator) keeps the
   * per-flow cost low at thousands of flows per second; the stream is paused while a batch is full.
   */
  async *eventBatches(opts: ObserveOptions = {}): AsyncGenerator<HubbleEvent[], void, undefined> {
    const { signal } = opts;
    if (signal?.aborted) return;
    const { proto, client } = await this.#connect();
    if (signal?.aborted) return;
    const method = proto.methods.GetFlows;
    const call = client.makeServerStreamRequest<object, object>(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      buildRequest(opts),
      new proto.grpc.Metadata(),
    );
    let announced = false;
    const announce = (): void => {
      if (announced) return;
      announced = true;
      opts.onConnected?.();
    };
    let queue: unknown[] = [];
    let paused = false;
    let ended = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    call.on('metadata', announce);
    call.on('data', (raw: unknown) => {
      queue.push(raw);
      if (queue.length >= MAX_BATCH && !paused) {
        paused = true;
        call.pause();
      }
      notify();
    });
    call.on('error', (err: unknown) => {
      failure = err;
      ended = true;
      notify();
    });
    call.on('end', () => {
      ended = true;
      notify();
    });
    call.on('close', () => {
      ended = true;
      notify();
    });
    const onAbort = (): void => call.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (queue.length === 0) {
          if (ended) break;
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        announce();
        const raws = queue;
        queue = [];
        if (paused) {
          paused = false;
          call.resume();
        }
        const batch: HubbleEvent[] = [];
        for (const raw of raws) {
          const parsed = getFlowsResponseSchema.safeParse(raw);
          if (!parsed.success) {
            opts.onInvalid?.(parsed.error.message); // one bad message should not end the stream
            continue;
          }
          const event = toEvent(parsed.data);
          if (event) batch.push(event);
        }
        if (batch.length > 0) yield batch;
      }
      if (failure !== undefined && !signal?.aborted) throw toHubbleError(failure);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      call.cancel(); // no-op when the call already ended; needed when the consumer stops early
    }
  }

  /** Every GetFlows event, one at a time: flows, node status changes and lost-event notices. */
  async *events(opts: ObserveOptions = {}): AsyncGenerator<HubbleEvent, void, undefined> {
    for await (const batch of this.eventBatches(opts)) yield* batch;
  }

  /** Flows only (node status and lost events are skipped; use events() or followFlows() for them). */
  async *observe(opts: ObserveOptions = {}): AsyncGenerator<Flow, void, undefined> {
    for await (const event of this.events(opts)) if (event.kind === 'flow') yield event.flow;
  }

  async serverStatus(opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ServerStatus> {
    const { proto, client } = await this.#connect();
    const method = proto.methods.ServerStatus;
    const deadline = Date.now() + (opts.timeoutMs ?? this.options.unaryTimeoutMs ?? 5000);
    const raw = await new Promise<object>((resolve, reject) => {
      const call = client.makeUnaryRequest<object, object>(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        {},
        new proto.grpc.Metadata(),
        { deadline },
        (err, value) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (err) reject(toHubbleError(err));
          else if (value === undefined) reject(new HubbleError('empty ServerStatus response', 13));
          else resolve(value);
        },
      );
      const onAbort = (): void => call.cancel();
      if (opts.signal?.aborted) call.cancel();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const s = serverStatusResponseSchema.parse(raw);
    const status: ServerStatus = {
      numFlows: Number(s.num_flows ?? 0),
      maxFlows: Number(s.max_flows ?? 0),
      seenFlows: Number(s.seen_flows ?? 0),
      uptimeNs: Number(s.uptime_ns ?? 0),
      unavailableNodes: s.unavailable_nodes ?? [],
      version: s.version ?? '',
      flowsRate: s.flows_rate ?? 0,
    };
    if (s.num_connected_nodes) status.numConnectedNodes = s.num_connected_nodes.value ?? 0;
    if (s.num_unavailable_nodes) status.numUnavailableNodes = s.num_unavailable_nodes.value ?? 0;
    return status;
  }

  /** Closes the channel: later calls fail; abort running streams through their signal first. */
  close(): void {
    this.#closed = true;
    const conn = this.#connection;
    this.#connection = undefined;
    void conn?.then((c) => c.client.close()).catch(() => undefined);
  }
}

/** The GetFlowsRequest for these options (exported for tests and for logging what was asked). */
export function buildRequest(opts: ObserveOptions): WireGetFlowsRequest {
  const lists = toFilterLists(opts.filters);
  const req: WireGetFlowsRequest = {};
  if (opts.number !== undefined && opts.number > 0) req.number = String(Math.floor(opts.number));
  if (opts.follow) req.follow = true;
  if (opts.first) req.first = true;
  const whitelist = [...lists.whitelist, ...(opts.whitelist ?? [])];
  const blacklist = [...lists.blacklist, ...(opts.blacklist ?? [])];
  if (whitelist.length > 0) req.whitelist = whitelist;
  if (blacklist.length > 0) req.blacklist = blacklist;
  if (opts.since !== undefined) req.since = msToTimestamp(opts.since);
  if (opts.until !== undefined) req.until = msToTimestamp(opts.until);
  return req;
}

function toEvent(r: WireGetFlowsResponse): HubbleEvent | undefined {
  const nodeName = r.node_name ?? '';
  if (r.flow) return { kind: 'flow', flow: normalizeFlow(r.flow, nodeName) };
  const time = timestampToMs(r.time);
  if (r.node_status) {
    const s = r.node_status;
    return {
      kind: 'node-status',
      state: String(s.state_change ?? 'UNKNOWN_NODE_STATE'),
      nodes: s.node_names ?? [],
      message: s.message ?? '',
      time,
      nodeName,
    };
  }
  if (r.lost_events) {
    const l = r.lost_events;
    return { kind: 'lost', source: String(l.source ?? 'UNKNOWN_LOST_EVENT_SOURCE'), count: Number(l.num_events_lost ?? 0), time, nodeName };
  }
  return undefined; // a response kind newer than our proto
}

function toHubbleError(err: unknown): HubbleError {
  if (err instanceof HubbleError) return err;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const details = (err as { details?: unknown }).details;
    return new HubbleError(typeof details === 'string' && details ? details : err.message, typeof code === 'number' ? code : 2);
  }
  return new HubbleError(String(err), 2);
}
