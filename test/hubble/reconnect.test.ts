// followFlows across a relay restart on the same port: it reports the break, backs off,
// resumes with `since`, and delivers every flow exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HubbleClient, followFlows, type ConnectionState } from '../../src/services/hubble/index.js';
import { backoffDelay } from '../../src/util/backoff.js';
import { timestampToMs } from '../../src/services/hubble/wire.js';
import { FlowStamper, SimHubbleRelay } from '../../src/sim/hubble/index.js';
import { testTopology } from './helpers.js';
import { waitFor } from '../helpers/wait.js';
import { sleep } from '../../src/util/sleep.js';

test('resumes after the relay is stopped and restarted: no gaps, no duplicates', async () => {
  const relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 300, seed: 3 });
  const client = new HubbleClient(relay.address);
  const ac = new AbortController();
  const states: ConnectionState[] = [];
  const uuids: string[] = [];
  const boundaries: number[] = []; // flows delivered when each connection was made
  const run = (async () => {
    for await (const flow of followFlows(client, {
      signal: ac.signal,
      onState: (s) => {
        states.push(s);
        if (s.state === 'connected') boundaries.push(uuids.length);
      },
      backoff: { initialMs: 100, maxMs: 400, jitter: 0 },
    })) {
      uuids.push(flow.uuid);
    }
  })();
  try {
    await waitFor(() => uuids.length >= 40, { message: 'first flows', timeoutMs: 10_000, intervalMs: 10 });
    await relay.stop();
    const atStop = uuids.length;
    await sleep(600); // flows keep being generated while the relay is down
    await waitFor(() => states.some((s) => s.state === 'reconnecting'), { message: 'reconnecting state', timeoutMs: 5000, intervalMs: 10 });
    await relay.listen();
    assert.equal(relay.address, client.target, 'same port after restart');
    await waitFor(() => uuids.length >= atStop + 200, { message: 'flows after the restart', timeoutMs: 10_000, intervalMs: 10 });
    // The resume window overlapped what we already had (same millisecond): those were re-sent and dropped.
    const sinceMs = timestampToMs(relay.requests.find((r) => r.follow && r.since)?.since);
    const replayed: string[] = [];
    for await (const f of client.observe({ since: sinceMs, until: sinceMs + 1 })) replayed.push(f.uuid);
    const before = new Set(uuids.slice(0, boundaries[1]));
    assert.ok(
      replayed.some((u) => before.has(u)),
      'the resume window re-sent flows already delivered',
    );
  } finally {
    ac.abort();
    await run;
    client.close();
    await relay.close();
  }

  assert.equal(new Set(uuids).size, uuids.length, 'no duplicates');
  const seq = uuids.map((u) => FlowStamper.sequenceOf(u));
  for (let i = 1; i < seq.length; i++) assert.equal(seq[i], (seq[i - 1] as number) + 1, `no gap at ${i}`);

  const kinds = states.map((s) => s.state);
  assert.equal(kinds[0], 'connecting');
  assert.ok(kinds.filter((k) => k === 'connected').length >= 2, `connected twice: ${kinds.join(',')}`);
  assert.equal(kinds.at(-1), 'closed');
  const reconnecting = states.find((s) => s.state === 'reconnecting');
  assert.ok(reconnecting && reconnecting.state === 'reconnecting' && reconnecting.code !== undefined);
  // the resume request carried `since` and no `number`
  const resume = relay.requests.find((r) => r.follow && r.since);
  assert.ok(resume?.since && resume.follow && resume.number === undefined);
});

test('abort while waiting to reconnect ends at once', async () => {
  const relay = await SimHubbleRelay.start({ topology: testTopology(), rate: 0 });
  const address = relay.address;
  await relay.close();
  const client = new HubbleClient(address);
  const ac = new AbortController();
  const states: string[] = [];
  const started = Date.now();
  setTimeout(() => ac.abort(), 300);
  for await (const _f of followFlows(client, { signal: ac.signal, onState: (s) => states.push(s.state), backoff: { initialMs: 5000 } }))
    void _f;
  client.close();
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(states, ['connecting', 'reconnecting', 'closed']);
});

test('backoff grows, is capped, and jitters within bounds', () => {
  const b = { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, b)),
    [100, 200, 400, 800, 1000, 1000],
  );
  assert.equal(backoffDelay(1, { baseMs: 100, maxMs: 10_000, jitter: 0.5, random: () => 0 }), 50);
  assert.equal(backoffDelay(1, { baseMs: 100, maxMs: 10_000, jitter: 0.5, random: () => 1 }), 150);
});
