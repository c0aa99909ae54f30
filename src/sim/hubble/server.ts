// A Hubble Relay stand-in for the demo lab and the tests: a real gRPC server on loopback serving
// observer.Observer from the same proto as the client. GetFlows honours number/first, follow,
// since/until and white/blacklists; ServerStatus reports the buffer like a relay. Flows come from
// a traffic generator at a set rate, from push(), or — in flood mode — as fast as a stream reads.
import type * as GrpcJs from '@grpc/grpc-js';
import { loadHubbleProto, type HubbleProto } from '../../services/hubble/proto.js';
import {
  getFlowsRequestSchema,
  type WireFlow,
  type WireFlowFilter,
  type WireGetFlowsRequest,
  type WireGetFlowsResponse,
} from '../../services/hubble/wire.js';
import { RingBuffer } from '../../util/ring-buffer.js';
import { FlowFactory, TrafficGenerator, type FlowSpec } from './generator.js';
import { matchesLists } from './match.js';
import { nodesOf, resolvePods, type ResolvedPod, type SimHubbleTopology } from './topology.js';

export interface SimHubbleRelayOptions {
  topology: SimHubbleTopology;
  /** Generated flows per second (default 10); 0 = only pushed flows. */
  rate?: number;
  /** Flows kept for number/since queries (default 4095 per node, like the agents' rings). */
  bufferSize?: number;
  /** Loopback only (default 127.0.0.1). */
  host?: string;
  /** 0 picks a free port (default). */
  port?: number;
  seed?: number;
  /** High-rate mode for benchmarks: each follow stream gets fresh flows as fast as it reads. */
  flood?: boolean;
  /** Flows queued for a slow follow stream before the excess is dropped and reported as lost_events. */
  maxQueue?: number;
  /** When set, follow streams get a small lost_events notice this often, as a busy relay sends. */
  lostEventsEveryMs?: number;
  version?: string;
}

const DRAIN_MS = 500;

interface Stored {
  flow: WireFlow;
  t: number; // ms since the epoch, fractional
}

type Call = GrpcJs.ServerWritableStream<object, object>;

function timeOf(flow: WireFlow): number {
  return Number(flow.time?.seconds ?? 0) * 1000 + (flow.time?.nanos ?? 0) / 1e6;
}

function tsToMs(ts: { seconds?: string | number; nanos?: number } | undefined): number | undefined {
  return ts ? Number(ts.seconds ?? 0) * 1000 + (ts.nanos ?? 0) / 1e6 : undefined;
}

function flowResponse(flow: WireFlow): WireGetFlowsResponse {
  return { flow, node_name: flow.node_name ?? '', time: flow.time ?? { seconds: '0', nanos: 0 } };
}

/** One GetFlows stream: writes with back-pressure, queues a little, counts what it had to drop. */
class Stream {
  readonly #queue: object[] = [];
  #head = 0;
  #paused = false;
  #lost = 0;
  #ending = false;
  closed = false;

  constructor(
    readonly call: Call,
    readonly whitelist: WireFlowFilter[],
    readonly blacklist: WireFlowFilter[],
    readonly maxQueue: number,
  ) {}

  matches(flow: WireFlow): boolean {
    return matchesLists(flow, this.whitelist, this.blacklist);
  }

  /** Queues without a limit (the initial backlog). */
  enqueue(msg: object): void {
    this.#queue.push(msg);
  }

  offer(msg: object, live = true): void {
    if (this.closed) return;
    if (this.#paused || this.#head < this.#queue.length) {
      if (live && this.#queue.length - this.#head >= this.maxQueue) this.#lost++;
      else this.#queue.push(msg);
      return;
    }
    if (!this.call.write(msg)) this.#pause();
  }

  #pause(): void {
    this.#paused = true;
    this.call.once('drain', () => {
      this.#paused = false;
      this.flush();
    });
  }

  /** True when everything queued has been handed to the transport. */
  get idle(): boolean {
    return !this.#paused && this.#head >= this.#queue.length;
  }

  /** Waits for 'drain' when the transport is full (used by flood mode). */
  waitDrain(): Promise<void> {
    return this.idle || this.closed ? Promise.resolve() : new Promise((resolve) => this.call.once('drain', () => setImmediate(resolve)));
  }

  flush(): void {
    while (!this.closed && !this.#paused && this.#head < this.#queue.length) {
      const msg = this.#queue[this.#head++] as object;
      if (!this.call.write(msg)) this.#pause();
    }
    if (this.#head >= this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
      if (this.#lost > 0 && !this.#paused && !this.closed) {
        const lost = this.#lost;
        this.#lost = 0;
        this.offer(lostEvents(lost, 'OBSERVER_EVENTS_QUEUE'), false);
      }
      if (this.#ending && this.idle) this.#end();
    }
  }

  endWhenDrained(): void {
    this.#ending = true;
    if (this.idle) this.#end();
  }

  #end(): void {
    if (this.closed) return;
    this.closed = true;
    this.call.end();
  }
}

function lostEvents(count: number, source: string): WireGetFlowsResponse {
  const now = Date.now();
  return {
    lost_events: { source, num_events_lost: String(count), cpu: { value: 0 } },
    time: { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 },
  };
}

export class SimHubbleRelay {
  pods: readonly ResolvedPod[];
  nodes: readonly string[];
  /** Every GetFlows request received, newest last (bounded), for tests to inspect. */
  readonly requests: WireGetFlowsRequest[] = [];
  readonly #factory = new FlowFactory();
  #generator: TrafficGenerator;
  readonly #buffer: RingBuffer<Stored>;
  readonly #streams = new Set<Stream>();
  readonly #startedAt = process.hrtime.bigint();
  #proto: HubbleProto | undefined;
  #server: GrpcJs.Server | undefined;
  #port: number;
  #rate: number;
  #seen = 0;
  #rateTimer: NodeJS.Timeout | undefined;
  #lostTimer: NodeJS.Timeout | undefined;
  #lastTick = 0;
  #carry = 0;
  #closed = false;

  private constructor(readonly options: SimHubbleRelayOptions) {
    this.pods = resolvePods(options.topology);
    this.nodes = nodesOf(options.topology);
    this.#generator = new TrafficGenerator(this.pods, this.#factory, options.seed ?? 1);
    this.#buffer = new RingBuffer<Stored>(options.bufferSize ?? 4095 * Math.max(1, this.nodes.length));
    this.#port = options.port ?? 0;
    this.#rate = options.rate ?? 10;
  }

  /** Starts serving and generating. */
  static async start(options: SimHubbleRelayOptions): Promise<SimHubbleRelay> {
    const relay = new SimHubbleRelay(options);
    await relay.listen();
    relay.#startTimers();
    return relay;
  }

  get port(): number {
    return this.#port;
  }

  /** "127.0.0.1:<port>", what HubbleClient takes. */
  get address(): string {
    return `${this.options.host ?? '127.0.0.1'}:${this.#port}`;
  }

  get listening(): boolean {
    return this.#server !== undefined;
  }

  /** Flows generated or pushed so far. */
  get seenFlows(): number {
    return this.#seen;
  }

  /** Follow streams currently served (flood streams are not counted). */
  get activeStreams(): number {
    return this.#streams.size;
  }

  get rate(): number {
    return this.#rate;
  }

  setRate(flowsPerSecond: number): void {
    this.#rate = Math.max(0, flowsPerSecond);
  }

  /** Injects a flow (a spec between two of this relay's pods, or a ready wire flow) and returns it. */
  push(input: FlowSpec | WireFlow): WireFlow {
    const flow = 'from' in input && 'to' in input ? this.#factory.build(input as FlowSpec) : this.#complete(input as WireFlow);
    this.#ingest(flow, true);
    return flow;
  }

  /** The cluster's pods changed (an install made them): new flows run between the pods as they are now. */
  setTopology(topology: SimHubbleTopology): void {
    this.pods = resolvePods(topology);
    this.nodes = nodesOf(topology);
    this.#generator = new TrafficGenerator(this.pods, this.#factory, this.options.seed ?? 1);
  }

  /** A pod of the topology by cluster, namespace and name prefix (for push()). */
  findPod(cluster: string, namespace: string, namePrefix = ''): ResolvedPod | undefined {
    return this.pods.find((p) => p.cluster === cluster && p.namespace === namespace && p.name.startsWith(namePrefix));
  }

  /** Tells every follow stream about node state, as the relay does when a peer comes or goes. */
  nodeStatus(state: 'NODE_CONNECTED' | 'NODE_UNAVAILABLE' | 'NODE_GONE' | 'NODE_ERROR', nodes: string[], message = ''): void {
    const msg = this.#nodeStatusMessage(state, nodes, message);
    for (const s of this.#streams) s.offer(msg);
  }

  /** Binds (again) on the same port; the buffer and the generator carry on across stop()/listen(). */
  async listen(): Promise<void> {
    if (this.#closed) throw new Error('relay closed');
    if (this.#server) return;
    const host = this.options.host ?? '127.0.0.1';
    if (!/^127\.|^localhost$|^::1$/.test(host)) throw new Error(`the demo relay listens on loopback only, not ${host}`);
    this.#proto ??= await loadHubbleProto();
    const { grpc, service } = this.#proto;
    const server = new grpc.Server();
    server.addService(service, {
      GetFlows: (call: Call) => this.#getFlows(call),
      ServerStatus: (_call: GrpcJs.ServerUnaryCall<object, object>, callback: GrpcJs.sendUnaryData<object>) =>
        callback(null, this.#status()),
    });
    this.#port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${this.#port}`, grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      );
    });
    this.#server = server;
  }

  /** Stops serving (streams break with UNAVAILABLE); flows keep being generated, as the agents keep observing. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#streams) s.closed = true;
    this.#streams.clear();
    if (server) server.forceShutdown();
    await new Promise((r) => setImmediate(r));
  }

  /** Stops everything. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#rateTimer);
    clearInterval(this.#lostTimer);
    await this.stop();
  }

  #complete(flow: WireFlow): WireFlow {
    const out = { ...flow };
    out.uuid ??= this.#factory.stamper.uuid();
    out.time ??= this.#factory.stamper.time();
    return out;
  }

  #ingest(flow: WireFlow, broadcast: boolean): void {
    this.#buffer.push({ flow, t: timeOf(flow) });
    this.#seen++;
    if (!broadcast) return;
    let msg: WireGetFlowsResponse | undefined;
    for (const s of this.#streams) {
      if (!s.matches(flow)) continue;
      msg ??= flowResponse(flow);
      s.offer(msg);
    }
  }

  #startTimers(): void {
    this.#lastTick = performance.now();
    // A real relay merges the nodes' streams through a sort buffer drained about once a second,
    // so flows reach a client in bursts; the demo relay drains every DRAIN_MS the same way.
    this.#rateTimer = setInterval(() => this.#tick(), DRAIN_MS);
    this.#rateTimer.unref();
    if (this.options.lostEventsEveryMs) {
      this.#lostTimer = setInterval(() => {
        const msg = lostEvents(1 + Math.floor(Math.random() * 20), 'HUBBLE_RING_BUFFER');
        for (const s of this.#streams) s.offer(msg);
      }, this.options.lostEventsEveryMs);
      this.#lostTimer.unref();
    }
  }

  // Generates what the rate asks for since the last tick; timer lag turns into a burst, capped at 1 s.
  #tick(): void {
    const now = performance.now();
    const due = Math.min(this.#rate, (this.#rate * (now - this.#lastTick)) / 1000 + this.#carry);
    this.#lastTick = now;
    let made = 0;
    while (made < Math.floor(due)) {
      const flows = this.#generator.next();
      if (flows.length === 0) break;
      for (const f of flows) this.#ingest(f, true);
      made += flows.length;
    }
    this.#carry = Math.max(0, due - made);
  }

  #nodeStatusMessage(state: string, nodes: string[], message: string): WireGetFlowsResponse {
    const now = Date.now();
    return {
      node_status: { state_change: state, node_names: nodes, message },
      time: { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 },
    };
  }

  #getFlows(call: Call): void {
    const { grpc } = this.#proto as HubbleProto;
    const parsed = getFlowsRequestSchema.safeParse(call.request);
    const fail = (details: string): void => {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details, name: 'Error', message: details });
    };
    if (!parsed.success) return fail(`bad GetFlowsRequest: ${parsed.error.message}`);
    const req = parsed.data;
    this.requests.push(req);
    if (this.requests.length > 100) this.requests.shift();
    const number = Number(req.number ?? 0);
    if (number > 0 && (req.since || req.until)) return fail('number cannot be combined with since/until');
    if (req.first && req.follow) return fail('first cannot be combined with follow');

    const md = new grpc.Metadata();
    md.set('hubble-relay-version', this.options.version ?? '1.19.4-k8slab-sim');
    call.sendMetadata(md);

    const stream = new Stream(call, req.whitelist ?? [], req.blacklist ?? [], this.options.maxQueue ?? 10_000);
    const close = (): void => {
      stream.closed = true;
      this.#streams.delete(stream);
    };
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);

    stream.enqueue(this.#nodeStatusMessage('NODE_CONNECTED', [...this.nodes], ''));
    for (const flow of this.#backlog(req, number)) stream.enqueue(flowResponse(flow));

    if (!req.follow) {
      stream.flush();
      stream.endWhenDrained();
      return;
    }
    if (this.options.flood) {
      stream.flush();
      void this.#flood(stream);
      return;
    }
    this.#streams.add(stream);
    stream.flush();
  }

  #backlog(req: WireGetFlowsRequest, number: number): WireFlow[] {
    const since = tsToMs(req.since);
    const until = tsToMs(req.until);
    if (number === 0 && since === undefined && until === undefined && req.follow) return []; // follow only: new flows
    const whitelist = req.whitelist ?? [];
    const blacklist = req.blacklist ?? [];
    const out: WireFlow[] = [];
    for (const s of this.#buffer) {
      if (since !== undefined && s.t < since) continue;
      if (until !== undefined && s.t > until) continue;
      if (matchesLists(s.flow, whitelist, blacklist)) out.push(s.flow);
    }
    if (number > 0) return req.first ? out.slice(0, number) : out.slice(-number);
    return out;
  }

  // High-rate mode: make flows for this stream only as fast as it takes them.
  async #flood(stream: Stream): Promise<void> {
    let sinceYield = 0;
    while (!stream.closed && !this.#closed) {
      await stream.waitDrain();
      while (!stream.closed && stream.idle) {
        for (const flow of this.#generator.next()) {
          this.#ingest(flow, false);
          if (stream.matches(flow)) stream.offer(flowResponse(flow));
        }
        if (++sinceYield >= 256) {
          sinceYield = 0;
          await new Promise((r) => setImmediate(r)); // let cancels and other calls in
        }
      }
    }
  }

  #status(): object {
    return {
      num_flows: String(this.#buffer.size),
      max_flows: String(this.#buffer.capacity),
      seen_flows: String(this.#seen),
      uptime_ns: String(process.hrtime.bigint() - this.#startedAt),
      num_connected_nodes: { value: this.nodes.length },
      num_unavailable_nodes: { value: 0 },
      unavailable_nodes: [],
      version: this.options.version ?? '1.19.4-k8slab-sim',
      flows_rate: this.#rate,
    };
  }
}
