// The proto's field numbers and wire types, checked on the bytes proto-loader produces against
// the research note's tables (docs: research/hubble-api.md) for every field we rely on. A wrong
// number or type here would silently corrupt real relay traffic.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHubbleProto, type HubbleProto } from '../../src/services/hubble/proto.js';
import { getFlowsResponseSchema } from '../../src/services/hubble/wire.js';
import { normalizeFlow } from '../../src/services/hubble/flow.js';

const VARINT = 0;
const LEN = 2;

interface Field {
  num: number;
  wt: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint');
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

/** Top-level fields of one encoded message. */
function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    const num = Number(key >> 3n);
    const wt = Number(key & 7n);
    if (wt === VARINT) {
      const [v, p2] = readVarint(buf, p1);
      out.push({ num, wt, varint: v });
      pos = p2;
    } else if (wt === LEN) {
      const [len, p2] = readVarint(buf, p1);
      out.push({ num, wt, bytes: buf.subarray(p2, p2 + Number(len)) });
      pos = p2 + Number(len);
    } else if (wt === 1) {
      out.push({ num, wt, bytes: buf.subarray(p1, p1 + 8) });
      pos = p1 + 8;
    } else if (wt === 5) {
      out.push({ num, wt, bytes: buf.subarray(p1, p1 + 4) });
      pos = p1 + 4;
    } else throw new Error(`wire type ${wt}`);
  }
  return out;
}

/** Follows field numbers into nested messages and returns the last field. */
function dig(buf: Buffer, path: readonly number[]): Field {
  let current = buf;
  let found: Field | undefined;
  for (const [i, num] of path.entries()) {
    found = fields(current).find((f) => f.num === num);
    assert.ok(found, `field ${path.slice(0, i + 1).join('.')} missing`);
    if (i < path.length - 1) {
      assert.equal(found.wt, LEN, `field ${path.slice(0, i + 1).join('.')} is not a message`);
      current = found.bytes as Buffer;
    }
  }
  return found as Field;
}

function key(num: number, wt: number): Buffer {
  const out: number[] = [];
  let v = num * 8 + wt;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}
function lenField(num: number, payload: Buffer): Buffer {
  return Buffer.concat([key(num, LEN), Buffer.from([payload.length]), payload]);
}
function varintField(num: number, value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.concat([key(num, VARINT), Buffer.from(out)]);
}

describe('proto field numbers match the research note', () => {
  let proto: HubbleProto;
  before(async () => {
    proto = await loadHubbleProto();
  });
  const response = (msg: object): Buffer => proto.methods.GetFlows.responseSerialize(msg);
  const request = (msg: object): Buffer => proto.methods.GetFlows.requestSerialize(msg);

  // [what, flow fields, path inside GetFlowsResponse, wire type, expected varint]
  const flowCases: [string, object, number[], number, number?][] = [
    ['Flow.time', { time: { seconds: '5', nanos: 7 } }, [1, 1, 1], VARINT, 5],
    ['Timestamp.nanos', { time: { seconds: '5', nanos: 7 } }, [1, 1, 2], VARINT, 7],
    ['Flow.uuid', { uuid: 'u' }, [1, 34], LEN],
    ['Flow.verdict DROPPED', { verdict: 'DROPPED' }, [1, 2], VARINT, 2],
    ['Flow.drop_reason_desc POLICY_DENIED', { drop_reason_desc: 'POLICY_DENIED' }, [1, 25], VARINT, 133],
    ['Flow.drop_reason_desc POLICY_DENY', { drop_reason_desc: 'POLICY_DENY' }, [1, 25], VARINT, 181],
    ['Flow.IP.source', { IP: { source: '1.2.3.4' } }, [1, 5, 1], LEN],
    ['Flow.IP.destination', { IP: { destination: '1.2.3.4' } }, [1, 5, 2], LEN],
    ['Flow.IP.ipVersion IPv4', { IP: { ipVersion: 'IPv4' } }, [1, 5, 3], VARINT, 1],
    ['Flow.l4.TCP.source_port', { l4: { TCP: { source_port: 1234 } } }, [1, 6, 1, 1], VARINT, 1234],
    ['Flow.l4.TCP.destination_port', { l4: { TCP: { destination_port: 80 } } }, [1, 6, 1, 2], VARINT, 80],
    ['Flow.l4.TCP.flags.SYN', { l4: { TCP: { flags: { SYN: true } } } }, [1, 6, 1, 3, 2], VARINT, 1],
    ['Flow.l4.TCP.flags.ACK', { l4: { TCP: { flags: { ACK: true } } } }, [1, 6, 1, 3, 5], VARINT, 1],
    ['Flow.l4.UDP.destination_port', { l4: { UDP: { destination_port: 53 } } }, [1, 6, 2, 2], VARINT, 53],
    ['Flow.l4.ICMPv4.type', { l4: { ICMPv4: { type: 8 } } }, [1, 6, 3, 1], VARINT, 8],
    ['Flow.l4.ICMPv6.code', { l4: { ICMPv6: { code: 3 } } }, [1, 6, 4, 2], VARINT, 3],
    ['Flow.source.ID', { source: { ID: 9 } }, [1, 8, 1], VARINT, 9],
    ['Flow.source.identity', { source: { identity: 4242 } }, [1, 8, 2], VARINT, 4242],
    ['Flow.source.namespace', { source: { namespace: 'demo' } }, [1, 8, 3], LEN],
    ['Flow.source.labels', { source: { labels: ['k8s:app=x'] } }, [1, 8, 4], LEN],
    ['Flow.source.pod_name', { source: { pod_name: 'p' } }, [1, 8, 5], LEN],
    ['Flow.source.cluster_name', { source: { cluster_name: 'c' } }, [1, 8, 7], LEN],
    ['Flow.destination.pod_name', { destination: { pod_name: 'p' } }, [1, 9, 5], LEN],
    ['Flow.Type L7', { Type: 'L7' }, [1, 10], VARINT, 2],
    ['Flow.node_name', { node_name: 'dev/dev-worker1' }, [1, 11], LEN],
    ['Flow.l7.type RESPONSE', { l7: { type: 'RESPONSE' } }, [1, 15, 1], VARINT, 2],
    ['Flow.l7.latency_ns', { l7: { latency_ns: '300' } }, [1, 15, 2], VARINT, 300],
    ['Flow.l7.dns.query', { l7: { dns: { query: 'a.' } } }, [1, 15, 100, 1], LEN],
    ['Flow.l7.dns.rcode', { l7: { dns: { rcode: 3 } } }, [1, 15, 100, 6], VARINT, 3],
    ['Flow.l7.http.code', { l7: { http: { code: 200 } } }, [1, 15, 101, 1], VARINT, 200],
    ['Flow.l7.http.method', { l7: { http: { method: 'GET' } } }, [1, 15, 101, 2], LEN],
    ['Flow.l7.http.url', { l7: { http: { url: '/x' } } }, [1, 15, 101, 3], LEN],
    ['Flow.event_type.type', { event_type: { type: 129 } }, [1, 19, 1], VARINT, 129],
    ['Flow.source_service.name', { source_service: { name: 's' } }, [1, 20, 1], LEN],
    ['Flow.destination_service.namespace', { destination_service: { namespace: 'n' } }, [1, 21, 2], LEN],
    ['Flow.traffic_direction EGRESS', { traffic_direction: 'EGRESS' }, [1, 22], VARINT, 2],
    ['Flow.is_reply is a BoolValue message', { is_reply: { value: true } }, [1, 26, 1], VARINT, 1],
    ['Flow.Summary', { Summary: 'TCP Flags: SYN' }, [1, 100000], LEN],
    ['Flow.egress_denied_by.revision', { egress_denied_by: [{ revision: '6' }] }, [1, 21004, 4], VARINT, 6],
  ];
  for (const [what, flow, path, wt, value] of flowCases) {
    test(what, () => {
      const f = dig(response({ flow }), path);
      assert.equal(f.wt, wt);
      if (value !== undefined) assert.equal(f.varint, BigInt(value));
    });
  }

  test('GetFlowsResponse: node_name 1000, time 1001, node_status 2, lost_events 3', () => {
    assert.equal(dig(response({ flow: {}, node_name: 'n' }), [1000]).wt, LEN);
    assert.equal(dig(response({ flow: {}, time: { seconds: '1' } }), [1001, 1]).varint, 1n);
    const ns = response({ node_status: { state_change: 'NODE_CONNECTED', node_names: ['a'], message: 'm' } });
    assert.equal(dig(ns, [2, 1]).varint, 1n);
    assert.equal(dig(ns, [2, 2]).wt, LEN);
    assert.equal(dig(ns, [2, 3]).wt, LEN);
    const lost = response({ lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '9', cpu: { value: 2 } } });
    assert.equal(dig(lost, [3, 1]).varint, 3n);
    assert.equal(dig(lost, [3, 2]).varint, 9n);
    assert.equal(dig(lost, [3, 3, 1]).varint, 2n);
  });

  test('GetFlowsRequest: number 1, follow 3, blacklist 5, whitelist 6, since 7, until 8, first 9', () => {
    const req = request({
      number: '20',
      follow: true,
      blacklist: [{ source_pod: ['a/'] }],
      whitelist: [{ destination_pod: ['b/'] }],
      since: { seconds: '11' },
      until: { seconds: '12' },
      first: true,
    });
    assert.equal(dig(req, [1]).varint, 20n);
    assert.equal(dig(req, [3]).varint, 1n);
    assert.equal(dig(req, [5, 2]).wt, LEN);
    assert.equal(dig(req, [6, 4]).wt, LEN);
    assert.equal(dig(req, [7, 1]).varint, 11n);
    assert.equal(dig(req, [8, 1]).varint, 12n);
    assert.equal(dig(req, [9]).varint, 1n);
  });

  test('FlowFilter fields', () => {
    const filter = {
      source_ip: ['1.1.1.1'],
      source_pod: ['ns/'],
      destination_ip: ['2.2.2.2'],
      destination_pod: ['ns/p'],
      verdict: ['DROPPED'],
      http_status_code: ['5+'],
      source_label: ['app=a'],
      protocol: ['tcp'],
      source_port: ['1'],
      destination_port: ['80'],
      http_method: ['GET'],
      node_name: ['dev/*'],
      traffic_direction: ['INGRESS'],
      drop_reason_desc: ['POLICY_DENIED'],
    };
    const buf = dig(request({ whitelist: [filter] }), [6]).bytes as Buffer;
    const got = new Map(fields(buf).map((f) => [f.num, f]));
    for (const num of [1, 2, 3, 4, 9, 10, 12, 13, 14, 21, 24]) assert.equal(got.get(num)?.wt, LEN, `FlowFilter #${num}`);
    // repeated enums are packed in proto3: one LEN field holding the varints
    assert.deepEqual([...(got.get(5)?.bytes ?? [])], [2]); // DROPPED
    assert.deepEqual([...(got.get(30)?.bytes ?? [])], [1]); // INGRESS
    assert.deepEqual([...(got.get(33)?.bytes ?? [])], [0x85, 0x01]); // 133
  });

  test('ServerStatusResponse: 1–4 uint64, 5–6 UInt32Value, 7 repeated string, 8 version', () => {
    const buf = proto.methods.ServerStatus.responseSerialize({
      num_flows: '1',
      max_flows: '2',
      seen_flows: '3',
      uptime_ns: '4',
      num_connected_nodes: { value: 5 },
      num_unavailable_nodes: { value: 6 },
      unavailable_nodes: ['x'],
      version: 'v',
    });
    for (const [num, v] of [
      [1, 1n],
      [2, 2n],
      [3, 3n],
      [4, 4n],
    ] as const)
      assert.equal(dig(buf, [num]).varint, v);
    assert.equal(dig(buf, [5, 1]).varint, 5n);
    assert.equal(dig(buf, [6, 1]).varint, 6n);
    assert.equal(dig(buf, [7]).wt, LEN);
    assert.equal(dig(buf, [8]).wt, LEN);
  });

  test('decoding tolerates newer relays: unknown fields skipped, unknown enum numbers kept', () => {
    // A Flow with verdict DROPPED, drop_reason_desc 205 (DROP_PUNT_PROXY, known) and 999 (unknown),
    // an unknown field #41 (emitter) and an l4 member we do not declare (#6 VRRP).
    const flowWith = (reason: number): Buffer =>
      Buffer.concat([
        varintField(2, 2),
        varintField(25, reason),
        lenField(41, Buffer.from('xx')),
        lenField(6, lenField(6, Buffer.alloc(0))),
        lenField(11, Buffer.from('n1')),
      ]);
    const decode = (flow: Buffer): ReturnType<typeof normalizeFlow> => {
      const raw = proto.methods.GetFlows.responseDeserialize(lenField(1, flow));
      const parsed = getFlowsResponseSchema.parse(raw);
      assert.ok(parsed.flow);
      return normalizeFlow(parsed.flow);
    };
    const known = decode(flowWith(205));
    assert.equal(known.verdict, 'DROPPED');
    assert.equal(known.dropReason, 'DROP_PUNT_PROXY');
    assert.equal(known.l4, undefined);
    assert.equal(known.nodeName, 'n1');
    assert.equal(decode(flowWith(999)).dropReason, '999');
  });
});
