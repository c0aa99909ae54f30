// HubbleClient against the demo relay over real gRPC on 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HubbleClient, HubbleError, type Flow, type HubbleEvent } from '../../src/services/hubble/index.js';
import { FlowStamper, SimHubbleRelay } from '../../src/sim/hubble/index.js';
import { testTopology } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

describe('HubbleClient ↔ SimHubbleRelay', () => {
  let relay: SimHubbleRelay;
  let client: HubbleClient;

  before(async () => {
    relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 0, seed: 7 });
    client = new HubbleClient(relay.address);
  });
  after(async () => {
    client.close();
    await relay.close();
  });

  function pushHttp(n: number, verdict: 'FORWARDED' | 'DROPPED' = 'FORWARDED'): string[] {
    const from = relay.findPod('dev', 'demo', 'nginx');
    const to = relay.findPod('dev', 'demo', 'httpbin');
    assert.ok(from && to);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const f = relay.push({
        from,
        to,
        destinationPort: 80,
        verdict,
        http: { method: verdict === 'DROPPED' ? 'POST' : 'GET', url: 'http://httpbin.demo/x' },
      });
      ids.push(f.uuid ?? '');
    }
    return ids;
  }

  test('number returns the last N buffered flows, oldest first, then ends', async () => {
    const ids = pushHttp(30);
    const got: Flow[] = [];
    for await (const f of client.observe({ number: 10 })) got.push(f);
    assert.deepEqual(
      got.map((f) => f.uuid),
      ids.slice(-10),
    );
    const f = got[0] as Flow;
    assert.equal(f.verdict, 'FORWARDED');
    assert.equal(f.source.namespace, 'demo');
    assert.match(f.source.pod, /^nginx-/);
    assert.match(f.destination.pod, /^httpbin-/);
    assert.equal(f.l4?.protocol, 'TCP');
    assert.equal(f.l4?.destinationPort, 80);
    assert.equal(f.l7?.http?.method, 'GET');
    assert.equal(f.type, 'L7');
    assert.equal(f.isReply, false);
    assert.equal(f.trafficDirection, 'EGRESS');
    assert.match(f.nodeName, /^dev\/dev-worker1$/);
    assert.ok(f.source.labels.includes('k8s:app=nginx'));
    assert.ok(f.source.identity >= 256);
    assert.ok(Math.abs(f.time - Date.now()) < 10_000);
    const req = relay.requests.at(-1);
    assert.equal(req?.number, '10');
    assert.equal(req?.follow, undefined);
  });

  test('first + number gives the oldest N', async () => {
    const got: string[] = [];
    for await (const f of client.observe({ number: 2, first: true })) got.push(f.uuid);
    assert.equal(got.length, 2);
    assert.ok(FlowStamper.sequenceOf(got[0] as string) < FlowStamper.sequenceOf(got[1] as string));
  });

  test('events() carries node status with the relay nodes', async () => {
    const events: HubbleEvent[] = [];
    for await (const e of client.events({ number: 1 })) events.push(e);
    const status = events.find((e) => e.kind === 'node-status');
    assert.ok(status && status.kind === 'node-status');
    assert.equal(status.state, 'NODE_CONNECTED');
    assert.ok(status.nodes.includes('dev/dev-worker1'));
  });

  test('follow receives flows pushed after the stream opened', async () => {
    const ac = new AbortController();
    const got: string[] = [];
    let connected = false;
    const done = (async () => {
      for await (const f of client.observe({ follow: true, signal: ac.signal, onConnected: () => (connected = true) })) {
        got.push(f.uuid);
        if (got.length === 5) ac.abort();
      }
    })();
    await waitFor(() => connected && relay.activeStreams === 1, { message: 'stream open', timeoutMs: 5000, intervalMs: 10 });
    const ids = pushHttp(5);
    await done;
    assert.deepEqual(got, ids);
    await waitFor(() => relay.activeStreams === 0, { message: 'server saw the cancel', timeoutMs: 5000, intervalMs: 10 });
  });

  test('namespace filter becomes source/destination pod prefixes', async () => {
    relay.setRate(2000);
    try {
      const ac = new AbortController();
      const got: Flow[] = [];
      for await (const f of client.observe({ follow: true, filters: { namespace: 'monitoring' }, signal: ac.signal })) {
        got.push(f);
        if (got.length >= 20) ac.abort();
      }
      assert.ok(got.every((f) => f.source.namespace === 'monitoring' || f.destination.namespace === 'monitoring'));
      assert.deepEqual(relay.requests.at(-1)?.whitelist, [{ source_pod: ['monitoring/'] }, { destination_pod: ['monitoring/'] }]);
    } finally {
      relay.setRate(0);
    }
  });

  test('verdict DROPPED filter returns only policy drops', async () => {
    pushHttp(3, 'DROPPED');
    pushHttp(3);
    const got: Flow[] = [];
    for await (const f of client.observe({ number: 100, filters: { verdict: 'DROPPED', namespace: 'demo' } })) got.push(f);
    assert.ok(got.length >= 3);
    for (const f of got) {
      assert.equal(f.verdict, 'DROPPED');
      assert.equal(f.dropReason, 'POLICY_DENIED');
      assert.equal(f.l7?.http?.method, 'POST');
    }
  });

  test('since returns only newer flows', async () => {
    pushHttp(5);
    const cut = Date.now() + 5;
    while (Date.now() <= cut) await new Promise((r) => setTimeout(r, 2));
    const later = pushHttp(4);
    const got: string[] = [];
    for await (const f of client.observe({ since: cut })) got.push(f.uuid);
    assert.deepEqual(got, later);
  });

  test('ServerStatus reports the buffer and the relay nodes', async () => {
    const s = await client.serverStatus();
    assert.ok(s.numFlows > 0);
    assert.equal(s.maxFlows, 4095 * relay.nodes.length);
    assert.equal(s.seenFlows, relay.seenFlows);
    assert.ok(s.uptimeNs > 0);
    assert.equal(s.numConnectedNodes, 4);
    assert.equal(s.numUnavailableNodes, 0);
    assert.match(s.version, /k8slab-sim/);
  });

  test('an aborted signal ends observe() quietly and cancels the server stream', async () => {
    const ac = new AbortController();
    const it = client.observe({ follow: true, signal: ac.signal });
    const pending = it.next();
    await waitFor(() => relay.activeStreams === 1, { message: 'stream open', timeoutMs: 5000, intervalMs: 10 });
    ac.abort();
    assert.deepEqual(await pending, { value: undefined, done: true });
    await waitFor(() => relay.activeStreams === 0, { message: 'server saw the cancel', timeoutMs: 5000, intervalMs: 10 });
  });

  test('breaking out of the loop cancels the stream too', async () => {
    relay.setRate(500);
    try {
      for await (const _f of client.observe({ follow: true })) break;
      await waitFor(() => relay.activeStreams === 0, { message: 'server saw the cancel', timeoutMs: 5000, intervalMs: 10 });
    } finally {
      relay.setRate(0);
    }
  });

  test('a server error surfaces as HubbleError with its gRPC code', async () => {
    await assert.rejects(
      async () => {
        for await (const _f of client.observe({ number: 5, since: Date.now() })) void _f;
      },
      (err: unknown) => err instanceof HubbleError && err.code === 3, // INVALID_ARGUMENT
    );
  });
});

test('no relay listening → UNAVAILABLE (14)', async () => {
  const relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 0 });
  const address = relay.address;
  await relay.close();
  const client = new HubbleClient(address);
  try {
    await assert.rejects(client.serverStatus({ timeoutMs: 2000 }), (err: unknown) => err instanceof HubbleError && err.code === 14);
    await assert.rejects(
      async () => {
        for await (const _f of client.observe({ number: 1 })) void _f;
      },
      (err: unknown) => err instanceof HubbleError && err.code === 14,
    );
  } finally {
    client.close();
  }
});
