// The client service against the simulated API server: sync, watch, 410 relist, resume after
// dropped connections and 5xx, logs, cordon/uncordon, drain with a PDB, metrics, timeouts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimCluster, type SimCluster } from './helpers.js';
import { waitFor } from '../helpers/wait.js';
import { KubeClusterClient, KubeError, type InformerEvent, type KubePod, type DrainProgress } from '../../src/services/kube/index.js';

let dev: SimCluster;
let client: KubeClusterClient;
const fast = { backoff: { initialMs: 50, maxMs: 400 } };

before(async () => {
  dev = await startSimCluster('dev', { extraPods: 200 }, { podTerminationMs: 50, podStartMs: 50 });
  client = await KubeClusterClient.fromKubeconfig(dev.server.kubeconfigPath, { cluster: 'dev', timeoutMs: 5_000, watch: fast });
});
after(async () => {
  client?.close();
  await dev?.close();
});

function recorder<T>(): { events: InformerEvent<T>[]; on: (e: InformerEvent<T>) => void } {
  const events: InformerEvent<T>[] = [];
  return { events, on: (e) => events.push(e) };
}

test('initial sync of pods, nodes, namespaces and events, then no periodic relists', async () => {
  const pods = recorder<KubePod>();
  const pi = client.watchPods(pods.on);
  const ni = client.watchNodes(() => undefined);
  const nsi = client.watchNamespaces(() => undefined);
  const ei = client.watchEvents(() => undefined);
  try {
    await Promise.all([pi.waitForSync(), ni.waitForSync(), nsi.waitForSync(), ei.waitForSync()]);
    const sync = pods.events.find((e) => e.type === 'sync');
    assert.ok(sync && sync.type === 'sync');
    assert.equal(sync.objects.length, dev.state.count('pods'));
    assert.equal(pi.objects.size, dev.state.count('pods'));
    assert.deepEqual([...ni.objects.values()].map((n) => n.metadata.name).sort(), ['dev-master', 'dev-worker1']);
    assert.ok([...nsi.objects.values()].some((n) => n.metadata.name === 'istio-system'));
    assert.equal(ei.objects.size, dev.state.count('events'));
    const etcd = [...pi.objects.values()].find((p) => p.metadata.name === 'etcd-dev-master');
    assert.equal(etcd?.status?.phase, 'Running');
    assert.equal(typeof etcd?.metadata.creationTimestamp, 'string'); // plain JSON, like watch objects
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(pi.lists, 1);
    assert.equal(dev.server.stats.lists.pods, 1);
  } finally {
    for (const i of [pi, ni, nsi, ei]) i.stop();
  }
});

test('watch delivers add, update and delete', async () => {
  const rec = recorder<KubePod>();
  const inf = client.watchPods(rec.on, { namespace: 'demo' });
  try {
    await inf.waitForSync();
    dev.state.addPod({
      namespace: 'demo',
      name: 'watch-me',
      containers: [{ name: 'main', image: 'busybox' }],
      labels: { app: 'watch-me' },
    });
    await waitFor(() => rec.events.some((e) => e.type === 'add' && e.object.metadata.name === 'watch-me'), {
      message: 'add',
      timeoutMs: 10_000,
    });
    dev.state.setPodStatus('demo', 'watch-me', 'CrashLoopBackOff', { restarts: 3 });
    await waitFor(
      () =>
        rec.events.some(
          (e) => e.type === 'update' && e.object.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff',
        ),
      { message: 'update', timeoutMs: 10_000 },
    );
    const upd = rec.events.find((e) => e.type === 'update');
    assert.ok(upd && upd.type === 'update');
    assert.equal(upd.object.status?.containerStatuses?.[0]?.restartCount, 3);
    dev.state.deletePod('demo', 'watch-me', { graceMs: 0 });
    await waitFor(() => rec.events.some((e) => e.type === 'delete' && e.object.metadata.name === 'watch-me'), {
      message: 'delete',
      timeoutMs: 10_000,
    });
    assert.equal(
      [...inf.objects.values()].some((p) => p.metadata.name === 'watch-me'),
      false,
    );
  } finally {
    inf.stop();
  }
});

test('410 Gone: relists and reports what changed meanwhile', async () => {
  const rec = recorder<KubePod>();
  const inf = client.watchPods(rec.on, { namespace: 'demo' });
  try {
    await inf.waitForSync();
    const victim = dev.state.list('pods', 'demo').find((p) => p.metadata.name.startsWith('httpbin-v2'));
    assert.ok(victim);
    const goneBefore = dev.server.stats.gone;
    dev.server.setUnavailable(503);
    dev.server.dropConnections();
    await waitFor(() => rec.events.some((e) => e.type === 'status' && e.state === 'reconnecting'), {
      message: 'reconnecting',
      timeoutMs: 10_000,
    });
    dev.state.addPod({ namespace: 'demo', name: 'while-away', containers: [{ name: 'main', image: 'busybox' }] });
    dev.state.deletePod('demo', victim.metadata.name, { graceMs: 0, replace: false });
    dev.state.compact(); // etcd compaction: the missed changes can no longer be replayed
    dev.server.setUnavailable(false);
    await waitFor(() => rec.events.some((e) => e.type === 'sync' && e.relist), { message: 'the relist', timeoutMs: 10_000 });
    assert.ok(dev.server.stats.gone > goneBefore, 'the server answered 410');
    assert.equal(inf.lists, 2);
    assert.ok(rec.events.some((e) => e.type === 'add' && e.object.metadata.name === 'while-away'));
    assert.ok(rec.events.some((e) => e.type === 'delete' && e.object.metadata.name === victim.metadata.name));
    assert.equal(inf.objects.size, dev.state.count('pods') - dev.state.list('pods').filter((p) => p.metadata.namespace !== 'demo').length);
  } finally {
    inf.stop();
  }
});

test('resumes from its resourceVersion after dropped connections and 5xx, without relisting', async () => {
  const rec = recorder<KubePod>();
  const inf = client.watchPods(rec.on, { namespace: 'demo' });
  try {
    await inf.waitForSync();
    for (let round = 0; round < 2; round++) {
      const name = `after-drop-${round}`;
      dev.server.dropConnections();
      dev.state.addPod({ namespace: 'demo', name, containers: [{ name: 'main', image: 'busybox' }] });
      await waitFor(() => rec.events.some((e) => e.type === 'add' && e.object.metadata.name === name), {
        message: `the pod added after drop ${round}`,
        timeoutMs: 10_000,
      });
    }
    dev.server.setUnavailable(503);
    dev.server.dropConnections();
    await waitFor(() => rec.events.some((e) => e.type === 'status' && e.state === 'reconnecting' && e.error?.status === 503), {
      message: 'a 503 reported',
      timeoutMs: 10_000,
    });
    dev.state.addPod({ namespace: 'demo', name: 'after-503', containers: [{ name: 'main', image: 'busybox' }] });
    dev.server.setUnavailable(false);
    await waitFor(() => rec.events.some((e) => e.type === 'add' && e.object.metadata.name === 'after-503'), {
      message: 'the pod added during the outage',
      timeoutMs: 10_000,
    });
    assert.ok(rec.events.some((e) => e.type === 'status' && e.state === 'connected'));
    assert.equal(inf.lists, 1, 'no relist: the watch resumed from its resourceVersion');
  } finally {
    inf.stop();
  }
});

test('logs: tail, follow, abort; previous is a typed 400', async () => {
  const pod = dev.state.list('pods', 'kube-system').find((p) => p.metadata.name.startsWith('coredns'));
  assert.ok(pod);
  const name = pod.metadata.name;
  const ac = new AbortController();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const line of client.logs('kube-system', name, { follow: true, tailLines: 2, timestamps: true, signal: ac.signal }))
      seen.push(line);
  })();
  await waitFor(() => seen.length === 2, { message: 'the two tail lines', timeoutMs: 10_000 });
  dev.state.appendLog('kube-system', name, undefined, '[INFO] 10.0.0.7:53 - "A IN example.com." NOERROR');
  await waitFor(() => seen.length === 3, { message: 'the followed line', timeoutMs: 10_000 });
  assert.match(seen[2] ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z \[INFO\] 10\.0\.0\.7:53/);
  ac.abort();
  await reading; // ends quietly
  const lines: string[] = [];
  for await (const l of client.logs('kube-system', name, { tailLines: 1 })) lines.push(l);
  assert.deepEqual(lines, ['[INFO] 10.0.0.7:53 - "A IN example.com." NOERROR']);
  await assert.rejects(
    async () => {
      for await (const _ of client.logs('kube-system', name, { previous: true })) void _;
    },
    (err: unknown) =>
      err instanceof KubeError && err.kind === 'http' && err.status === 400 && /previous terminated container/.test(err.message),
  );
});

test('cordon and uncordon set spec.unschedulable (merge patch)', async () => {
  const n = await client.cordon('dev-worker1');
  assert.equal(n.spec?.unschedulable, true);
  assert.equal(dev.state.get('nodes', undefined, 'dev-worker1')?.spec.unschedulable, true);
  const u = await client.uncordon('dev-worker1');
  assert.equal(u.spec?.unschedulable, undefined);
  assert.equal(dev.state.get('nodes', undefined, 'dev-worker1')?.spec.unschedulable, undefined);
  await assert.rejects(client.cordon('no-such-node'), (e: unknown) => e instanceof KubeError && e.isNotFound);
});

test('drain skips DaemonSet and mirror pods and honours a PDB (429, retry, then allowed)', async () => {
  const extra = await startSimCluster('prod', {}, { podTerminationMs: 50, podStartMs: 50 });
  const { state } = extra;
  const c2 = await KubeClusterClient.fromKubeconfig(extra.server.kubeconfigPath, { timeoutMs: 5_000 });
  try {
    for (const [i, node] of ['prod-worker1', 'prod-worker2', 'prod-worker2'].entries()) {
      state.addPod({
        namespace: 'demo',
        name: `web-w${i}`,
        nodeName: node,
        labels: { app: 'web' },
        containers: [{ name: 'web', image: 'nginx' }],
        owner: { kind: 'ReplicaSet', name: 'web-6b7f9d8c4' },
      });
    }
    state.addPdb('demo', 'web-pdb', { app: 'web' }, { minAvailable: 3 });
    const progress: DrainProgress[] = [];
    const result = await c2.drain('prod-worker1', {
      evictRetryMs: 200,
      pollMs: 50,
      timeoutMs: 20_000,
      onProgress: (p) => {
        progress.push(p);
        if (p.type === 'blocked' && p.pod === 'demo/web-w0') state.setPdbBudget('demo', 'web-pdb', { minAvailable: 2 });
      },
    });
    const blocked = progress.find((p) => p.type === 'blocked' && p.pod === 'demo/web-w0');
    assert.ok(blocked && blocked.type === 'blocked' && /web-pdb needs 3 healthy pods/.test(blocked.message), JSON.stringify(progress));
    assert.ok(result.evicted.includes('demo/web-w0'));
    assert.ok(result.skipped.some((s) => s.reason === 'daemonset' && s.pod.startsWith('kube-system/cilium-')));
    assert.equal(state.get('pods', 'demo', 'web-w0'), undefined);
    const left = state.list('pods').filter((p) => p.spec.nodeName === 'prod-worker1');
    assert.ok(left.every((p) => p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet'));
    // the master's static pods are mirror pods: draining it skips them
    const m = await c2.drain('prod-master', { timeoutMs: 10_000, pollMs: 50 });
    assert.equal(m.skipped.filter((s) => s.reason === 'mirror').length, 4);
  } finally {
    c2.close();
    await extra.close();
  }
});

test('metrics: usage where metrics-server exists, a typed result where it does not', async () => {
  dev.state.setNodeUsage('dev-worker1', { cpuMilli: 1234, memoryMi: 2048 });
  const nodes = await client.nodeUsage();
  assert.ok(nodes.available);
  const w = nodes.items.find((n) => n.name === 'dev-worker1');
  assert.equal(w?.cpuMilli, 1234);
  assert.equal(w?.memoryBytes, 2048 * 1024 * 1024);
  const pods = await client.podUsage('demo');
  assert.ok(pods.available && pods.items.length > 0 && pods.items.every((p) => p.cpuMilli > 0));
  dev.state.metricsServer = false; // the platform cluster's situation
  try {
    const none = await client.nodeUsage();
    assert.equal(none.available, false);
    assert.equal(!none.available && none.reason, 'no-metrics-server');
  } finally {
    dev.state.metricsServer = true;
  }
});

test('a cluster that hangs or is gone fails fast with a typed error', async () => {
  // A TCP port that accepts and never answers (a VM frozen mid-boot).
  const sockets: Socket[] = [];
  const hung: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  const port = (hung.address() as { port: number }).port;
  const text = (await import('node:fs'))
    .readFileSync(dev.server.kubeconfigPath, 'utf8')
    .replace(dev.server.url, `https://127.0.0.1:${port}`);
  const path = join(dev.dir, 'hung.yaml');
  writeFileSync(path, text, { mode: 0o600 });
  const hc = await KubeClusterClient.fromKubeconfig(path, { cluster: 'hung', timeoutMs: 300 });
  try {
    const t = Date.now();
    const [hangs, healthy] = await Promise.allSettled([hc.version(), client.version()]);
    assert.equal(hangs.status, 'rejected');
    assert.ok(
      hangs.status === 'rejected' &&
        hangs.reason instanceof KubeError &&
        hangs.reason.kind === 'timeout' &&
        hangs.reason.cluster === 'hung',
    );
    assert.ok(healthy.status === 'fulfilled' && healthy.value.gitVersion.startsWith('v1.32'));
    assert.ok(Date.now() - t < 2_000);
  } finally {
    hc.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => hung.close(r));
  }
  // Nothing listening any more on that port (a VM that is off): refused at once.
  const off = await KubeClusterClient.fromKubeconfig(path, { cluster: 'off', timeoutMs: 2_000 });
  const err = await off.version().catch((e: unknown) => e);
  off.close();
  assert.ok(err instanceof KubeError && err.kind === 'network' && err.isTransient, String(err));
  // A kubeconfig that is not there is a config error, not a crash.
  const missing = await KubeClusterClient.fromKubeconfig(join(dev.dir, 'missing.yaml')).catch((e: unknown) => e);
  assert.ok(missing instanceof KubeError && missing.kind === 'config');
});

test('client-certificate kubeconfig works for kubectl and the client; a wrong token is a typed 401', async () => {
  const { startKubeApiServer } = await import('../../src/sim/kube/index.js');
  const { requireKubectl, KUBECTL } = await import('./helpers.js');
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const certServer = await startKubeApiServer({
    state: dev.state,
    clusterName: 'dev-cert',
    dir: dev.dir,
    auth: 'cert',
    certs: dev.server.certs,
  });
  try {
    const text = (await import('node:fs')).readFileSync(certServer.kubeconfigPath, 'utf8');
    assert.match(text, /client-certificate-data/);
    assert.doesNotMatch(text, /token/);
    const cc = await KubeClusterClient.fromKubeconfig(certServer.kubeconfigPath, { timeoutMs: 3_000 });
    assert.equal((await cc.version()).minor, '32');
    cc.close();
    requireKubectl();
    // async: the server runs in this process, a sync exec would starve it
    const { stdout } = await promisify(execFile)(
      KUBECTL,
      ['--kubeconfig', certServer.kubeconfigPath, '--cache-dir', join(dev.dir, 'cache-cert'), 'get', 'nodes', '-o', 'name'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(stdout, 'node/dev-master\nnode/dev-worker1\n');
    const bad = join(dev.dir, 'bad-token.yaml');
    writeFileSync(
      bad,
      (await import('node:fs')).readFileSync(dev.server.kubeconfigPath, 'utf8').replace(dev.server.certs.token, 'not-the-token'),
      { mode: 0o600 },
    );
    const bc = await KubeClusterClient.fromKubeconfig(bad, { timeoutMs: 3_000 });
    const err = await bc.version().catch((e: unknown) => e);
    bc.close();
    assert.ok(err instanceof KubeError && err.status === 401 && !err.isTransient, String(err));
  } finally {
    await certServer.close();
  }
});
