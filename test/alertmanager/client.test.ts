// AlertmanagerClient against the REAL prometheus-alertmanager and against the demo lab's sim:
// the same flow must pass on both, which is what keeps the sim honest.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  AlertmanagerClient,
  AlertmanagerHttpError,
  AlertmanagerTimeoutError,
  AlertmanagerUnreachableError,
  matcher,
} from '../../src/services/alertmanager/index.js';
import { AlertmanagerSim, fingerprint } from '../../src/sim/alertmanager/index.js';
import { startAlertmanager, type RealAlertmanager } from '../helpers/alertmanager.js';

/** The shared flow: post, read back, silence one, see it suppressed, expire, see it active. */
async function exercise(am: AlertmanagerClient, run: string): Promise<Record<string, string>> {
  const crit = { alertname: 'NodeDown', severity: 'critical', cluster: 'prod', run };
  const warn = { alertname: 'PodCrashLooping', severity: 'warning', cluster: 'dev', run };
  await am.postAlerts([
    { labels: crit, annotations: { summary: 'prod-worker1 is down' }, generatorURL: 'http://127.0.0.1/graph' },
    { labels: warn, annotations: { summary: 'api restarts' } },
  ]);

  const mine = [matcher('run', run)];
  const all = await am.alerts({ filter: mine });
  assert.equal(all.length, 2);
  const nodeDown = all.find((a) => a.labels.alertname === 'NodeDown');
  assert.ok(nodeDown);
  assert.deepEqual(nodeDown.labels, crit);
  assert.equal(nodeDown.annotations.summary, 'prod-worker1 is down');
  assert.equal(nodeDown.status.state, 'active');
  assert.deepEqual(nodeDown.status.silencedBy, []);
  assert.deepEqual(nodeDown.receivers, [{ name: 'null' }]);
  assert.equal(nodeDown.fingerprint, fingerprint(crit), 'the sim computes the same fingerprint as Alertmanager');
  assert.ok(Date.parse(nodeDown.endsAt) > Date.parse(nodeDown.startsAt));
  assert.equal((await am.alerts({ filter: [...mine, matcher('severity', 'crit.*', '=~')] })).length, 1);

  const silenceId = await am.createSilence({
    matchers: [
      { name: 'alertname', value: 'NodeDown' },
      { name: 'run', value: run },
    ],
    endsAt: new Date(Date.now() + 3_600_000),
    createdBy: 'k8slab-tui test',
    comment: 'maintenance',
  });
  assert.match(silenceId, /^[0-9a-f-]{36}$/);
  const silences = await am.silences();
  const created = silences.find((s) => s.id === silenceId);
  assert.ok(created);
  assert.equal(created.status.state, 'active');
  assert.equal(created.createdBy, 'k8slab-tui test');
  assert.deepEqual(
    created.matchers.find((m) => m.name === 'alertname'),
    { name: 'alertname', value: 'NodeDown', isRegex: false, isEqual: true },
  );

  const suppressed = (await am.alerts({ filter: mine })).find((a) => a.labels.alertname === 'NodeDown');
  assert.equal(suppressed?.status.state, 'suppressed');
  assert.deepEqual(suppressed?.status.silencedBy, [silenceId]);
  const unsilenced = await am.alerts({ filter: mine, silenced: false });
  assert.deepEqual(
    unsilenced.map((a) => a.labels.alertname),
    ['PodCrashLooping'],
  );

  await am.expireSilence(silenceId);
  assert.equal((await am.silence(silenceId)).status.state, 'expired');
  const back = (await am.alerts({ filter: mine })).find((a) => a.labels.alertname === 'NodeDown');
  assert.equal(back?.status.state, 'active');
  assert.deepEqual(back?.status.silencedBy, []);

  // Resolving by posting endsAt in the past, as Prometheus does: it leaves the list.
  await am.postAlerts([{ labels: warn, endsAt: new Date(Date.now() - 1000) }]);
  assert.deepEqual(
    (await am.alerts({ filter: mine })).map((a) => a.labels.alertname),
    ['NodeDown'],
  );
  return crit;
}

async function errors(am: AlertmanagerClient): Promise<void> {
  await assert.rejects(am.expireSilence('00000000-0000-0000-0000-000000000000'), (e: unknown) => {
    assert.ok(e instanceof AlertmanagerHttpError);
    assert.equal(e.status, 500);
    assert.match(e.message, /silence not found/);
    return true;
  });
  await assert.rejects(
    am.alerts({ filter: ['bad'] }),
    (e: unknown) => e instanceof AlertmanagerHttpError && e.status === 400 && /bad matcher format/.test(e.body),
  );
  await assert.rejects(am.postAlerts([{ labels: {} }]), (e: unknown) => e instanceof AlertmanagerHttpError && e.status === 400);
  await assert.rejects(
    am.createSilence({
      matchers: [{ name: 'a', value: 'b' }],
      startsAt: new Date(Date.now() - 7200_000),
      endsAt: new Date(Date.now() - 3600_000),
      createdBy: 'x',
      comment: 'y',
    }),
    (e: unknown) => e instanceof AlertmanagerHttpError && e.status === 400 && /in the past/.test(e.message),
  );
  await assert.rejects(
    am.silence('00000000-0000-0000-0000-000000000000'),
    (e: unknown) => e instanceof AlertmanagerHttpError && e.status === 404,
  );
}

describe('AlertmanagerClient against the real prometheus-alertmanager', () => {
  let real: RealAlertmanager;
  let am: AlertmanagerClient;
  before(async () => {
    real = await startAlertmanager();
    am = new AlertmanagerClient(real.url);
  });
  after(async () => {
    await real?.stop();
  });

  it('posts, reads back, silences, sees suppressed, expires', async () => {
    await exercise(am, 'real');
  });

  it("reports HTTP errors with Alertmanager's message", async () => {
    await errors(am);
  });

  it('reads status', async () => {
    const status = await am.status();
    assert.equal(status.cluster.status, 'disabled');
    assert.match(status.versionInfo.version, /^0\.\d+/);
    assert.match(status.config.original, /receiver: "null"/);
  });
});

describe('AlertmanagerClient against the demo lab sim', () => {
  const sim = new AlertmanagerSim();
  let am: AlertmanagerClient;
  before(async () => {
    am = new AlertmanagerClient(await sim.start());
  });
  after(async () => {
    await sim.stop();
  });

  it('passes the same flow as the real one', async () => {
    await exercise(am, 'sim');
  });

  it('gives the same HTTP errors', async () => {
    await errors(am);
  });

  it('fires and resolves alerts when the demo lab says so', async () => {
    const labels = { alertname: 'HighCPU', cluster: 'staging', severity: 'warning' };
    const fp = sim.fire(labels, { summary: 'cpu > 90%' });
    let alerts = await am.alerts({ filter: [matcher('alertname', 'HighCPU')] });
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.fingerprint, fp);
    assert.equal(alerts[0]?.status.state, 'active');
    assert.equal(sim.fire(labels, { summary: 'still hot' }), fp, 'firing again keeps the alert');
    alerts = await am.alerts({ filter: [matcher('alertname', 'HighCPU')] });
    assert.equal(alerts[0]?.annotations.summary, 'still hot');

    const groups = await am.alertGroups({ filter: [matcher('alertname', 'HighCPU')] });
    assert.equal(groups[0]?.alerts.length, 1);

    assert.equal(sim.resolve(labels), true);
    assert.equal(sim.resolve(fp), false, 'already resolved');
    assert.deepEqual(await am.alerts({ filter: [matcher('alertname', 'HighCPU')] }), []);
    assert.equal((await am.status()).cluster.status, 'disabled');
  });
});

/** The JSON shape (keys and value types, recursively) of a raw answer. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
    );
  return typeof v;
}

describe('the sim serves the same raw JSON shapes as the real Alertmanager', () => {
  let real: RealAlertmanager;
  const sim = new AlertmanagerSim();
  before(async () => {
    real = await startAlertmanager();
    await sim.start();
  });
  after(async () => {
    await real?.stop();
    await sim.stop();
  });

  it('alerts, silences, silence, receivers', async () => {
    const shapes: Record<string, unknown[]> = {};
    for (const url of [real.url, sim.url]) {
      const am = new AlertmanagerClient(url);
      await am.postAlerts([{ labels: { alertname: 'Shape', severity: 'info' }, annotations: { summary: 's' } }]);
      const id = await am.createSilence({
        matchers: [{ name: 'alertname', value: 'Shape' }],
        endsAt: new Date(Date.now() + 60_000),
        createdBy: 't',
        comment: 'c',
      });
      for (const p of ['/api/v2/alerts', '/api/v2/alerts/groups', '/api/v2/silences', '/api/v2/silence/{id}', '/api/v2/receivers']) {
        const json: unknown = await (await fetch(url + p.replace('{id}', id))).json();
        (shapes[p] ??= []).push(shape(json));
      }
    }
    for (const [p, [fromReal, fromSim]] of Object.entries(shapes)) assert.deepEqual(fromSim, fromReal, p);
  });
});

describe('AlertmanagerClient transport errors', () => {
  let hang: Server;
  let hangPort: number;
  const sockets = new Set<Socket>();
  before(async () => {
    // Accepts connections and never answers.
    hang = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    hangPort = (hang.address() as { port: number }).port;
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hang.close(() => resolve()));
  });

  it('unreachable, timeout and caller abort are told apart', async () => {
    const closedPort = await (async () => {
      const s = createServer();
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      const port = (s.address() as { port: number }).port;
      await new Promise<void>((resolve) => s.close(() => resolve()));
      return port;
    })();
    await assert.rejects(
      new AlertmanagerClient(`http://127.0.0.1:${closedPort}`).alerts(),
      (e: unknown) => e instanceof AlertmanagerUnreachableError && e.kind === 'unreachable',
    );
    const slow = new AlertmanagerClient(`http://127.0.0.1:${hangPort}`, { timeoutMs: 200 });
    await assert.rejects(slow.status(), (e: unknown) => e instanceof AlertmanagerTimeoutError && e.timeoutMs === 200);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('view closed')), 50);
    await assert.rejects(
      new AlertmanagerClient(`http://127.0.0.1:${hangPort}`, { timeoutMs: 5000 }).alerts({ signal: ac.signal }),
      /view closed/,
    );
  });
});
