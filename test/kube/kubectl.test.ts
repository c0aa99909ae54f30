// The simulated API server checked with the real kubectl (1.32 via the dispatcher): tables,
// JSON lists, watch, log follow, cordon and a drain that a PDB first blocks and then allows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { requireKubectl, startSimCluster, collect, type SimCluster } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

let prod: SimCluster;

before(async () => {
  requireKubectl();
  prod = await startSimCluster('prod', { extraPods: 30 });
});
after(async () => {
  await prod?.close();
});

test('kubectl get nodes prints the real columns', async () => {
  const r = await prod.kubectl(['get', 'nodes']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
  assert.match(r.stdout, /prod-master\s+Ready\s+control-plane\s+3d\s+v1\.31\.\d/);
  assert.match(r.stdout, /prod-worker2\s+Ready\s+<none>/);
  assert.equal(lines.length, 4);
});

test('kubectl get pods -A -o json returns every pod', async () => {
  const r = await prod.kubectl(['get', 'pods', '-A', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as { items: { metadata: { name: string; namespace: string } }[] };
  assert.equal(list.items.length, prod.state.count('pods'));
  assert.ok(list.items.some((p) => p.metadata.namespace === 'kube-system' && p.metadata.name === 'etcd-prod-master'));
  const table = await prod.kubectl(['get', 'pods', '-n', 'demo']);
  assert.match(table.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
  assert.match(table.stdout, /redis-0\s+1\/1\s+Running\s+0/);
});

test('kubectl get pods --watch sees a change arrive', async () => {
  const child = prod.spawnKubectl(['get', 'pods', '-n', 'demo', '--watch']);
  const io = collect(child);
  try {
    await waitFor(() => io.out().includes('redis-0'), { message: 'the initial table', timeoutMs: 15_000 });
    prod.state.setPodStatus('demo', 'redis-0', 'CrashLoopBackOff', { restarts: 4 });
    await waitFor(() => /redis-0\s+0\/1\s+CrashLoopBackOff\s+4/.test(io.out()), { message: 'the CrashLoopBackOff row', timeoutMs: 10_000 });
    // headers once, the watch row after the initial rows
    assert.equal(io.out().match(/^NAME/gm)?.length, 1);
  } finally {
    child.kill();
    prod.state.setPodStatus('demo', 'redis-0', 'Running', { restarts: 4 });
  }
});

test('kubectl logs -f sees new lines arrive, and --previous after a restart', async () => {
  const pod = prod.state.list('pods', 'demo').find((p) => p.metadata.name.startsWith('httpbin-v1'));
  assert.ok(pod);
  const name = pod.metadata.name;
  const child = prod.spawnKubectl(['logs', '-f', '-n', 'demo', name, '--tail', '1']);
  const io = collect(child);
  try {
    await waitFor(() => io.out().includes('Booting worker') || io.out().includes('Listening'), {
      message: 'the tail line',
      timeoutMs: 15_000,
    });
    prod.state.appendLog('demo', name, undefined, 'GET /status/418 418 from the test');
    await waitFor(() => io.out().includes('GET /status/418 418 from the test'), { message: 'the followed line', timeoutMs: 10_000 });
    assert.equal(io.out().trim().split('\n').length, 2);
  } finally {
    child.kill();
  }
  const noPrev = await prod.kubectl(['logs', '-n', 'demo', name, '--previous']);
  assert.notEqual(noPrev.code, 0);
  assert.match(noPrev.stderr, /previous terminated container "httpbin" in pod .* not found/);
  prod.state.restartPod('demo', name);
  prod.state.appendLog('demo', name, undefined, 'after restart');
  const prev = await prod.kubectl(['logs', '-n', 'demo', name, '--previous', '--timestamps']);
  assert.equal(prev.code, 0, prev.stderr);
  assert.match(prev.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z .*GET \/status\/418/m);
  const cur = await prod.kubectl(['logs', '-n', 'demo', name]);
  assert.equal(cur.stdout, 'after restart\n');
});

test('kubectl cordon / uncordon change spec.unschedulable', async () => {
  const c = await prod.kubectl(['cordon', 'prod-worker2']);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(prod.state.get('nodes', undefined, 'prod-worker2')?.spec.unschedulable, true);
  const table = await prod.kubectl(['get', 'node', 'prod-worker2']);
  assert.match(table.stdout, /Ready,SchedulingDisabled/);
  const u = await prod.kubectl(['uncordon', 'prod-worker2']);
  assert.equal(u.code, 0, u.stderr);
  assert.equal(prod.state.get('nodes', undefined, 'prod-worker2')?.spec.unschedulable, undefined);
});

test('kubectl drain skips DaemonSet pods and waits for a PDB that blocks, then allows', async () => {
  const { state } = prod;
  // web: one pod on worker1, two on worker2; the PDB wants all three → eviction refused.
  for (const [i, node] of ['prod-worker1', 'prod-worker2', 'prod-worker2'].entries()) {
    state.addPod({
      namespace: 'demo',
      name: `web-6b7f9d8c4-w${i}`,
      nodeName: node,
      labels: { app: 'web' },
      containers: [{ name: 'web', image: 'nginx:1.27' }],
      owner: { kind: 'ReplicaSet', name: 'web-6b7f9d8c4' },
    });
  }
  state.addPdb('demo', 'web-pdb', { app: 'web' }, { minAvailable: 3 });
  const child = prod.spawnKubectl(['drain', 'prod-worker1', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=45s']);
  const io = collect(child);
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await waitFor(() => io.err().includes('pods/"web-6b7f9d8c4-w0"') && io.err().includes('disruption budget'), {
    message: 'the PDB refusal',
    timeoutMs: 20_000,
  });
  assert.ok(state.get('pods', 'demo', 'web-6b7f9d8c4-w0'), 'the blocked pod is still there');
  state.setPdbBudget('demo', 'web-pdb', { minAvailable: 2 });
  const code = await exit;
  assert.equal(code, 0, io.err());
  assert.match(io.out(), /node\/prod-worker1 drained/);
  assert.match(io.err(), /Warning: ignoring DaemonSet-managed Pods: .*kube-system\/cilium-/);
  const left = state.list('pods').filter((p) => p.spec.nodeName === 'prod-worker1');
  assert.ok(
    left.length > 0 && left.every((p) => p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet'),
    `only DaemonSet pods remain: ${left.map((p) => p.metadata.name).join(', ')}`,
  );
  assert.equal(state.get('nodes', undefined, 'prod-worker1')?.spec.unschedulable, true);
});
