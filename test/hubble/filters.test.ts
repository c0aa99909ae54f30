// UI query → FlowFilters (as the hubble CLI builds them), wire → Flow normalization, and the
// demo relay's filter semantics. Pure functions, no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, normalizeFlow, queryToFilters, toFilterLists } from '../../src/services/hubble/index.js';
import { ipMatches, labelsMatch, matchesFilter, matchesLists, podMatches } from '../../src/sim/hubble/match.js';
import type { WireFlow } from '../../src/services/hubble/wire.js';

test('namespace becomes two whitelist filters (source OR destination)', () => {
  assert.deepEqual(queryToFilters({ namespace: 'demo' }), [{ source_pod: ['demo/'] }, { destination_pod: ['demo/'] }]);
});

test('pod inside a namespace, and common fields go into both filters', () => {
  assert.deepEqual(queryToFilters({ namespace: 'demo', pod: 'nginx', verdict: 'DROPPED' }), [
    { verdict: ['DROPPED'], source_pod: ['demo/nginx'] },
    { verdict: ['DROPPED'], destination_pod: ['demo/nginx'] },
  ]);
  assert.deepEqual(queryToFilters({ pod: 'kube-system/coredns' }), [
    { source_pod: ['kube-system/coredns'] },
    { destination_pod: ['kube-system/coredns'] },
  ]);
  assert.deepEqual(queryToFilters({ pod: 'redis' }), [{ source_pod: ['/redis'] }, { destination_pod: ['/redis'] }]);
});

test('fields without a side make one filter; nothing makes none', () => {
  assert.deepEqual(queryToFilters({ verdict: ['DROPPED', 'ERROR'], protocol: 'HTTP' }), [
    { verdict: ['DROPPED', 'ERROR'], protocol: ['http'] },
  ]);
  assert.deepEqual(queryToFilters({}), []);
  assert.deepEqual(queryToFilters({ namespace: '' }), []);
});

test('a side pinned by sourcePod gets no either-side variant', () => {
  assert.deepEqual(queryToFilters({ sourcePod: 'demo/nginx', namespace: 'monitoring' }), [
    { source_pod: ['demo/nginx'], destination_pod: ['monitoring/'] },
  ]);
});

test('ports and IPs on either side; exclude becomes the blacklist', () => {
  const lists = toFilterLists({ port: 53, exclude: { namespace: 'kube-system' } });
  assert.deepEqual(lists.whitelist, [{ source_port: ['53'] }, { destination_port: ['53'] }]);
  assert.deepEqual(lists.blacklist, [{ source_pod: ['kube-system/'] }, { destination_pod: ['kube-system/'] }]);
  assert.deepEqual(queryToFilters({ ip: '10.0.0.0/8' }), [{ source_ip: ['10.0.0.0/8'] }, { destination_ip: ['10.0.0.0/8'] }]);
});

test('buildRequest: follow, number as uint64 string, since as a Timestamp', () => {
  assert.deepEqual(buildRequest({ follow: true, number: 100 }), { number: '100', follow: true });
  assert.deepEqual(buildRequest({ since: 1_700_000_000_123 }), { since: { seconds: '1700000000', nanos: 123_000_000 } });
  assert.deepEqual(buildRequest({ follow: true, number: 0 }), { follow: true });
});

const wire: WireFlow = {
  time: { seconds: '1700000000', nanos: 5_000_000 },
  uuid: 'abc',
  verdict: 'DROPPED',
  drop_reason_desc: 'POLICY_DENIED',
  IP: { source: '10.20.1.2', destination: '10.20.1.3', ipVersion: 'IPv4' },
  l4: { protocol: 'TCP', TCP: { source_port: 40000, destination_port: 80, flags: { SYN: true, ACK: true } } },
  source: { namespace: 'demo', pod_name: 'nginx-1', labels: ['k8s:app=nginx'], identity: 300 },
  destination: { namespace: 'demo', pod_name: 'httpbin-1', labels: ['k8s:app=httpbin'], identity: 301 },
  Type: 'L7',
  node_name: 'dev/dev-worker1',
  l7: { type: 'REQUEST', record: 'http', http: { method: 'POST', url: 'http://httpbin.demo/post' } },
  traffic_direction: 'EGRESS',
  Summary: 'HTTP/1.1 POST http://httpbin.demo/post',
};

test('normalizeFlow flattens the wire shape', () => {
  const f = normalizeFlow(wire);
  assert.equal(f.time, 1_700_000_000_005);
  assert.equal(f.verdict, 'DROPPED');
  assert.equal(f.dropReason, 'POLICY_DENIED');
  assert.deepEqual(f.source, { namespace: 'demo', pod: 'nginx-1', ip: '10.20.1.2', labels: ['k8s:app=nginx'], identity: 300, cluster: '' });
  assert.deepEqual(f.l4, { protocol: 'TCP', sourcePort: 40000, destinationPort: 80, flags: ['SYN', 'ACK'] });
  assert.deepEqual(f.l7, {
    type: 'REQUEST',
    latencyNs: 0,
    http: { method: 'POST', url: 'http://httpbin.demo/post', code: 0, protocol: '' },
  });
  assert.equal(f.isReply, undefined); // absent = unknown
  assert.equal(normalizeFlow({ ...wire, is_reply: {} }).isReply, false);
  assert.equal(normalizeFlow({ ...wire, is_reply: { value: true } }).isReply, true);
  assert.equal(normalizeFlow({ ...wire, verdict: 42 }).verdict, 'VERDICT_UNKNOWN');
  assert.equal(normalizeFlow({ ...wire, verdict: 'FORWARDED', drop_reason_desc: undefined }).dropReason, undefined);
  assert.deepEqual(normalizeFlow({ ...wire, l4: { ICMPv4: { type: 8 } } }).l4, {
    protocol: 'ICMPv4',
    sourcePort: 0,
    destinationPort: 0,
    flags: [],
    icmpType: 8,
    icmpCode: 0,
  });
  assert.equal(normalizeFlow({ ...wire, node_name: undefined }, 'from-response').nodeName, 'from-response');
  const noId = normalizeFlow({ ...wire, uuid: undefined });
  assert.ok(noId.uuid.length > 0 && noId.uuid === normalizeFlow({ ...wire, uuid: undefined }).uuid);
});

test('demo relay filter semantics', () => {
  assert.ok(podMatches('demo/', wire.source));
  assert.ok(podMatches('demo/ngi', wire.source));
  assert.ok(podMatches('/nginx', wire.source));
  assert.ok(!podMatches('other/', wire.source));
  assert.ok(ipMatches('10.20.0.0/16', '10.20.1.2'));
  assert.ok(!ipMatches('10.30.0.0/16', '10.20.1.2'));
  assert.ok(labelsMatch('app=nginx', wire.source?.labels));
  assert.ok(matchesFilter(wire, { verdict: ['DROPPED'], source_pod: ['demo/nginx'], protocol: ['http'], destination_port: ['80'] }));
  assert.ok(!matchesFilter(wire, { verdict: ['FORWARDED'] }));
  assert.ok(matchesFilter(wire, { node_name: ['dev/*'], drop_reason_desc: ['POLICY_DENIED'], http_method: ['post'] }));
  assert.ok(matchesLists(wire, queryToFilters({ namespace: 'demo' }), []));
  assert.ok(!matchesLists(wire, [], queryToFilters({ namespace: 'demo' })));
  assert.ok(!matchesLists(wire, queryToFilters({ namespace: 'monitoring' }), []));
});
