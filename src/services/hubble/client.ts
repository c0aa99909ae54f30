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

  /** Every GetFlows event: flows, node status changes and lost-event notices. */
  async *events(opts: ObserveOptions = {}): AsyncGenerator<HubbleEvent, void, undefined> {
    const { signal } = opts;
    if (signal?.aborted) return;
    const { proto, client } = await this.#connect();
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
    call.on('metadata', announce);
    const onAbort = (): void => call.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const raw of call as AsyncIterable<unknown>) {
        announce();
        const event = toEvent(getFlowsResponseSchema.parse(raw));
        if (event) yield event;
      }
    } catch (err) {
      if (signal?.aborted) return; // our own cancel
      throw toHubbleError(err);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      call.cancel(); // no-op when the call already ended; needed when the consumer stops early
    }
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
    };
    if (s.num_connected_nodes) status.numConnectedNodes = s.num_connected_nodes.value ?? 0;
    if (s.num_unavailable_nodes) status.numUnavailableNodes = s.num_unavailable_nodes.value ?? 0;
    return status;
  }

  /** Closes the channel; running streams end with CANCELLED. */
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
    return { kind: 'node-status', state: String(s.state_change ?? 'UNKNOWN_NODE_STATE'), nodes: s.node_names ?? [], message: s.message ?? '', time, nodeName };
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
