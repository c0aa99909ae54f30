// Makes Hubble flows (in the wire shape the relay serializes) for the demo lab: the seed's demo
// traffic — nginx → httpbin GET (allowed) and POST (dropped by policy), DNS to kube-dns,
// prometheus scrapes, redis on 6379 — between the pods of a topology. Seeded, so tests are
// repeatable; endpoint objects are built once per pod, so high rates stay cheap.
import { randomBytes } from 'node:crypto';
import type { WireEndpoint, WireFlow, WireTcpFlags } from '../../services/hubble/wire.js';
import type { ResolvedPod } from './topology.js';

/** A small fast seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Time stamps and ids: strictly increasing times (ns resolution) and UUID-shaped ids with a counter. */
export class FlowStamper {
  readonly #prefix: string;
  #counter = 0;
  #lastNs = 0; // ns within the current ms
  #lastMs = 0;

  constructor() {
    const h = randomBytes(10).toString('hex');
    this.#prefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-`;
  }

  /** Flows stamped so far. */
  get count(): number {
    return this.#counter;
  }

  uuid(): string {
    return this.#prefix + (this.#counter++).toString(16).padStart(12, '0');
  }

  /** The sequence number inside a uuid made here (tests use it to check for gaps). */
  static sequenceOf(uuid: string): number {
    return Number.parseInt(uuid.slice(-12), 16);
  }

  /** A given time is used as it is; "now" is kept strictly increasing so that order is total. */
  time(explicitMs?: number): { seconds: string; nanos: number } {
    if (explicitMs !== undefined) return split(explicitMs, 0);
    const ms = Date.now();
    if (ms > this.#lastMs) {
      this.#lastMs = ms;
      this.#lastNs = 0;
    } else {
      this.#lastNs = Math.min(this.#lastNs + 1000, 999_999); // keep order within one ms
    }
    return split(this.#lastMs, this.#lastNs);
  }
}

function split(ms: number, extraNs: number): { seconds: string; nanos: number } {
  const whole = Math.floor(ms);
  const seconds = Math.floor(whole / 1000);
  return { seconds: String(seconds), nanos: (whole - seconds * 1000) * 1e6 + extraNs };
}

export type SimVerdict = 'FORWARDED' | 'DROPPED' | 'ERROR' | 'AUDIT' | 'REDIRECTED' | 'TRACED' | 'TRANSLATED';

/** What the lab says when it injects a flow with SimHubbleRelay.push(). */
export interface FlowSpec {
  from: ResolvedPod;
  to: ResolvedPod;
  verdict?: SimVerdict;
  /** DropReason name, e.g. POLICY_DENIED (used when verdict is DROPPED). */
  dropReason?: string;
  protocol?: 'TCP' | 'UDP';
  sourcePort?: number;
  destinationPort: number;
  flags?: (keyof WireTcpFlags)[];
  http?: { method: string; url: string; code?: number; latencyMs?: number };
  dns?: { query: string; ips?: string[] };
  /** The L7 record is a response (swaps nothing; set from/to accordingly). */
  response?: boolean;
  isReply?: boolean;
  direction?: 'INGRESS' | 'EGRESS';
  summary?: string;
  /** Defaults to now. */
  timeMs?: number;
}

export class FlowFactory {
  readonly #endpoints = new WeakMap<ResolvedPod, WireEndpoint>();
  constructor(readonly stamper = new FlowStamper()) {}

  #endpoint(pod: ResolvedPod): WireEndpoint {
    let ep = this.#endpoints.get(pod);
    if (!ep) {
      ep = {
        ID: pod.endpointId,
        identity: pod.identity,
        namespace: pod.namespace,
        labels: pod.ciliumLabels,
        pod_name: pod.name,
        cluster_name: pod.cluster,
      };
      this.#endpoints.set(pod, ep);
    }
    return ep;
  }

  build(spec: FlowSpec): WireFlow {
    const verdict = spec.verdict ?? 'FORWARDED';
    const protocol = spec.protocol ?? (spec.dns ? 'UDP' : 'TCP');
    const sourcePort = spec.sourcePort ?? 40000 + ((this.stamper.count * 7919) % 20000);
    const l7 = spec.http !== undefined || spec.dns !== undefined;
    const direction = spec.direction ?? 'EGRESS';
    const observedAt = direction === 'INGRESS' ? spec.to : spec.from;
    const flags = spec.flags ?? (protocol === 'TCP' ? (l7 ? ['ACK', 'PSH'] : ['SYN']) : []);
    const flow: WireFlow = {
      time: this.stamper.time(spec.timeMs),
      uuid: this.stamper.uuid(),
      verdict,
      IP: { source: spec.from.ip, destination: spec.to.ip, ipVersion: 'IPv4' },
      l4:
        protocol === 'TCP'
          ? {
              TCP: {
                source_port: sourcePort,
                destination_port: spec.destinationPort,
                flags: Object.fromEntries(flags.map((f) => [f, true])),
              },
            }
          : { UDP: { source_port: sourcePort, destination_port: spec.destinationPort } },
      source: this.#endpoint(spec.from),
      destination: this.#endpoint(spec.to),
      Type: l7 ? 'L7' : 'L3_L4',
      node_name: `${observedAt.cluster}/${observedAt.node}`,
      traffic_direction: direction,
      is_reply: { value: spec.isReply ?? false },
      event_type: { type: l7 ? 129 : verdict === 'DROPPED' ? 1 : 4 },
    };
    if (verdict === 'DROPPED') {
      flow.drop_reason_desc = spec.dropReason ?? 'POLICY_DENIED';
      flow.drop_reason = DROP_REASON_NUMBERS[flow.drop_reason_desc as string] ?? 0;
    }
    if (spec.http) {
      const type = spec.response ? 'RESPONSE' : 'REQUEST';
      flow.l7 = {
        type,
        latency_ns: spec.response ? String((spec.http.latencyMs ?? 3) * 1e6) : '0',
        http: { method: spec.http.method, url: spec.http.url, protocol: 'HTTP/1.1' },
      };
      if (spec.response && flow.l7.http) flow.l7.http.code = spec.http.code ?? 200;
    } else if (spec.dns) {
      flow.l7 = {
        type: spec.response ? 'RESPONSE' : 'REQUEST',
        dns: { query: spec.dns.query, ips: spec.response ? (spec.dns.ips ?? []) : [], qtypes: ['A'] },
      };
    }
    flow.Summary = spec.summary ?? summarize(spec, protocol, flags);
    return flow;
  }
}

const DROP_REASON_NUMBERS: Record<string, number> = {
  POLICY_DENIED: 133,
  POLICY_DENY: 181,
  STALE_OR_UNROUTABLE_IP: 151,
  SERVICE_BACKEND_NOT_FOUND: 158,
};

// The hubble CLI's summary wording, approximately.
function summarize(spec: FlowSpec, protocol: string, flags: readonly string[]): string {
  if (spec.http) {
    return spec.response
      ? `HTTP/1.1 ${spec.http.code ?? 200} ${spec.http.latencyMs ?? 3}ms (${spec.http.method} ${spec.http.url})`
      : `HTTP/1.1 ${spec.http.method} ${spec.http.url}`;
  }
  if (spec.dns) {
    return spec.response
      ? `DNS Answer "${(spec.dns.ips ?? []).join(',')}" TTL: 30 (Proxy ${spec.dns.query} A)`
      : `DNS Query ${spec.dns.query} A`;
  }
  return protocol === 'TCP' ? `TCP Flags: ${flags.join(', ')}` : 'UDP';
}

type Scenario = (cluster: ClusterPods, r: () => number) => FlowSpec[] | undefined;

interface ClusterPods {
  all: ResolvedPod[];
  byApp: Map<string, ResolvedPod[]>;
}

function pick<T>(list: readonly T[] | undefined, r: () => number): T | undefined {
  if (!list || list.length === 0) return undefined;
  return list[Math.floor(r() * list.length)];
}

const httpGet: Scenario = (c, r) => {
  const from = pick(c.byApp.get('nginx'), r);
  const to = pick(c.byApp.get('httpbin'), r);
  if (!from || !to) return undefined;
  const path = pick(['/get', '/headers', '/status/200', '/ip'], r) ?? '/get';
  const http = { method: 'GET', url: `http://httpbin.${to.namespace}${path}`, code: 200, latencyMs: 1 + Math.floor(r() * 20) };
  const sourcePort = 40000 + Math.floor(r() * 20000);
  return [
    { from, to, sourcePort, destinationPort: 80, http },
    { from: to, to: from, sourcePort: 80, destinationPort: sourcePort, http, response: true, isReply: true },
  ];
};

const httpPostDropped: Scenario = (c, r) => {
  const from = pick(c.byApp.get('nginx'), r);
  const to = pick(c.byApp.get('httpbin'), r);
  if (!from || !to) return undefined;
  return [
    {
      from,
      to,
      destinationPort: 80,
      verdict: 'DROPPED',
      dropReason: 'POLICY_DENIED',
      http: { method: 'POST', url: `http://httpbin.${to.namespace}/post` },
    },
  ];
};

const dns: Scenario = (c, r) => {
  const from = pick(c.all, r);
  const to = pick(c.byApp.get('kube-dns'), r);
  if (!from || !to || from === to) return undefined;
  const target = pick(c.all, r) ?? from;
  const query = `${target.labels.app ?? target.name}.${target.namespace}.svc.cluster.local.`;
  const sourcePort = 30000 + Math.floor(r() * 30000);
  return [
    { from, to, protocol: 'UDP', sourcePort, destinationPort: 53, dns: { query } },
    {
      from: to,
      to: from,
      protocol: 'UDP',
      sourcePort: 53,
      destinationPort: sourcePort,
      dns: { query, ips: [target.ip] },
      response: true,
      isReply: true,
    },
  ];
};

const scrape: Scenario = (c, r) => {
  const from = pick(c.byApp.get('prometheus'), r);
  const to = pick(c.all, r);
  if (!from || !to || from === to) return undefined;
  const port = to.labels.app === 'redis' ? 9121 : 9090;
  const http = { method: 'GET', url: `http://${to.ip}:${port}/metrics`, code: 200, latencyMs: 2 + Math.floor(r() * 10) };
  const sourcePort = 40000 + Math.floor(r() * 20000);
  return [
    { from, to, sourcePort, destinationPort: port, direction: 'INGRESS', http },
    { from: to, to: from, sourcePort: port, destinationPort: sourcePort, direction: 'INGRESS', http, response: true, isReply: true },
  ];
};

const redis: Scenario = (c, r) => {
  const from = pick([...(c.byApp.get('httpbin') ?? []), ...(c.byApp.get('nginx') ?? [])], r);
  const to = pick(c.byApp.get('redis'), r);
  if (!from || !to) return undefined;
  const sourcePort = 40000 + Math.floor(r() * 20000);
  return [
    { from, to, sourcePort, destinationPort: 6379, flags: ['ACK', 'PSH'], verdict: 'FORWARDED' },
    { from: to, to: from, sourcePort: 6379, destinationPort: sourcePort, flags: ['ACK'], isReply: true },
  ];
};

const generic: Scenario = (c, r) => {
  const from = pick(c.all, r);
  const to = pick(c.all, r);
  if (!from || !to || from === to) return undefined;
  return [{ from, to, destinationPort: 8080, flags: ['SYN'] }];
};

const SCENARIOS: readonly [Scenario, number][] = [
  [httpGet, 30],
  [httpPostDropped, 8],
  [dns, 25],
  [scrape, 12],
  [redis, 25],
];
const TOTAL_WEIGHT = SCENARIOS.reduce((s, [, w]) => s + w, 0);

/** Picks a scenario and a cluster at random and returns its flows (usually a request and a reply). */
export class TrafficGenerator {
  readonly #clusters: ClusterPods[];
  readonly #random: () => number;

  constructor(
    pods: readonly ResolvedPod[],
    readonly factory: FlowFactory,
    seed = 1,
  ) {
    this.#random = seededRandom(seed);
    const byCluster = new Map<string, ClusterPods>();
    for (const pod of pods) {
      let c = byCluster.get(pod.cluster);
      if (!c) byCluster.set(pod.cluster, (c = { all: [], byApp: new Map() }));
      c.all.push(pod);
      const app = pod.labels.app ?? pod.labels['k8s-app'];
      if (app) c.byApp.set(app, [...(c.byApp.get(app) ?? []), pod]);
    }
    this.#clusters = [...byCluster.values()];
  }

  next(): WireFlow[] {
    const r = this.#random;
    const cluster = pick(this.#clusters, r);
    if (!cluster) return [];
    let roll = r() * TOTAL_WEIGHT;
    let specs: FlowSpec[] | undefined;
    for (const [scenario, weight] of SCENARIOS) {
      roll -= weight;
      if (roll <= 0) {
        specs = scenario(cluster, r);
        break;
      }
    }
    specs ??= generic(cluster, r);
    return (specs ?? []).map((s) => this.factory.build(s));
  }
}
