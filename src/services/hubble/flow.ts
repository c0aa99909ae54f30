// The plain, UI-ready flow the rest of the program sees, and the conversion from the wire shape.
// Everything a view renders is here, already flattened: no protobuf wrappers, no oneof keys.
import type { WireEndpoint, WireFlow, WireLayer4, WireLayer7, WireTcpFlags } from './wire.js';
import { timestampToMs } from './wire.js';

export const VERDICTS = ['VERDICT_UNKNOWN', 'FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'] as const;
export type Verdict = (typeof VERDICTS)[number];

export type TrafficDirection = 'INGRESS' | 'EGRESS' | 'UNKNOWN';
export type FlowType = 'L3_L4' | 'L7' | 'SOCK' | 'UNKNOWN';
export type L4Protocol = 'TCP' | 'UDP' | 'ICMPv4' | 'ICMPv6' | 'SCTP';

export interface FlowEndpoint {
  namespace: string;
  pod: string;
  ip: string;
  /** Cilium label strings as sent, e.g. "k8s:app=nginx", "reserved:world". */
  labels: string[];
  identity: number;
  cluster: string;
}

export interface FlowL4 {
  protocol: L4Protocol;
  sourcePort: number;
  destinationPort: number;
  /** TCP flags that are set, e.g. ["SYN", "ACK"]; empty for other protocols. */
  flags: string[];
  icmpType?: number;
  icmpCode?: number;
}

export interface FlowHttp {
  method: string;
  url: string;
  code: number;
  protocol: string;
}

export interface FlowDns {
  query: string;
  ips: string[];
  rcode: number;
}

export interface FlowL7 {
  type: string; // REQUEST | RESPONSE | SAMPLE | UNKNOWN_L7_TYPE
  latencyNs: number;
  http?: FlowHttp;
  dns?: FlowDns;
}

export interface Flow {
  /** Hubble's flow id; when a relay sends none, a key derived from the contents (for de-duplication). */
  uuid: string;
  /** Capture time, ms since the epoch. */
  time: number;
  verdict: Verdict;
  /** DropReason name (e.g. POLICY_DENIED), the bare number when newer than our proto, undefined when not dropped. */
  dropReason?: string;
  type: FlowType;
  source: FlowEndpoint;
  destination: FlowEndpoint;
  l4?: FlowL4;
  l7?: FlowL7;
  nodeName: string;
  summary: string;
  /** undefined = unknown (the relay did not say), as in the hubble CLI. */
  isReply: boolean | undefined;
  trafficDirection: TrafficDirection;
  /** Cilium monitor event type (1 drop, 4 trace, 5 policy verdict, 129 L7); 0 when absent. */
  eventType: number;
}

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'] as const;

function verdictOf(v: string | number | undefined): Verdict {
  if (typeof v === 'string' && (VERDICTS as readonly string[]).includes(v)) return v as Verdict;
  return 'VERDICT_UNKNOWN';
}

function endpointOf(ep: WireEndpoint | undefined, ip: string | undefined): FlowEndpoint {
  return {
    namespace: ep?.namespace ?? '',
    pod: ep?.pod_name ?? '',
    ip: ip ?? '',
    labels: ep?.labels ?? [],
    identity: ep?.identity ?? 0,
    cluster: ep?.cluster_name ?? '',
  };
}

function flagsOf(flags: WireTcpFlags | undefined): string[] {
  if (!flags) return [];
  const out: string[] = [];
  for (const name of FLAG_NAMES) if (flags[name]) out.push(name);
  return out;
}

function l4Of(l4: WireLayer4 | undefined): FlowL4 | undefined {
  if (!l4) return undefined;
  if (l4.TCP)
    return {
      protocol: 'TCP',
      sourcePort: l4.TCP.source_port ?? 0,
      destinationPort: l4.TCP.destination_port ?? 0,
      flags: flagsOf(l4.TCP.flags),
    };
  if (l4.UDP) return { protocol: 'UDP', sourcePort: l4.UDP.source_port ?? 0, destinationPort: l4.UDP.destination_port ?? 0, flags: [] };
  if (l4.SCTP) return { protocol: 'SCTP', sourcePort: l4.SCTP.source_port ?? 0, destinationPort: l4.SCTP.destination_port ?? 0, flags: [] };
  const icmp = l4.ICMPv4 ?? l4.ICMPv6;
  if (icmp) {
    return {
      protocol: l4.ICMPv4 ? 'ICMPv4' : 'ICMPv6',
      sourcePort: 0,
      destinationPort: 0,
      flags: [],
      icmpType: icmp.type ?? 0,
      icmpCode: icmp.code ?? 0,
    };
  }
  return undefined; // a protocol newer than our proto (VRRP, IGMP) arrives as {}
}

function l7Of(l7: WireLayer7 | undefined): FlowL7 | undefined {
  if (!l7) return undefined;
  const out: FlowL7 = { type: String(l7.type ?? 'UNKNOWN_L7_TYPE'), latencyNs: Number(l7.latency_ns ?? 0) };
  if (l7.http)
    out.http = { method: l7.http.method ?? '', url: l7.http.url ?? '', code: l7.http.code ?? 0, protocol: l7.http.protocol ?? '' };
  if (l7.dns) out.dns = { query: l7.dns.query ?? '', ips: l7.dns.ips ?? [], rcode: l7.dns.rcode ?? 0 };
  return out;
}

function typeOf(t: string | number | undefined): FlowType {
  return t === 'L3_L4' || t === 'L7' || t === 'SOCK' ? t : 'UNKNOWN';
}

function directionOf(d: string | number | undefined): TrafficDirection {
  return d === 'INGRESS' || d === 'EGRESS' ? d : 'UNKNOWN';
}

/** Converts a validated wire flow; `nodeName` is the response's node_name, used when the flow lacks one. */
export function normalizeFlow(w: WireFlow, nodeName = ''): Flow {
  const l4 = l4Of(w.l4);
  const flow: Flow = {
    uuid: w.uuid ?? '',
    time: timestampToMs(w.time),
    verdict: verdictOf(w.verdict),
    type: typeOf(w.Type),
    source: endpointOf(w.source, w.IP?.source),
    destination: endpointOf(w.destination, w.IP?.destination),
    nodeName: w.node_name || nodeName,
    summary: w.Summary ?? '',
    isReply: w.is_reply ? (w.is_reply.value ?? false) : undefined,
    trafficDirection: directionOf(w.traffic_direction),
    eventType: w.event_type?.type ?? 0,
  };
  if (l4) flow.l4 = l4;
  const l7 = l7Of(w.l7);
  if (l7) flow.l7 = l7;
  const reason = w.drop_reason_desc ?? (w.drop_reason ? w.drop_reason : undefined);
  if (reason !== undefined && reason !== 'DROP_REASON_UNKNOWN' && reason !== 0) flow.dropReason = String(reason);
  if (!flow.uuid) flow.uuid = syntheticId(flow, w);
  return flow;
}

// Older relays send no uuid; this key is stable for the same event, enough to drop resume duplicates.
function syntheticId(f: Flow, w: WireFlow): string {
  return `t${String(w.time?.seconds ?? 0)}.${w.time?.nanos ?? 0}|${f.nodeName}|${f.source.ip}:${f.l4?.sourcePort ?? 0}>${f.destination.ip}:${f.l4?.destinationPort ?? 0}|${f.verdict}|${f.summary}`;
}
