// Lists are paged (limit + continue) both ways: the client's informer reads 1,300 pods in pages
// of 500 and then watches from the first page's resourceVersion; kubectl (which always sends
// limit=500) still gets every pod.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { requireKubectl, startSimCluster, type SimCluster } from './helpers.js';
import { waitFor } from '../helpers/wait.js';
import { KubeClusterClient, LIST_PAGE, type InformerEvent, type KubePod } from '../../src/services/kube/index.js';

requireKubectl();
let sim: SimCluster | undefined;
let client: KubeClusterClient | undefined;
after(async () => {
  client?.close();
  await sim?.close();
});

test('the informer syncs 1,300+ pods in pages and a change made meanwhile arrives by watch', async () => {
  sim = await startSimCluster('staging', { extraPods: 1300 });
  const total = sim.state.count('pods');
  assert.ok(total > 2 * LIST_PAGE, `${total} pods`);
  client = await KubeClusterClient.fromKubeconfig(sim.server.kubeconfigPath, { cluster: 'staging', timeoutMs: 10_000 });
  const events: InformerEvent<KubePod>[] = [];
  const informer = client.watchPods((e) => events.push(e));
  await informer.waitForSync();
  const sync = events.find((e) => e.type === 'sync');
  assert.ok(sync && sync.type === 'sync');
  assert.equal(sync.objects.length, total);
  assert.equal(new Set(sync.objects.map((p) => p.metadata.uid)).size, total, 'no pod twice across pages');
  assert.equal(sim.server.stats.lists.pods, Math.ceil(total / LIST_PAGE), 'one request per page');
  const pod = sim.state.list('pods', 'demo')[0]!;
  sim.state.setPodStatus(pod.metadata.namespace!, pod.metadata.name, 'CrashLoopBackOff', { restarts: 3 });
  await waitFor(() => events.some((e) => e.type === 'update' && e.object.metadata.name === pod.metadata.name), {
    timeoutMs: 5000,
    intervalMs: 50,
    message: 'the update event',
  });
  assert.ok(events.some((e) => e.type === 'update' && e.object.metadata.name === pod.metadata.name));
});

test('kubectl get pods -A -o json follows the continue tokens and gets every pod', async () => {
  assert.ok(sim);
  const r = await sim.kubectl(['get', 'pods', '-A', '-o', 'json'], 60_000);
  assert.equal(r.code, 0, r.stderr);
  const items = (JSON.parse(r.stdout) as { items: unknown[] }).items;
  assert.equal(items.length, sim.state.count('pods'));
});
