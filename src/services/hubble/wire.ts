// The shapes proto-loader produces for Hubble messages (LOADER_OPTIONS: proto field names,
// 64-bit integers as strings, enums as names — or as numbers when the value is newer than our
// proto, absent fields left out). Validated with zod where they arrive: the client checks
// responses, the demo relay checks requests.
import { z } from 'zod';

/** An enum value: its name when our proto knows it, else the bare number. */
const enumValue = z.union([z.string(), z.number()]);
/** uint64/int64 with longs: String, but numbers are accepted too (what a writer may pass). */
const int64 = z.union([z.string(), z.number()]);

export const timestampSchema = z.object({ seconds: int64.optional(), nanos: z.number().optional() });
export type WireTimestamp = z.infer<typeof timestampSchema>;

const boolValue = z.object({ value: z.boolean().optional() });
const uint32Value = z.object({ value: z.number().optional() });

export const endpointSchema = z.object({
  ID: z.number().optional(),
  identity: z.number().optional(),
  namespace: z.string().optional(),
  labels: z.array(z.string()).optional(),
  pod_name: z.string().optional(),
  workloads: z.array(z.object({ name: z.string().optional(), kind: z.string().optional() })).optional(),
  cluster_name: z.string().optional(),
});
export type WireEndpoint = z.infer<typeof endpointSchema>;

const ports = { source_port: z.number().optional(), destination_port: z.number().optional() };
const tcpFlagsSchema = z.object({
  FIN: z.boolean().optional(),
  SYN: z.boolean().optional(),
  RST: z.boolean().optional(),
  PSH: z.boolean().optional(),
  ACK: z.boolean().optional(),
  URG: z.boolean().optional(),
  ECE: z.boolean().optional(),
  CWR: z.boolean().optional(),
  NS: z.boolean().optional(),
});
export type WireTcpFlags = z.infer<typeof tcpFlagsSchema>;
const icmp = z.object({ type: z.number().optional(), code: z.number().optional() });

export const layer4Schema = z.object({
  protocol: z.string().optional(), // oneof name, added by proto-loader's `oneofs: true`
  TCP: z.object({ ...ports, flags: tcpFlagsSchema.optional() }).optional(),
  UDP: z.object(ports).optional(),
  SCTP: z.object(ports).optional(),
  ICMPv4: icmp.optional(),
  ICMPv6: icmp.optional(),
});
export type WireLayer4 = z.infer<typeof layer4Schema>;

export const httpSchema = z.object({
  code: z.number().optional(),
  method: z.string().optional(),
  url: z.string().optional(),
  protocol: z.string().optional(),
  headers: z.array(z.object({ key: z.string().optional(), value: z.string().optional() })).optional(),
});
export const dnsSchema = z.object({
  query: z.string().optional(),
  ips: z.array(z.string()).optional(),
  ttl: z.number().optional(),
  cnames: z.array(z.string()).optional(),
  rcode: z.number().optional(),
  qtypes: z.array(z.string()).optional(),
});
export const layer7Schema = z.object({
  type: enumValue.optional(),
  latency_ns: int64.optional(),
  record: z.string().optional(),
  http: httpSchema.optional(),
  dns: dnsSchema.optional(),
});
export type WireLayer7 = z.infer<typeof layer7Schema>;

const policySchema = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.array(z.string()).optional(),
  revision: int64.optional(),
  kind: z.string().optional(),
});

export const flowSchema = z.object({
  time: timestampSchema.optional(),
  uuid: z.string().optional(),
  verdict: enumValue.optional(),
  drop_reason: z.number().optional(),
  drop_reason_desc: enumValue.optional(),
  IP: z
    .object({
      source: z.string().optional(),
      destination: z.string().optional(),
      ipVersion: enumValue.optional(),
      encrypted: z.boolean().optional(),
      source_xlated: z.string().optional(),
    })
    .optional(),
  l4: layer4Schema.optional(),
  source: endpointSchema.optional(),
  destination: endpointSchema.optional(),
  Type: enumValue.optional(),
  node_name: z.string().optional(),
  source_names: z.array(z.string()).optional(),
  destination_names: z.array(z.string()).optional(),
  l7: layer7Schema.optional(),
  reply: z.boolean().optional(),
  event_type: z.object({ type: z.number().optional(), sub_type: z.number().optional() }).optional(),
  source_service: z.object({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
  destination_service: z.object({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
  traffic_direction: enumValue.optional(),
  is_reply: boolValue.optional(),
  Summary: z.string().optional(),
  egress_allowed_by: z.array(policySchema).optional(),
  ingress_allowed_by: z.array(policySchema).optional(),
  egress_denied_by: z.array(policySchema).optional(),
  ingress_denied_by: z.array(policySchema).optional(),
});
export type WireFlow = z.infer<typeof flowSchema>;

export const nodeStatusSchema = z.object({
  state_change: enumValue.optional(),
  node_names: z.array(z.string()).optional(),
  message: z.string().optional(),
});
export type WireNodeStatus = z.infer<typeof nodeStatusSchema>;

export const lostEventSchema = z.object({
  source: enumValue.optional(),
  num_events_lost: int64.optional(),
  cpu: z.object({ value: z.number().optional() }).optional(),
});
export type WireLostEvent = z.infer<typeof lostEventSchema>;

export const getFlowsResponseSchema = z.object({
  response_types: z.string().optional(),
  flow: flowSchema.optional(),
  node_status: nodeStatusSchema.optional(),
  lost_events: lostEventSchema.optional(),
  node_name: z.string().optional(),
  time: timestampSchema.optional(),
});
export type WireGetFlowsResponse = z.infer<typeof getFlowsResponseSchema>;

const strings = z.array(z.string()).optional();
export const flowFilterSchema = z.object({
  uuid: strings,
  source_ip: strings,
  source_pod: strings,
  destination_ip: strings,
  destination_pod: strings,
  verdict: z.array(enumValue).optional(),
  event_type: z
    .array(z.object({ type: z.number().optional(), match_sub_type: z.boolean().optional(), sub_type: z.number().optional() }))
    .optional(),
  source_fqdn: strings,
  destination_fqdn: strings,
  http_status_code: strings,
  source_label: strings,
  destination_label: strings,
  protocol: strings,
  source_port: strings,
  destination_port: strings,
  reply: z.array(z.boolean()).optional(),
  source_service: strings,
  destination_service: strings,
  dns_query: strings,
  source_identity: z.array(z.number()).optional(),
  destination_identity: z.array(z.number()).optional(),
  http_method: strings,
  http_path: strings,
  node_name: strings,
  traffic_direction: z.array(enumValue).optional(),
  http_url: strings,
  drop_reason_desc: z.array(enumValue).optional(),
});
export type WireFlowFilter = z.infer<typeof flowFilterSchema>;

export const getFlowsRequestSchema = z.object({
  number: int64.optional(),
  follow: z.boolean().optional(),
  blacklist: z.array(flowFilterSchema).optional(),
  whitelist: z.array(flowFilterSchema).optional(),
  since: timestampSchema.optional(),
  until: timestampSchema.optional(),
  first: z.boolean().optional(),
});
export type WireGetFlowsRequest = z.infer<typeof getFlowsRequestSchema>;

export const serverStatusResponseSchema = z.object({
  num_flows: int64.optional(),
  max_flows: int64.optional(),
  seen_flows: int64.optional(),
  uptime_ns: int64.optional(),
  num_connected_nodes: uint32Value.optional(),
  num_unavailable_nodes: uint32Value.optional(),
  unavailable_nodes: z.array(z.string()).optional(),
  version: z.string().optional(),
  flows_rate: z.number().optional(),
});
export type WireServerStatus = z.infer<typeof serverStatusResponseSchema>;

/** Milliseconds since the epoch from a protobuf Timestamp (sub-millisecond precision is dropped). */
export function timestampToMs(ts: WireTimestamp | undefined): number {
  if (!ts) return 0;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

/** A protobuf Timestamp for milliseconds since the epoch. */
export function msToTimestamp(ms: number): { seconds: string; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}
