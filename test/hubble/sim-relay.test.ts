// Demo relay behaviour a real relay also shows: lost_events when a follower is too slow, and
// periodic notices; generated traffic covers the seed's demo scenarios.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HubbleClient, type Flow, type HubbleEvent } from '../../src/services/hubble/index.js';
import { SimHubbleRelay } from '../../src/sim/hubble/index.js';
import { testTopology } from './helpers.js';
import { sleep } from '../../src/util/sleep.js';

test('a slow follower gets lost_events instead of unbounded queueing', async () => {
  const relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 8000, maxQueue: 50 });
  const client = new HubbleClient(relay.address);
  const ac = new AbortController();
  const timeout = setTimeout(() => ac.abort(), 8000);
  let lost: Extract<HubbleEvent, { kind: 'lost' }> | undefined;
  let first = true;
  try {
    for await (const batch of client.eventBatches({ follow: true, signal: ac.signal })) {
      if (first) {
        first = false;
        await sleep(700); // stall: the relay's queue for us overflows
      }
      lost = batch.find((e): e is Extract<HubbleEvent, { kind: 'lost' }> => e.kind === 'lost');
      if (lost) break;
    }
  } finally {
    clearTimeout(timeout);
    client.close();
    await relay.close();
  }
  assert.ok(lost, 'a lost_events notice arrived');
  assert.equal(lost.source, 'OBSERVER_EVENTS_QUEUE');
  assert.ok(lost.count > 0);
});

test('periodic lost_events notices and the seed demo traffic', async () => {
  const relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 1000, lostEventsEveryMs: 200, seed: 11 });
  const client = new HubbleClient(relay.address);
  const flows: Flow[] = [];
  let lost = 0;
  try {
    for await (const e of client.events({ follow: true, signal: AbortSignal.timeout(1200) })) {
      if (e.kind === 'flow') flows.push(e.flow);
      else if (e.kind === 'lost') lost++;
    }
  } finally {
    client.close();
    await relay.close();
  }
  assert.ok(lost >= 2, `lost notices: ${lost}`);
  const has = (what: string, check: (f: Flow) => boolean): void => assert.ok(flows.some(check), what);
  has(
    'nginx → httpbin GET 200',
    (f) => f.l7?.http?.method === 'GET' && f.l7.http.code === 200 && f.isReply === true && f.source.pod.startsWith('httpbin'),
  );
  has(
    'nginx → httpbin POST dropped by policy',
    (f) => f.verdict === 'DROPPED' && f.dropReason === 'POLICY_DENIED' && f.l7?.http?.method === 'POST',
  );
  has('DNS to kube-dns on UDP 53', (f) => f.l4?.protocol === 'UDP' && f.l4.destinationPort === 53 && f.l7?.dns !== undefined);
  has('prometheus scrape', (f) => f.source.labels.includes('k8s:app=prometheus') && f.l7?.http?.url.endsWith('/metrics') === true);
  has('redis on TCP 6379', (f) => f.l4?.protocol === 'TCP' && f.l4.destinationPort === 6379);
  // every flow belongs to a known cluster/node
  assert.ok(flows.every((f) => relay.nodes.includes(f.nodeName)));
});
