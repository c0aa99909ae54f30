// The flow converter on Hubble flows as the hubble client normalises them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Flow } from '../../src/services/hubble/index.js';
import { toFlowRecord } from '../../src/feeds/hubble-convert.js';
import { fixtureJson } from './fixtures.js';

const flows = fixtureJson('hubble-flows.json') as Flow[];

test('an HTTP flow: endpoints, port, L7 method/url/code, the uuid and the summary', () => {
  assert.deepEqual(toFlowRecord('dev', flows[0]!), {
    uuid: '5b0e3c4e-8f5a-4f0e-9d7a-2b1c3d4e5f60',
    time: 1749549600123,
    cluster: 'dev',
    verdict: 'FORWARDED',
    source: { namespace: 'shop', pod: 'frontend-7d9f8c6b5-x2x9z', ip: '10.20.1.15' },
    destination: { namespace: 'shop', pod: 'cart-0', ip: '10.20.2.7' },
    protocol: 'TCP',
    port: 8080,
    http: { method: 'GET', url: 'http://cart.shop:8080/api/cart/42', code: 200 },
    summary: 'HTTP/1.1 200 1ms (GET http://cart.shop:8080/api/cart/42)',
  });
});

test("a dropped flow keeps its reason; an endpoint outside the cluster is its address; the relay's cluster when the flow names none", () => {
  const r = toFlowRecord('prod', flows[1]!);
  assert.equal(r.verdict, 'DROPPED');
  assert.equal(r.dropReason, 'POLICY_DENIED');
  assert.equal(r.cluster, 'prod');
  assert.deepEqual(r.destination, { ip: '10.40.2.11' });
  assert.equal(r.port, 5432);
});

test('a DNS flow without L4 is DNS; VERDICT_UNKNOWN reads UNKNOWN; no uuid and no summary leave no fields', () => {
  const r = toFlowRecord('prod', flows[2]!);
  assert.equal(r.protocol, 'DNS');
  assert.equal(r.verdict, 'UNKNOWN');
  assert.ok(!('uuid' in r) && !('summary' in r) && !('port' in r) && !('http' in r));
});

test("the destination's cluster when the source names none; ICMP has no port", () => {
  const r = toFlowRecord('dev', flows[3]!);
  assert.equal(r.cluster, 'platform');
  assert.equal(r.protocol, 'ICMPv4');
  assert.ok(!('port' in r));
  assert.deepEqual(r.source, { ip: '192.168.64.20' });
});
