// Controllers and verbs as kubectl sees them: Deployments become READY, Services get a ClusterIP
// in the service CIDR and NodePorts, Endpoints follow the pods, deletes collect dependents,
// --dry-run=server changes nothing, and a snapshot restored into a new state serves the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterSpec, KUBECTL, requireKubectl, startSimCluster } from './helpers.js';
import { waitFor } from '../helpers/wait.js';
import { renderedFile } from './engine-helpers.js';
import { applyManifest, SimClusterState, startKubeApiServer } from '../../src/sim/kube/index.js';
import { inCidr } from '../../src/sim/kube/admission.js';

test('deployments, services, endpoints, deletes, dry-run and snapshots through the real kubectl', { timeout: 180_000 }, async () => {
  requireKubectl();
  const c = await startSimCluster('dev', { workloads: false }, { podStartMs: 100 });
  const dir = mkdtempSync(join(tmpdir(), 'k8slab-engine-ctl-'));
  const cidr = clusterSpec('dev').service_cidr;
  try {
    for (const f of ['apps/namespace.yaml', 'apps/redis.yaml', 'apps/httpbin.yaml', 'apps/nginx.yaml', 'apps/hpa.yaml']) {
      const r = await c.kubectl(['apply', '-f', renderedFile('dev', f, dir), ...(f === 'apps/namespace.yaml' ? [] : ['-n', 'demo'])]);
      assert.equal(r.code, 0, r.stderr);
    }
    assert.ok(c.state.get('serviceaccounts', 'demo', 'default'), 'the namespace got its default ServiceAccount');
    assert.ok(c.state.get('configmaps', 'demo', 'kube-root-ca.crt'), 'and kube-root-ca.crt');
    let out = '';
    await waitFor(
      () => {
        void c.kubectl(['get', 'deploy', '-n', 'demo']).then((r) => (out = r.stdout));
        return /nginx\s+3\/3\s+3\s+3/.test(out) && /redis\s+1\/1/.test(out) && /httpbin-v1\s+3\/3/.test(out);
      },
      { message: () => `deployments READY (last: ${out})`, timeoutMs: 20_000, intervalMs: 300 },
    );
    const pods = c.state.list('pods', 'demo').filter((p) => p.metadata.labels?.app === 'nginx');
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.equal(p.status.phase, 'Running');
      assert.ok(p.spec.nodeName && c.state.get('nodes', undefined, p.spec.nodeName), 'placed on a node');
      assert.ok(p.status.podIP?.startsWith(clusterSpec('dev').pod_cidr.split('.').slice(0, 2).join('.')), 'pod IP from the pod CIDR');
      assert.equal(p.metadata.labels?.['pod-template-hash']?.length, 10);
      assert.equal(p.spec.containers[0]?.resources?.requests?.cpu, '50m');
      assert.ok(
        c.state.readLogs(p, 'nginx', false)?.some((l) => l.text.includes('started')),
        'a first log line',
      );
    }
    const dep = c.state.get('deployments', 'demo', 'nginx') as unknown as {
      status: { conditions: { type: string; status: string }[]; observedGeneration: number; availableReplicas: number };
    };
    assert.deepEqual(
      dep.status.conditions.map((x) => `${x.type}=${x.status}`),
      ['Available=True', 'Progressing=True'],
    );
    assert.equal(dep.status.availableReplicas, 3);
    await waitFor(
      () =>
        (c.state.get('horizontalpodautoscalers', 'demo', 'nginx') as unknown as { status?: { desiredReplicas?: number } } | undefined)
          ?.status?.desiredReplicas === 3,
      { message: 'HPA status', timeoutMs: 10_000 },
    );

    // Services: ClusterIP in the service CIDR, a NodePort, a taken NodePort refused.
    const svc = await c.kubectl(['get', 'svc', '-n', 'demo']);
    assert.equal(svc.code, 0, svc.stderr);
    const ip = /nginx\s+ClusterIP\s+(\S+)/.exec(svc.stdout)?.[1] ?? '';
    assert.ok(inCidr(ip, cidr), `${ip} inside ${cidr}`);
    const np = join(dir, 'np.json');
    writeFileSync(
      np,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web-np', namespace: 'demo' },
        spec: { type: 'NodePort', selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] },
      }),
    );
    assert.equal((await c.kubectl(['apply', '-f', np])).code, 0);
    const svc2 = await c.kubectl(['get', 'svc', 'web-np', '-n', 'demo']);
    assert.match(svc2.stdout, /web-np\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP/);
    const taken = join(dir, 'taken.json');
    writeFileSync(
      taken,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web-np2', namespace: 'demo' },
        spec: { type: 'NodePort', selector: { app: 'nginx' }, ports: [{ port: 80, nodePort: 30080 }] },
      }),
    );
    const refused = await c.kubectl(['apply', '-f', taken]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /provided port is already allocated/);
    const ep = await c.kubectl(['get', 'endpoints', 'nginx', '-n', 'demo']);
    for (const p of pods) assert.ok(ep.stdout.includes(`${p.status.podIP}:80`), `endpoints list ${p.status.podIP}:80`);

    // --dry-run=server changes nothing.
    const rv = c.state.resourceVersion;
    const dry = await c.kubectl([
      'apply',
      '--dry-run=server',
      '-f',
      renderedFile('dev', 'apps/nginx.yaml', dir, (t) => t.replace('replicas: 3', 'replicas: 7')),
      '-n',
      'demo',
    ]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /deployment.apps\/nginx configured \(server dry run\)/);
    const dryDel = await c.kubectl(['delete', 'deploy', 'redis', '-n', 'demo', '--dry-run=server']);
    assert.equal(dryDel.code, 0, dryDel.stderr);
    assert.equal((c.state.get('deployments', 'demo', 'nginx') as unknown as { spec: { replicas: number } }).spec.replicas, 3);
    assert.ok(c.state.get('deployments', 'demo', 'redis'));
    assert.equal(c.state.resourceVersion, rv, 'no write happened');

    // Snapshot → a new state serves the same objects.
    const snapRv = c.state.resourceVersion;
    const restored = SimClusterState.fromSnapshot(c.state.snapshot(), { podCidr: clusterSpec('dev').pod_cidr, serviceCidr: cidr });
    const server2 = await startKubeApiServer({ state: restored, clusterName: 'restored', dir });
    try {
      const cache = join(dir, 'cache2');
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      // Asynchronously: the server answering kubectl runs in this process.
      const got = (
        await promisify(execFile)(
          KUBECTL,
          ['--kubeconfig', server2.kubeconfigPath, '--cache-dir', cache, 'get', 'deploy,svc', '-n', 'demo'],
          { encoding: 'utf8', env: { ...process.env, KUBECACHEDIR: cache } },
        )
      ).stdout;
      assert.match(got, /deployment.apps\/nginx\s+3\/3/);
      assert.match(got, new RegExp(`service/nginx\\s+ClusterIP\\s+${ip.replace(/\./g, '\\.')}`));
      assert.ok(restored.resourceVersion >= snapRv, 'the RV counter continues after the snapshot');
      assert.equal(restored.get('deployments', 'demo', 'nginx')?.metadata.uid, c.state.get('deployments', 'demo', 'nginx')?.metadata.uid);
    } finally {
      restored.close();
      await server2.close();
    }

    // Deleting a Deployment removes its ReplicaSets and pods.
    const del = await c.kubectl(['delete', 'deploy', 'redis', '-n', 'demo']);
    assert.equal(del.code, 0, del.stderr);
    await waitFor(() => c.state.list('pods', 'demo').every((p) => p.metadata.labels?.app !== 'redis'), {
      message: 'redis pods gone',
      timeoutMs: 10_000,
    });
    assert.equal(c.state.list('replicasets', 'demo').filter((r) => r.metadata.name.startsWith('redis-')).length, 0);

    // Deleting the namespace removes everything in it.
    const delNs = await c.kubectl(['delete', 'ns', 'demo'], 30_000);
    assert.equal(delNs.code, 0, delNs.stderr);
    assert.equal(c.state.get('namespaces', undefined, 'demo'), undefined);
    for (const k of c.state.store.kinds()) assert.equal(c.state.list(k, 'demo').length, 0, `no ${k} left in demo`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await c.close();
  }
});

test('StatefulSet, DaemonSet and Job controllers, in process', { timeout: 30_000 }, async () => {
  const c = await startSimCluster('dev', { workloads: false }, { podStartMs: 0, jobRunMs: 20 });
  try {
    const tpl = (app: string) => ({
      metadata: { labels: { app } },
      spec: { containers: [{ name: app, image: `docker.io/library/${app}:1.0` }] },
    });
    c.state.ensureNamespace('apps');
    for (const o of [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: 'apps' },
        spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: tpl('db') },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: 'apps' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: tpl('agent') },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once', namespace: 'apps' },
        spec: { template: { ...tpl('once'), spec: { ...tpl('once').spec, restartPolicy: 'Never' } } },
      },
    ]) {
      const r = c.state.createObject(o);
      assert.ok(r.ok, JSON.stringify(r));
    }
    await waitFor(
      () => {
        c.state.settle();
        return ['db-0', 'db-1'].every((n) => c.state.get('pods', 'apps', n)?.status.phase === 'Running');
      },
      { message: 'db-0 and db-1 Running', timeoutMs: 10_000 },
    );
    const workers = c.state.list('nodes').filter((n) => !(n.spec.taints ?? []).some((t) => t.effect === 'NoSchedule')).length;
    const agents = c.state.list('pods', 'apps').filter((p) => p.metadata.labels?.app === 'agent');
    assert.equal(agents.length, workers, 'one agent per untainted node');
    assert.equal(new Set(agents.map((p) => p.spec.nodeName)).size, workers);
    await waitFor(
      () => ((c.state.get('jobs', 'apps', 'once') as unknown as { status?: { succeeded?: number } }).status?.succeeded ?? 0) === 1,
      { message: 'the Job completes', timeoutMs: 10_000 },
    );
    await waitFor(
      () => (c.state.get('statefulsets', 'apps', 'db') as unknown as { status: { readyReplicas?: number } }).status.readyReplicas === 2,
      { message: 'StatefulSet ready 2', timeoutMs: 10_000 },
    );
    // A no-op update changes nothing.
    const ds = c.state.get('daemonsets', 'apps', 'agent');
    assert.ok(ds);
    const rv = c.state.resourceVersion;
    const same = c.state.updateObject(ds);
    assert.ok(same.ok);
    assert.equal(c.state.resourceVersion, rv);
    // A stale resourceVersion conflicts.
    const stale = c.state.updateObject({ ...ds, metadata: { ...ds.metadata, resourceVersion: '1' } });
    assert.equal(stale.ok ? 0 : stale.status.code, 409);
    // applyManifest works for a plain text too.
    const results = applyManifest(c.state, readFileSync(join(import.meta.dirname, '../../manifests/apps/pdb.yaml'), 'utf8'), 'apps');
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, true, true, true],
    );
  } finally {
    await c.close();
  }
});
