// Server-side FlowFilter semantics for the demo relay: fields inside one filter are ANDed, the
// values of one field ORed; a flow passes when it matches any whitelist filter (or there is
// none) and no blacklist filter. Covers the fields the TUI sends, not every upstream nuance.
import type { WireEndpoint, WireFlow, WireFlowFilter } from '../../services/hubble/wire.js';

const VERDICT_NUMBERS: Record<string, number> = {
  VERDICT_UNKNOWN: 0,
  FORWARDED: 1,
  DROPPED: 2,
  ERROR: 3,
  AUDIT: 4,
  REDIRECTED: 5,
  TRACED: 6,
  TRANSLATED: 7,
};

function sameEnum(a: string | number | undefined, b: string | number, numbers?: Record<string, number>): boolean {
  if (a === b) return true;
  if (numbers && typeof b === 'number' && typeof a === 'string') return numbers[a] === b;
  return false;
}

/** "ns/pod-prefix", "ns/" (any pod in ns), "/pod-prefix" or "pod-prefix" (any namespace). */
export function podMatches(pattern: string, ep: WireEndpoint | undefined): boolean {
  if (!ep?.pod_name && !ep?.namespace) return false;
  const slash = pattern.indexOf('/');
  const ns = slash >= 0 ? pattern.slice(0, slash) : '';
  const prefix = slash >= 0 ? pattern.slice(slash + 1) : pattern;
  if (ns && ep.namespace !== ns) return false;
  return (ep.pod_name ?? '').startsWith(prefix);
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0 || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** An IP or an IPv4 CIDR. */
export function ipMatches(pattern: string, ip: string | undefined): boolean {
  if (!ip) return false;
  if (!pattern.includes('/')) return pattern === ip;
  const [net, bitsText] = pattern.split('/');
  const bits = Number(bitsText);
  const a = ipv4ToInt(net ?? '');
  const b = ipv4ToInt(ip);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = 2 ** 32 - 2 ** (32 - bits);
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

/** "k8s:app=nginx" or "app=nginx"; several comma-separated requirements are ANDed. */
export function labelsMatch(selector: string, labels: readonly string[] | undefined): boolean {
  const have = labels ?? [];
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((req) => have.some((l) => l === req || l.endsWith(`:${req}`)));
}

function ports(flow: WireFlow): { src?: number; dst?: number } {
  const l4 = flow.l4;
  const p = l4?.TCP ?? l4?.UDP ?? l4?.SCTP;
  return { src: p?.source_port, dst: p?.destination_port };
}

function protocolMatches(proto: string, flow: WireFlow): boolean {
  switch (proto.toLowerCase()) {
    case 'tcp':
      return flow.l4?.TCP !== undefined;
    case 'udp':
      return flow.l4?.UDP !== undefined;
    case 'sctp':
      return flow.l4?.SCTP !== undefined;
    case 'icmp':
      return flow.l4?.ICMPv4 !== undefined || flow.l4?.ICMPv6 !== undefined;
    case 'icmpv4':
      return flow.l4?.ICMPv4 !== undefined;
    case 'icmpv6':
      return flow.l4?.ICMPv6 !== undefined;
    case 'http':
      return flow.l7?.http !== undefined;
    case 'dns':
      return flow.l7?.dns !== undefined;
    default:
      return false;
  }
}

/** "200", "4+" (any 4xx), "5+". */
function statusMatches(pattern: string, code: number | undefined): boolean {
  if (code === undefined) return false;
  if (pattern.endsWith('+')) return String(code).startsWith(pattern.slice(0, -1));
  return String(code) === pattern;
}

function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

function any<T>(values: readonly T[] | undefined, test: (v: T) => boolean): boolean {
  return values === undefined || values.length === 0 || values.some(test);
}

export function matchesFilter(flow: WireFlow, f: WireFlowFilter): boolean {
  const { src, dst } = ports(flow);
  return (
    any(f.uuid, (u) => u === flow.uuid) &&
    any(f.source_ip, (p) => ipMatches(p, flow.IP?.source)) &&
    any(f.destination_ip, (p) => ipMatches(p, flow.IP?.destination)) &&
    any(f.source_pod, (p) => podMatches(p, flow.source)) &&
    any(f.destination_pod, (p) => podMatches(p, flow.destination)) &&
    any(f.verdict, (v) => sameEnum(flow.verdict ?? 'VERDICT_UNKNOWN', v, VERDICT_NUMBERS)) &&
    any(f.source_label, (s) => labelsMatch(s, flow.source?.labels)) &&
    any(f.destination_label, (s) => labelsMatch(s, flow.destination?.labels)) &&
    any(f.protocol, (p) => protocolMatches(p, flow)) &&
    any(f.source_port, (p) => String(src) === p) &&
    any(f.destination_port, (p) => String(dst) === p) &&
    any(f.reply, (r) => (flow.is_reply?.value ?? false) === r) &&
    any(f.http_status_code, (p) => statusMatches(p, flow.l7?.http?.code)) &&
    any(f.http_method, (m) => flow.l7?.http?.method?.toUpperCase() === m.toUpperCase()) &&
    any(f.http_url, (u) => flow.l7?.http?.url !== undefined && new RegExp(u).test(flow.l7.http.url)) &&
    any(f.http_path, (u) => flow.l7?.http?.url !== undefined && new RegExp(u).test(new URL(flow.l7.http.url).pathname)) &&
    any(f.dns_query, (q) => flow.l7?.dns?.query !== undefined && new RegExp(q).test(flow.l7.dns.query)) &&
    any(f.node_name, (n) => globMatches(n, flow.node_name ?? '')) &&
    any(f.source_identity, (id) => flow.source?.identity === id) &&
    any(f.destination_identity, (id) => flow.destination?.identity === id) &&
    any(f.traffic_direction, (d) =>
      sameEnum(flow.traffic_direction ?? 'TRAFFIC_DIRECTION_UNKNOWN', d, { TRAFFIC_DIRECTION_UNKNOWN: 0, INGRESS: 1, EGRESS: 2 }),
    ) &&
    any(f.drop_reason_desc, (d) => sameEnum(flow.drop_reason_desc ?? 'DROP_REASON_UNKNOWN', d) || flow.drop_reason === d)
  );
}

export function matchesLists(flow: WireFlow, whitelist: readonly WireFlowFilter[], blacklist: readonly WireFlowFilter[]): boolean {
  if (whitelist.length > 0 && !whitelist.some((f) => matchesFilter(flow, f))) return false;
  return !blacklist.some((f) => matchesFilter(flow, f));
}
