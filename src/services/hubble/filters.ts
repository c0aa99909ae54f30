// UI filters → Hubble FlowFilters, the way the hubble CLI builds them. FlowFilter has no namespace
// field: a namespace is the "<ns>/" prefix of source_pod/destination_pod, and "either side"
// criteria become two whitelist filters (source side OR destination side).
import type { Verdict } from './flow.js';
import type { WireFlowFilter } from './wire.js';

type OneOrMany<T> = T | readonly T[];

export interface FlowQuery {
  /** Flows from or to pods in this namespace (either side). */
  namespace?: OneOrMany<string>;
  /** Flows from or to this pod: "ns/name-prefix", or a name prefix (within `namespace` when given). */
  pod?: OneOrMany<string>;
  /** Flows from or to this IP or CIDR (either side). */
  ip?: OneOrMany<string>;
  /** Flows from or to this port (either side). */
  port?: OneOrMany<number | string>;
  sourcePod?: OneOrMany<string>;
  destinationPod?: OneOrMany<string>;
  sourceIp?: OneOrMany<string>;
  destinationIp?: OneOrMany<string>;
  verdict?: OneOrMany<Verdict>;
  /** "tcp", "udp", "icmp", "http", "dns", ... */
  protocol?: OneOrMany<string>;
  /** "200", "4+", "5+" */
  httpStatus?: OneOrMany<string>;
  httpMethod?: OneOrMany<string>;
  nodeName?: OneOrMany<string>;
  trafficDirection?: OneOrMany<'INGRESS' | 'EGRESS'>;
  dropReason?: OneOrMany<string>;
  /** Flows matching this query are left out (blacklist). */
  exclude?: Omit<FlowQuery, 'exclude'>;
}

export interface FlowFilterLists {
  whitelist: WireFlowFilter[];
  blacklist: WireFlowFilter[];
}

function list<T>(v: OneOrMany<T> | undefined): T[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? [...(v as readonly T[])] : [v as T]).filter((x) => x !== '' && x !== undefined);
}

function podPatterns(q: FlowQuery): string[] {
  const namespaces = list(q.namespace);
  const pods = list(q.pod);
  if (pods.length === 0) return namespaces.map((ns) => `${ns}/`);
  const out: string[] = [];
  for (const pod of pods) {
    if (pod.includes('/')) out.push(pod);
    else if (namespaces.length === 0)
      out.push(`/${pod}`); // any namespace
    else for (const ns of namespaces) out.push(`${ns}/${pod}`);
  }
  return out;
}

function set(f: WireFlowFilter, key: keyof WireFlowFilter, values: unknown[]): void {
  if (values.length > 0) (f as Record<string, unknown>)[key] = values;
}

/** The filters for one query: AND across fields, OR within a field, either-side criteria as two filters. */
export function queryToFilters(q: FlowQuery): WireFlowFilter[] {
  const common: WireFlowFilter = {};
  set(common, 'verdict', list(q.verdict));
  set(
    common,
    'protocol',
    list(q.protocol).map((p) => p.toLowerCase()),
  );
  set(common, 'http_status_code', list(q.httpStatus));
  set(common, 'http_method', list(q.httpMethod));
  set(common, 'node_name', list(q.nodeName));
  set(common, 'traffic_direction', list(q.trafficDirection));
  set(common, 'drop_reason_desc', list(q.dropReason));
  set(common, 'source_pod', list(q.sourcePod));
  set(common, 'destination_pod', list(q.destinationPod));
  set(common, 'source_ip', list(q.sourceIp));
  set(common, 'destination_ip', list(q.destinationIp));

  const pods = podPatterns(q);
  const ips = list(q.ip);
  const portList = list(q.port).map(String);
  if (pods.length === 0 && ips.length === 0 && portList.length === 0) {
    return Object.keys(common).length > 0 ? [common] : [];
  }
  // Either-side criteria: one filter with them on the source side, one on the destination side.
  // A side whose field is already pinned by sourcePod/sourceIp (or the destination ones) gets no
  // variant of its own: OR-ing into that field would widen the query instead of narrowing it.
  const variants: WireFlowFilter[] = [];
  const sides = [
    { pod: 'source_pod', ip: 'source_ip', port: 'source_port' },
    { pod: 'destination_pod', ip: 'destination_ip', port: 'destination_port' },
  ] as const;
  for (const side of sides) {
    if ((pods.length > 0 && common[side.pod]) || (ips.length > 0 && common[side.ip])) continue;
    const f: WireFlowFilter = { ...common };
    set(f, side.pod, pods);
    set(f, side.ip, ips);
    set(f, side.port, portList);
    variants.push(f);
  }
  return variants.length > 0 ? variants : [common];
}

export function toFilterLists(q: FlowQuery | undefined): FlowFilterLists {
  if (!q) return { whitelist: [], blacklist: [] };
  return { whitelist: queryToFilters(q), blacklist: q.exclude ? queryToFilters(q.exclude) : [] };
}
