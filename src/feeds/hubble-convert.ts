// Hubble flows (as the hubble client normalises them) → the store's flow records.
import type { Flow } from '../services/hubble/index.js';
import type { FlowEndpointRecord, FlowRecord, Verdict } from '../store/types.js';

function endpoint(e: Flow['source']): FlowEndpointRecord {
  return { ...(e.namespace ? { namespace: e.namespace } : {}), ...(e.pod ? { pod: e.pod } : {}), ...(e.ip ? { ip: e.ip } : {}) };
}

export function toFlowRecord(cluster: string, f: Flow): Omit<FlowRecord, 'id'> {
  const http = f.l7?.http;
  return {
    ...(f.uuid ? { uuid: f.uuid } : {}),
    time: f.time,
    cluster: f.source.cluster || f.destination.cluster || cluster,
    verdict: (f.verdict === 'VERDICT_UNKNOWN' ? 'UNKNOWN' : f.verdict) as Verdict,
    source: endpoint(f.source),
    destination: endpoint(f.destination),
    protocol: f.l4?.protocol ?? (f.l7?.dns ? 'DNS' : '-'),
    ...(f.l4?.destinationPort ? { port: f.l4.destinationPort } : {}),
    ...(http
      ? {
          http: {
            ...(http.method ? { method: http.method } : {}),
            ...(http.url ? { url: http.url } : {}),
            ...(http.code ? { code: http.code } : {}),
          },
        }
      : {}),
    ...(f.dropReason ? { dropReason: f.dropReason } : {}),
    ...(f.summary ? { summary: f.summary } : {}),
  };
}
