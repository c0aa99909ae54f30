// Initial sync of 4 simulated clusters × 5,000 extra pods: our service (one KubeClusterClient
// per cluster, pod informers started together, timed until all four have synced) against
// `kubectl get pods -A -o json` on the same four servers, run one cluster after another as a
// shell loop over kubeconfigs would. Loopback only. Run: npx tsx bench/kube-initial-sync.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { loadConfig } from '../src/config/load.js';
import { seedCluster, startKubeApiServer, type KubeApiServer, type SimClusterState } from '../src/sim/kube/index.js';
import { KubeClusterClient } from '../src/services/kube/index.js';

const PODS_PER_CLUSTER = Number(process.env.PODS ?? 5_000);
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;

function kubectlGetPods(kubeconfig: string, cacheDir: string): Promise<{ ms: number; items: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'get', 'pods', '-A', '-o', 'json'],
      { maxBuffer: 1 << 30 },
      (err, stdout) => {
        if (err) return reject(err);
        const items = (JSON.parse(stdout) as { items: unknown[] }).items.length;
        resolve({ ms: performance.now() - t, items });
      },
    );
  });
}

async function main(): Promise<void> {
  const config = loadConfig(join(import.meta.dirname, '../config/clusters.json'));
  const dir = mkdtempSync(join(tmpdir(), 'k8slab-bench-kube-'));
  const servers: KubeApiServer[] = [];
  const states: SimClusterState[] = [];
  try {
    const t0 = performance.now();
    for (const spec of config.clusters) {
      const { state } = seedCluster(spec, { extraPods: PODS_PER_CLUSTER, logLines: 1 });
      states.push(state);
      servers.push(await startKubeApiServer({ state, clusterName: spec.name, dir }));
    }
    const total = states.reduce((a, s) => a + s.count('pods'), 0);
    console.log(
      `seeded ${config.clusters.length} clusters, ${total} pods in ${(performance.now() - t0).toFixed(0)} ms (server side, same process)`,
    );

    // Warm-up: kubectl's discovery cache and dispatcher /version, so both sides measure a list.
    const cache = join(dir, 'kubectl-cache');
    for (const s of servers) await kubectlGetPods(s.kubeconfigPath, cache);

    const rssBefore = process.memoryUsage().rss;
    const tOurs = performance.now();
    const clients = await Promise.all(
      servers.map((s, i) =>
        KubeClusterClient.fromKubeconfig(s.kubeconfigPath, { cluster: config.clusters[i]?.name ?? `c${i}`, timeoutMs: 60_000 }),
      ),
    );
    const tImported = performance.now();
    let events = 0;
    const informers = clients.map((c) => c.watchPods(() => events++));
    await Promise.all(informers.map((i) => i.waitForSync()));
    const oursMs = performance.now() - tOurs;
    const synced = informers.reduce((a, i) => a + i.objects.size, 0);
    const rss = process.memoryUsage().rss;
    if (synced !== total) throw new Error(`synced ${synced} of ${total} pods`);

    const tK = performance.now();
    let kItems = 0;
    const per: string[] = [];
    for (const s of servers) {
      const r = await kubectlGetPods(s.kubeconfigPath, cache);
      kItems += r.items;
      per.push(r.ms.toFixed(0));
    }
    const kubectlMs = performance.now() - tK;
    if (kItems !== total) throw new Error(`kubectl listed ${kItems} of ${total} pods`);

    console.log(
      `ours:    ${oursMs.toFixed(0)} ms for all 4 clusters in parallel (incl. ${(tImported - tOurs).toFixed(0)} ms to import client-node and read kubeconfigs), ${synced} pods, ${events} sync events`,
    );
    console.log(
      `kubectl: ${kubectlMs.toFixed(0)} ms for 4 × \`get pods -A -o json\` one after another (${per.join(' + ')} ms), warm discovery cache`,
    );
    console.log(`ratio:   kubectl / ours = ${(kubectlMs / oursMs).toFixed(2)}×`);
    console.log(`RSS:     ${mb(rss)} after sync (${mb(rssBefore)} before the clients; this process also holds the 4 simulated servers)`);
    for (const c of clients) c.close();
  } finally {
    for (const s of states) s.close();
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
