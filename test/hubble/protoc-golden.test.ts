// The Hubble wire checked against protoc, the reference implementation, instead of against our
// own reading of the proto. Reference messages are protobuf text (test/hubble/golden/*.txtpb),
// encoded by `protoc --encode`. Then:
//  - decoding: protoc's bytes go through our decoders (proto-loader's deserializer, the zod
//    schema, normalizeFlow / HubbleClient) and every field is compared with the value read
//    independently from the text fixture by the small text-format reader below;
//  - encoding: the same messages go through our encoders (the request serializer HubbleClient
//    sends with, the response serializers the demo relay's gRPC server writes with) and the bytes
//    must equal protoc's byte for byte. protobufjs writes fields in field-number order and packs
//    repeated scalars as protoc does, so byte equality is the check for every golden message.
//    Only messages built by the demo relay itself (its live ServerStatus and generated flows)
//    are compared in canonical form, `protoc --decode` text against our decoder, because the
//    relay sets proto3 defaults explicitly (e.g. num_unavailable_nodes { value: 0 }), which
//    protobufjs writes and protoc leaves out — both legal encodings of the same message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as GrpcJs from '@grpc/grpc-js';
import { HubbleClient, buildRequest, type HubbleEvent, type ObserveOptions } from '../../src/services/hubble/client.js';
import { normalizeFlow } from '../../src/services/hubble/flow.js';
import { hubbleProtoRoot, loadHubbleProto, type HubbleProto } from '../../src/services/hubble/proto.js';
import {
  flowSchema,
  getFlowsRequestSchema,
  getFlowsResponseSchema,
  serverStatusResponseSchema,
  timestampToMs,
} from '../../src/services/hubble/wire.js';
import { SimHubbleRelay } from '../../src/sim/hubble/index.js';
import { testTopology } from './helpers.js';

const PROTOC = process.env.PROTOC ?? '/usr/bin/protoc';
const PROTO_FILES = ['flow/flow.proto', 'relay/relay.proto', 'observer/observer.proto'];
const GOLDEN = path.join(import.meta.dirname, 'golden');

function protoc(args: string[], input?: Buffer | string): Buffer {
  const r = spawnSync(PROTOC, [...args, '-I', hubbleProtoRoot(), ...PROTO_FILES], { input, maxBuffer: 16 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`protoc not found at ${PROTOC}: install it with \`apt-get install -y protobuf-compiler\` (or set PROTOC)`);
  }
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `protoc ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return r.stdout;
}
const encode = (type: string, text: string): Buffer => protoc([`--encode=${type}`], text);
const decode = (type: string, bytes: Buffer): string => protoc([`--decode=${type}`], bytes).toString('utf8');

// ---------------------------------------------------------------------------------------------
// A reader for the protobuf text format (the subset protoc reads and writes: fields, nested
// messages, repeated fields as repeated lines or [lists], strings with C escapes, numbers, enum
// names). It knows nothing of the schema, so it is independent of the code under test.

type TxtValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'ident'; name: string }
  | { kind: 'message'; fields: TxtMessage };
type TxtMessage = Map<string, TxtValue[]>;

type Token = { t: 'punct'; v: string } | { t: 'ident'; v: string } | { t: 'number'; v: string } | { t: 'string'; v: string };

function unescapeC(body: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i] as string;
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92, a: 7, b: 8, f: 12, v: 11, '?': 63 };
    if (next in simple) bytes.push(simple[next] as number);
    else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))?.[0] as string;
      bytes.push(parseInt(oct, 8));
      i += oct.length - 1;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1))?.[0] ?? '';
      bytes.push(parseInt(hex, 16));
      i += hex.length;
    } else throw new Error(`unknown escape \\${next}`);
  }
  return Buffer.from(bytes).toString('utf8');
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re =
    /\s+|#[^\n]*|([{}[\]:,;<>])|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))|([A-Za-z_][A-Za-z0-9_.]*)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`text format: cannot read at ${JSON.stringify(text.slice(pos, pos + 20))}`);
    pos = re.lastIndex;
    if (m[1]) out.push({ t: 'punct', v: m[1] });
    else if (m[2]) out.push({ t: 'string', v: unescapeC(m[2].slice(1, -1)) });
    else if (m[3]) out.push({ t: 'number', v: m[3] });
    else if (m[4]) out.push({ t: 'ident', v: m[4] });
  }
  return out;
}

function parseTextFormat(text: string): TxtMessage {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isPunct = (v: string): boolean => peek()?.t === 'punct' && peek()?.v === v;
  const expect = (v: string): void => {
    if (!isPunct(v)) throw new Error(`text format: expected ${v} at token ${i}`);
    i++;
  };
  const scalar = (): TxtValue => {
    const tok = tokens[i++];
    if (!tok) throw new Error('text format: value expected');
    if (tok.t === 'string') {
      let value = tok.v;
      while (peek()?.t === 'string') value += (tokens[i++] as Token).v; // adjacent literals concatenate
      return { kind: 'string', value };
    }
    if (tok.t === 'number') return { kind: 'number', text: tok.v };
    if (tok.t === 'ident') return { kind: 'ident', name: tok.v };
    throw new Error(`text format: unexpected ${tok.v}`);
  };
  const message = (close: string | undefined): TxtMessage => {
    const fields: TxtMessage = new Map();
    const add = (name: string, v: TxtValue): void => {
      const list = fields.get(name) ?? [];
      list.push(v);
      fields.set(name, list);
    };
    for (;;) {
      if (close === undefined ? i >= tokens.length : isPunct(close)) {
        if (close !== undefined) i++;
        return fields;
      }
      const name = tokens[i++];
      if (!name || name.t !== 'ident') throw new Error(`text format: field name expected at token ${i - 1}`);
      const colon = isPunct(':');
      if (colon) i++;
      const nested = (): TxtValue => {
        const open = (tokens[i++] as Token).v;
        return { kind: 'message', fields: message(open === '{' ? '}' : '>') };
      };
      if (isPunct('{') || isPunct('<')) add(name.v, nested());
      else if (colon && isPunct('[')) {
        i++;
        while (!isPunct(']')) {
          add(name.v, isPunct('{') || isPunct('<') ? nested() : scalar());
          if (isPunct(',')) i++;
        }
        expect(']');
      } else if (colon) add(name.v, scalar());
      else throw new Error(`text format: ':' or '{' expected after ${name.v}`);
      if (isPunct(',') || isPunct(';')) i++;
    }
  };
  return message(undefined);
}

/** One value of a field of a parsed text message, by a dotted path ("l7.http.code"). */
function txt(msg: TxtMessage, dotted: string, index = 0): TxtValue {
  const parts = dotted.split('.');
  let current = msg;
  for (const [n, part] of parts.entries()) {
    const v = current.get(part)?.[n === parts.length - 1 ? index : 0];
    assert.ok(v, `fixture lacks ${dotted}`);
    if (n === parts.length - 1) return v;
    assert.equal(v.kind, 'message', `${parts.slice(0, n + 1).join('.')} is not a message`);
    current = (v as { fields: TxtMessage }).fields;
  }
  throw new Error('unreachable');
}
function txtString(msg: TxtMessage, dotted: string, index = 0): string {
  const v = txt(msg, dotted, index);
  if (v.kind === 'string') return v.value;
  if (v.kind === 'ident') return v.name;
  if (v.kind === 'number') return v.text;
  throw new Error(`${dotted} is a message`);
}
const txtNumber = (msg: TxtMessage, dotted: string, index = 0): number => Number(txtString(msg, dotted, index));
function txtStrings(msg: TxtMessage, dotted: string): string[] {
  const parts = dotted.split('.');
  const last = parts.pop() as string;
  const parent = parts.length > 0 ? (txt(msg, parts.join('.')) as { fields: TxtMessage }).fields : msg;
  return (parent.get(last) ?? []).map((_, i) => txtString(parent, last, i));
}
const hasField = (msg: TxtMessage, name: string): boolean => msg.has(name);

/** proto3 leaves scalar defaults off the wire, so a decoder reports them as absent. */
function isDefault(v: TxtValue): boolean {
  if (v.kind === 'number') return Number(v.text) === 0;
  if (v.kind === 'string') return v.value === '';
  return v.kind === 'ident' && v.name === 'false';
}

function compareValue(where: string, want: TxtValue, got: unknown): void {
  switch (want.kind) {
    case 'string':
      assert.equal(got, want.value, where);
      return;
    case 'ident':
      if (want.name === 'true' || want.name === 'false') assert.equal(got, want.name === 'true', where);
      else assert.equal(got, want.name, `${where} (enum)`);
      return;
    case 'number':
      // 64-bit integers arrive as strings (longs: String) and must be exact; the rest are numbers.
      if (typeof got === 'string') assert.equal(BigInt(got), BigInt(want.text), `${where} (64-bit)`);
      else assert.equal(got, Number(want.text), where);
      return;
    case 'message':
      assert.ok(got !== null && typeof got === 'object' && !Array.isArray(got), `${where}: message expected, got ${JSON.stringify(got)}`);
      compareMessage(where, want.fields, got as Record<string, unknown>);
  }
}

/** Every field of the text message is in the decoded object with its value, and nothing else is. */
function compareMessage(where: string, want: TxtMessage, got: Record<string, unknown>): void {
  for (const [name, values] of want) {
    const at = where ? `${where}.${name}` : name;
    const value = got[name];
    if (Array.isArray(value)) {
      assert.equal(value.length, values.length, `${at}: ${value.length} values, fixture has ${values.length}`);
      values.forEach((v, i) => compareValue(`${at}[${i}]`, v, value[i]));
    } else if (value === undefined) {
      assert.ok(values.length === 1 && isDefault(values[0] as TxtValue), `${at} missing from the decoded message`);
    } else {
      assert.equal(values.length, 1, `${at}: one value decoded, fixture has ${values.length}`);
      compareValue(at, values[0] as TxtValue, value);
    }
  }
  for (const [name, value] of Object.entries(got)) {
    if (want.has(name)) continue;
    // proto-loader's `oneofs: true` adds the oneof's name holding the member that is set.
    if (typeof value === 'string' && want.has(value)) continue;
    // A default written explicitly (the demo relay does) is decoded, while protoc's text leaves
    // it out: in proto3 both mean the same message.
    if (value === 0 || value === '' || value === false || value === '0') continue;
    assert.fail(`${where}.${name} decoded (${JSON.stringify(value)}) but not in the fixture`);
  }
}

// ---------------------------------------------------------------------------------------------

function fixture(name: string): string {
  return readFileSync(path.join(GOLDEN, name), 'utf8');
}
/** A GetFlowsResponse fixture with its flow fixture spliced in as `flow { … }`. */
function responseText(wrapper: string, flow: string): string {
  return `flow {\n${fixture(flow)}\n}\n${fixture(wrapper)}`;
}

function assertSameBytes(ours: Buffer, theirs: Buffer, what: string, type: string): void {
  if (ours.equals(theirs)) return;
  // Show where they part, and both sides as protoc reads them, to make a failure readable.
  let at = 0;
  while (at < ours.length && ours[at] === theirs[at]) at++;
  let ourText: string;
  try {
    ourText = decode(type, ours);
  } catch (err) {
    ourText = `(protoc cannot decode ours: ${String(err)})`;
  }
  assert.fail(
    `${what}: our ${ours.length} bytes differ from protoc's ${theirs.length} at offset ${at}\n` +
      `ours   ${ours.subarray(at, at + 24).toString('hex')}\nprotoc ${theirs.subarray(at, at + 24).toString('hex')}\n` +
      `--- ours decoded by protoc ---\n${ourText}\n--- protoc's ---\n${decode(type, theirs)}`,
  );
}

/** A gRPC server on 127.0.0.1 that answers with given bytes and keeps the request bytes it got. */
async function rawObserver(
  grpc: HubbleProto['grpc'],
  replies: { flows: Buffer[]; status: Buffer },
): Promise<{ address: string; requests: Buffer[]; close(): void }> {
  const raw = (b: Buffer): Buffer => b;
  const method = (name: string, responseStream: boolean): GrpcJs.MethodDefinition<Buffer, Buffer> => ({
    path: `/observer.Observer/${name}`,
    requestStream: false,
    responseStream,
    requestSerialize: raw,
    requestDeserialize: raw,
    responseSerialize: raw,
    responseDeserialize: raw,
  });
  const requests: Buffer[] = [];
  const server = new grpc.Server();
  server.addService(
    { GetFlows: method('GetFlows', true), ServerStatus: method('ServerStatus', false) },
    {
      GetFlows: (call: GrpcJs.ServerWritableStream<Buffer, Buffer>) => {
        requests.push(call.request);
        for (const b of replies.flows) call.write(b);
        call.end();
      },
      ServerStatus: (_call: GrpcJs.ServerUnaryCall<Buffer, Buffer>, cb: GrpcJs.sendUnaryData<Buffer>) => cb(null, replies.status),
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, requests, close: () => server.forceShutdown() };
}

/** Raw response bytes of a call to a real server, read with an identity deserializer. */
function rawCall(grpc: HubbleProto['grpc'], address: string, name: 'GetFlows' | 'ServerStatus', request: Buffer): Promise<Buffer[]> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const raw = (b: Buffer): Buffer => b;
  const methodPath = `/observer.Observer/${name}`;
  return new Promise<Buffer[]>((resolve, reject) => {
    if (name === 'ServerStatus') {
      client.makeUnaryRequest(methodPath, raw, raw, request, (err, value) => {
        client.close();
        if (err) reject(err);
        else resolve(value ? [value] : []);
      });
      return;
    }
    const out: Buffer[] = [];
    const call = client.makeServerStreamRequest(methodPath, raw, raw, request);
    call.on('data', (b: Buffer) => out.push(b));
    call.on('error', (err: Error) => (client.close(), reject(err)));
    call.on('end', () => (client.close(), resolve(out)));
  });
}

// The options whose request get-flows-request.txtpb spells out (see its header).
const REQUEST_OPTIONS: ObserveOptions = {
  number: 50,
  follow: true,
  since: 1_700_000_000_250,
  until: 1_700_000_360_125,
  filters: {
    namespace: 'demo',
    verdict: ['FORWARDED', 'DROPPED'],
    protocol: 'TCP',
    httpStatus: '5+',
    httpMethod: 'GET',
    exclude: { sourcePod: 'kube-system/coredns', destinationPod: 'kube-system/', dropReason: 'POLICY_DENIED' },
  },
  whitelist: [
    {
      uuid: ['6f1c2b8e-2c1d-4a4e-9a51-0d6c3f9b7a10'],
      source_label: ['k8s:app=frontend', 'k8s:io.kubernetes.pod.namespace=demo'],
      destination_label: ['k8s:app=api'],
      destination_port: ['8080'],
      reply: [false],
      source_identity: [51234, 300],
      http_path: ['/v1/orders.*'],
      node_name: ['dev/dev-worker*'],
      traffic_direction: ['INGRESS'],
      http_url: ['http://api.demo.svc.cluster.local:8080/.*'],
    },
  ],
  blacklist: [
    {
      source_ip: ['10.20.0.0/16'],
      destination_ip: ['fd00:10:96::a'],
      source_fqdn: ['*.cluster.local'],
      destination_fqdn: ['api.github.com'],
      dns_query: ['.*\\.example\\.com'],
      event_type: [{ type: 129, match_sub_type: true, sub_type: 3 }],
      source_service: ['kube-system/kube-dns'],
      destination_service: ['demo/api'],
      destination_identity: [2],
    },
  ],
};

const RESPONSES = [
  { name: 'HTTP flow', text: () => responseText('get-flows-response-http.txtpb', 'flow-http.txtpb') },
  { name: 'DNS flow', text: () => responseText('get-flows-response-dns.txtpb', 'flow-dns.txtpb') },
  { name: 'node status', text: () => fixture('get-flows-response-node-status.txtpb') },
  { name: 'lost events', text: () => fixture('get-flows-response-lost-events.txtpb') },
];

describe('Hubble wire against protoc', () => {
  let proto: HubbleProto;
  before(async () => {
    proto = await loadHubbleProto();
    const version = spawnSync(PROTOC, ['--version']);
    if (version.error)
      throw new Error(`protoc not found at ${PROTOC}: install it with \`apt-get install -y protobuf-compiler\` (or set PROTOC)`);
  });

  test('every .proto under proto/ compiles', () => {
    const out = protoc(['--descriptor_set_out=/dev/null']);
    assert.equal(out.length, 0);
    // and the text reader agrees with protoc on what a fixture says: protoc's own rendering of a
    // fixture reads back to the same message as the hand-written file
    const text = fixture('flow-http.txtpb');
    const rendered = decode('flow.Flow', encode('flow.Flow', text));
    const a = parseTextFormat(text);
    const b = parseTextFormat(rendered);
    assert.deepEqual(b, a);
  });

  test('the field comparison notices a changed, missing or extra value', () => {
    const tree = parseTextFormat(fixture('server-status.txtpb'));
    const raw = proto.methods.ServerStatus.responseDeserialize(
      encode('observer.ServerStatusResponse', fixture('server-status.txtpb')),
    ) as Record<string, unknown>;
    compareMessage('', tree, raw);
    assert.throws(() => compareMessage('', tree, { ...raw, uptime_ns: '9007199254740992' }), /uptime_ns \(64-bit\)/);
    assert.throws(() => compareMessage('', tree, { ...raw, version: undefined }), /version missing/);
    assert.throws(() => compareMessage('', tree, { ...raw, unavailable_nodes: [] }), /unavailable_nodes: 0 values/);
    assert.throws(() => compareMessage('', tree, { ...raw, extra: 'x' }), /extra decoded/);
  });

  describe('GetFlowsRequest', () => {
    let golden: Buffer;
    let tree: TxtMessage;
    before(() => {
      const text = fixture('get-flows-request.txtpb');
      golden = encode('observer.GetFlowsRequest', text);
      tree = parseTextFormat(text);
    });

    test("HubbleClient's request serializer writes protoc's bytes", () => {
      assertSameBytes(
        proto.methods.GetFlows.requestSerialize(buildRequest(REQUEST_OPTIONS)),
        golden,
        'GetFlowsRequest',
        'observer.GetFlowsRequest',
      );
    });

    test('the bytes HubbleClient really sends over gRPC are the same', async () => {
      const server = await rawObserver(proto.grpc, { flows: [], status: Buffer.alloc(0) });
      const client = new HubbleClient(server.address);
      try {
        for await (const event of client.events(REQUEST_OPTIONS)) assert.fail(`no events expected, got ${event.kind}`);
        assert.equal(server.requests.length, 1);
        assertSameBytes(server.requests[0] as Buffer, golden, 'GetFlowsRequest on the wire', 'observer.GetFlowsRequest');
      } finally {
        client.close();
        server.close();
      }
    });

    test("the demo relay's request decoder reads protoc's bytes field for field", () => {
      const raw = proto.methods.GetFlows.requestDeserialize(golden) as Record<string, unknown>;
      compareMessage('', tree, raw);
      // the zod schema the relay validates with keeps every field
      assert.deepEqual(getFlowsRequestSchema.parse(raw), raw);
      // and the time bounds read back as the milliseconds the options asked for
      const req = getFlowsRequestSchema.parse(raw);
      assert.equal(timestampToMs(req.since), REQUEST_OPTIONS.since);
      assert.equal(timestampToMs(req.until), REQUEST_OPTIONS.until);
    });
  });

  describe('Flow', () => {
    for (const file of ['flow-http.txtpb', 'flow-dns.txtpb']) {
      test(`${file}: decoded field for field, re-encoded byte for byte`, () => {
        const text = fixture(file);
        const golden = encode('flow.Flow', text);
        const tree = parseTextFormat(text);
        // A bare Flow is field 1 of GetFlowsResponse: decode it through the client's response
        // deserializer by giving it that one field (key 0x0a, length, the Flow's bytes).
        const framed = Buffer.concat([Buffer.from([0x0a]), varint(golden.length), golden]);
        const raw = proto.methods.GetFlows.responseDeserialize(framed) as Record<string, unknown>;
        assert.equal(raw.response_types, 'flow');
        const flow = raw.flow as Record<string, unknown>;
        compareMessage('flow', tree, flow);
        assert.deepEqual(flowSchema.parse(flow), flow, 'the zod schema keeps every field');
        const ours = unframe(proto.methods.GetFlows.responseSerialize({ flow }));
        assertSameBytes(ours, golden, file, 'flow.Flow');
      });
    }

    test('normalizeFlow gives the UI the fixture values', () => {
      for (const file of ['flow-http.txtpb', 'flow-dns.txtpb']) {
        const tree = parseTextFormat(fixture(file));
        const framed = encode('observer.GetFlowsResponse', `flow {\n${fixture(file)}\n}`);
        const parsed = getFlowsResponseSchema.parse(proto.methods.GetFlows.responseDeserialize(framed));
        assert.ok(parsed.flow, file);
        const f = normalizeFlow(parsed.flow);
        assert.equal(f.uuid, txtString(tree, 'uuid'));
        assert.equal(f.time, txtNumber(tree, 'time.seconds') * 1000 + Math.floor(txtNumber(tree, 'time.nanos') / 1e6));
        assert.equal(f.verdict, txtString(tree, 'verdict'));
        assert.equal(f.type, txtString(tree, 'Type'));
        assert.equal(f.nodeName, txtString(tree, 'node_name'));
        assert.equal(f.summary, txtString(tree, 'Summary'));
        assert.equal(f.trafficDirection, txtString(tree, 'traffic_direction'));
        assert.equal(f.isReply, txtString(tree, 'is_reply.value') === 'true');
        assert.equal(f.eventType, txtNumber(tree, 'event_type.type'));
        for (const side of ['source', 'destination'] as const) {
          assert.equal(f[side].ip, txtString(tree, `IP.${side}`));
          assert.equal(f[side].pod, txtString(tree, `${side}.pod_name`));
          assert.equal(f[side].namespace, txtString(tree, `${side}.namespace`));
          assert.equal(f[side].identity, txtNumber(tree, `${side}.identity`));
          assert.equal(f[side].cluster, txtString(tree, `${side}.cluster_name`));
          assert.deepEqual(f[side].labels, txtStrings(tree, `${side}.labels`));
        }
        const l4 = (txt(tree, 'l4') as { fields: TxtMessage }).fields;
        const proto4 = hasField(l4, 'TCP') ? 'TCP' : 'UDP';
        assert.equal(f.l4?.protocol, proto4);
        assert.equal(f.l4?.sourcePort, txtNumber(tree, `l4.${proto4}.source_port`));
        assert.equal(f.l4?.destinationPort, txtNumber(tree, `l4.${proto4}.destination_port`));
        if (proto4 === 'TCP') {
          const flags = (txt(tree, 'l4.TCP.flags') as { fields: TxtMessage }).fields;
          assert.deepEqual([...(f.l4?.flags ?? [])].sort(), [...flags.keys()].sort());
        }
        assert.equal(f.l7?.type, txtString(tree, 'l7.type'));
        assert.equal(f.l7?.latencyNs, txtNumber(tree, 'l7.latency_ns'));
        const l7 = (txt(tree, 'l7') as { fields: TxtMessage }).fields;
        if (hasField(l7, 'http')) {
          assert.deepEqual(f.l7?.http, {
            method: txtString(tree, 'l7.http.method'),
            url: txtString(tree, 'l7.http.url'),
            code: txtNumber(tree, 'l7.http.code'),
            protocol: txtString(tree, 'l7.http.protocol'),
          });
        } else {
          assert.deepEqual(f.l7?.dns, {
            query: txtString(tree, 'l7.dns.query'),
            ips: txtStrings(tree, 'l7.dns.ips'),
            rcode: txtNumber(tree, 'l7.dns.rcode'),
          });
        }
      }
    });
  });

  describe('GetFlowsResponse', () => {
    for (const { name, text } of RESPONSES) {
      test(`${name}: decoded field for field, re-encoded byte for byte`, () => {
        const golden = encode('observer.GetFlowsResponse', text());
        const raw = proto.methods.GetFlows.responseDeserialize(golden) as Record<string, unknown>;
        compareMessage('', parseTextFormat(text()), raw);
        assert.deepEqual(getFlowsResponseSchema.parse(raw), raw, 'the zod schema keeps every field');
        assertSameBytes(proto.methods.GetFlows.responseSerialize(raw), golden, name, 'observer.GetFlowsResponse');
      });
    }

    test('the demo relay sends a pushed flow as protoc encodes the response', async () => {
      const relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 0 });
      try {
        for (const [wrapper, file] of [
          ['get-flows-response-http.txtpb', 'flow-http.txtpb'],
          ['get-flows-response-dns.txtpb', 'flow-dns.txtpb'],
        ] as const) {
          const golden = encode('observer.GetFlowsResponse', responseText(wrapper, file));
          const flowBytes = encode('flow.Flow', fixture(file));
          const framed = Buffer.concat([Buffer.from([0x0a]), varint(flowBytes.length), flowBytes]);
          const wire = getFlowsResponseSchema.parse(proto.methods.GetFlows.responseDeserialize(framed));
          assert.ok(wire.flow);
          relay.push(wire.flow);
          const replies = await rawCall(proto.grpc, relay.address, 'GetFlows', proto.methods.GetFlows.requestSerialize({ number: '1' }));
          // the relay opens every stream with a NODE_CONNECTED status; the flow follows
          assert.equal(replies.length, 2);
          assertSameBytes(replies[1] as Buffer, golden, `relay's ${file} response`, 'observer.GetFlowsResponse');
        }
      } finally {
        await relay.close();
      }
    });

    test("HubbleClient turns protoc's responses into the fixture's events", async () => {
      const texts = RESPONSES.map((r) => r.text());
      const server = await rawObserver(proto.grpc, {
        flows: texts.map((t) => encode('observer.GetFlowsResponse', t)),
        status: Buffer.alloc(0),
      });
      const client = new HubbleClient(server.address);
      const invalid: string[] = [];
      try {
        const events: HubbleEvent[] = [];
        for await (const e of client.events({ onInvalid: (p) => invalid.push(p) })) events.push(e);
        assert.deepEqual(invalid, []);
        assert.equal(events.length, texts.length);
        const trees = texts.map(parseTextFormat);
        const [http, dns, status, lost] = events;
        for (const [event, tree] of [
          [http, trees[0]],
          [dns, trees[1]],
        ] as const) {
          assert.ok(event?.kind === 'flow' && tree);
          assert.equal(event.flow.uuid, txtString(tree, 'flow.uuid'));
          assert.equal(event.flow.nodeName, txtString(tree, 'node_name'));
          assert.equal(event.flow.source.pod, txtString(tree, 'flow.source.pod_name'));
          assert.equal(event.flow.destination.pod, txtString(tree, 'flow.destination.pod_name'));
        }
        assert.ok(http?.kind === 'flow' && http.flow.l7?.http);
        assert.equal(http.flow.l7.http.code, txtNumber(trees[0] as TxtMessage, 'flow.l7.http.code'));
        assert.ok(dns?.kind === 'flow' && dns.flow.l7?.dns);
        assert.deepEqual(dns.flow.l7.dns.ips, txtStrings(trees[1] as TxtMessage, 'flow.l7.dns.ips'));
        const st = trees[2] as TxtMessage;
        assert.deepEqual(status, {
          kind: 'node-status',
          state: txtString(st, 'node_status.state_change'),
          nodes: txtStrings(st, 'node_status.node_names'),
          message: txtString(st, 'node_status.message'),
          time: txtNumber(st, 'time.seconds') * 1000 + Math.floor(txtNumber(st, 'time.nanos') / 1e6),
          nodeName: txtString(st, 'node_name'),
        });
        const lt = trees[3] as TxtMessage;
        assert.deepEqual(lost, {
          kind: 'lost',
          source: txtString(lt, 'lost_events.source'),
          count: Number(BigInt(txtString(lt, 'lost_events.num_events_lost'))),
          time: txtNumber(lt, 'time.seconds') * 1000,
          nodeName: txtString(lt, 'node_name'),
        });
      } finally {
        client.close();
        server.close();
      }
    });
  });

  describe('ServerStatusResponse', () => {
    let golden: Buffer;
    let tree: TxtMessage;
    before(() => {
      const text = fixture('server-status.txtpb');
      golden = encode('observer.ServerStatusResponse', text);
      tree = parseTextFormat(text);
    });

    test('decoded field for field, re-encoded byte for byte by the relay serializer', () => {
      const raw = proto.methods.ServerStatus.responseDeserialize(golden) as Record<string, unknown>;
      compareMessage('', tree, raw);
      assert.deepEqual(serverStatusResponseSchema.parse(raw), raw, 'the zod schema keeps every field');
      // the serializer the demo relay's gRPC server answers ServerStatus with
      assertSameBytes(proto.methods.ServerStatus.responseSerialize(raw), golden, 'ServerStatusResponse', 'observer.ServerStatusResponse');
    });

    test("HubbleClient.serverStatus() reads protoc's bytes", async () => {
      const server = await rawObserver(proto.grpc, { flows: [], status: golden });
      const client = new HubbleClient(server.address);
      try {
        assert.deepEqual(await client.serverStatus(), {
          numFlows: txtNumber(tree, 'num_flows'),
          maxFlows: txtNumber(tree, 'max_flows'),
          seenFlows: txtNumber(tree, 'seen_flows'),
          uptimeNs: txtNumber(tree, 'uptime_ns'),
          numConnectedNodes: txtNumber(tree, 'num_connected_nodes.value'),
          numUnavailableNodes: txtNumber(tree, 'num_unavailable_nodes.value'),
          unavailableNodes: txtStrings(tree, 'unavailable_nodes'),
          version: txtString(tree, 'version'),
          flowsRate: txtNumber(tree, 'flows_rate'),
        });
      } finally {
        client.close();
        server.close();
      }
    });
  });

  // Canonical form: what the demo relay builds itself, read by protoc and by us, must agree.
  describe("the demo relay's own messages, read by protoc", () => {
    let relay: SimHubbleRelay;
    before(async () => {
      relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 0 });
    });
    after(async () => {
      await relay?.close();
    });

    test('ServerStatus', async () => {
      const [bytes] = await rawCall(proto.grpc, relay.address, 'ServerStatus', Buffer.alloc(0));
      assert.ok(bytes);
      const tree = parseTextFormat(decode('observer.ServerStatusResponse', bytes));
      compareMessage('', tree, proto.methods.ServerStatus.responseDeserialize(bytes) as Record<string, unknown>);
      assert.equal(txtNumber(tree, 'num_connected_nodes.value'), relay.nodes.length);
      assert.equal(BigInt(txtString(tree, 'max_flows')), BigInt(4095 * relay.nodes.length));
    });

    test('generated HTTP, DNS, dropped and node-status messages', async () => {
      const from = relay.findPod('dev', 'demo', 'frontend') ?? relay.pods[0];
      const to = relay.findPod('dev', 'demo', 'api') ?? relay.pods[1];
      const dnsPod = relay.findPod('dev', 'kube-system', 'coredns') ?? relay.pods[2];
      assert.ok(from && to && dnsPod, 'topology has pods');
      relay.push({
        from,
        to,
        destinationPort: 8080,
        http: { method: 'POST', url: '/v1/orders', code: 201, latencyMs: 3 },
        response: true,
        direction: 'INGRESS',
      });
      relay.push({ from, to: dnsPod, destinationPort: 53, dns: { query: 'api.demo.svc.cluster.local.', ips: ['10.96.0.7'] } });
      relay.push({ from, to, destinationPort: 5432, verdict: 'DROPPED', dropReason: 'POLICY_DENIED' });
      const replies = await rawCall(proto.grpc, relay.address, 'GetFlows', proto.methods.GetFlows.requestSerialize({ number: '3' }));
      assert.equal(replies.length, 4);
      for (const bytes of replies) {
        const text = decode('observer.GetFlowsResponse', bytes);
        compareMessage('', parseTextFormat(text), proto.methods.GetFlows.responseDeserialize(bytes) as Record<string, unknown>);
      }
      assert.match(decode('observer.GetFlowsResponse', replies[0] as Buffer), /state_change: NODE_CONNECTED/);
      assert.match(decode('observer.GetFlowsResponse', replies[3] as Buffer), /drop_reason_desc: POLICY_DENIED/);
    });
  });
});

/** The Flow inside a GetFlowsResponse that holds only field 1. */
function unframe(buf: Buffer): Buffer {
  assert.equal(buf[0], 0x0a, 'GetFlowsResponse starts with field 1 (flow), wire type 2');
  let len = 0;
  let shift = 1;
  let pos = 1;
  for (;;) {
    const b = buf[pos++];
    assert.ok(b !== undefined, 'truncated length');
    len += (b & 0x7f) * shift;
    shift *= 128;
    if ((b & 0x80) === 0) break;
  }
  assert.equal(buf.length - pos, len, 'nothing but the flow');
  return buf.subarray(pos);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}
