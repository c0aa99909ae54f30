// The app's runtime (the same services and feeds a real lab uses) against the demo lab: the store
// fills from tart, SSH metrics, the four API servers, the Hubble relays and Alertmanager; logs
// stream; a silence lands; the lab lives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/load.js';
import { computeBudget, hostFromSpec } from '../../src/config/budget.js';
import { DemoLab } from '../../src/sim/lab/index.js';
import { endpointsFromFile } from '../../src/config/endpoints.js';
import { LabRuntime } from '../../src/runtime/lab-runtime.js';
import { createLabStore, type LabStore } from '../../src/store/store.js';
import { silentLogger } from '../../src/util/logger.js';
import { waitFor } from '../helpers/wait.js';
import { podsInScope, readyNodes } from '../../src/store/selectors.js';

const config = loadConfig('config/clusters.json');
let lab: DemoLab;
let runtime: LabRuntime;
let store: LabStore;

before(async () => {
  lab = await DemoLab.start({ config, dir: mkdtempSync(path.join(os.tmpdir(), 'k8slab-rt-')), flowRate: 20, lifeSpeed: 0.2 });
  store = createLabStore();
  store
    .getState()
    .setConfig(config, 'config/clusters.json', computeBudget(config, hostFromSpec({ cores: 16, memory_gb: 128 }, 'command line')));
  runtime = await LabRuntime.start({ store, config, endpoints: endpointsFromFile(lab.info), logger: silentLogger, intervalMs: 500 });
});

after(async () => {
  await runtime?.stop();
  await lab?.stop();
});

test('tart: every VM of the config is listed running with its lab address (never connected to)', async () => {
  const vms = await waitFor(
    () => {
      const v = Object.values(store.getState().vms);
      return v.length === 10 && v.every((x) => x.state === 'running' && /^192\.168\.64\.\d+$/.test(x.ip ?? '')) && v;
    },
    { message: '10 running VMs', timeoutMs: 20_000, intervalMs: 100 },
  );
  assert.equal(new Set(vms.map((v) => v.ip)).size, 10, 'one address per VM');
  assert.deepEqual(vms.map((v) => v.name).sort(), config.clusters.flatMap((c) => c.nodes.map((n) => n.name)).sort());
  assert.ok(store.getState().sources.tart?.lastSuccess);
});

test('SSH: every VM answers the metrics command through the pool; CPU % appears from the second sample', async () => {
  await waitFor(
    () => {
      const m = store.getState().nodeMetrics;
      return Object.keys(m).length === 10 && Object.values(m).every((x) => x.latest?.cpuPercent !== undefined) && m;
    },
    { message: 'metrics with CPU % for every VM', timeoutMs: 20_000, intervalMs: 100 },
  );
  const dev = store.getState().nodeMetrics['dev-master']!.latest!;
  assert.ok(dev.memTotalMb > 3000 && dev.memTotalMb <= 4096, `memTotal ${dev.memTotalMb}`);
  assert.equal(dev.kubelet, 'active');
  assert.ok(
    dev.ports.some((p) => p.port === 6443),
    'the master listens on 6443',
  );
  assert.ok(Object.values(store.getState().vms).every((v) => v.sshReachable === true));
});

test('kube: nodes Ready and pods of all four clusters arrive by watch; versions and usage too', async () => {
  await waitFor(
    () =>
      config.clusters.every(
        (c) => store.getState().clusters[c.name]?.synced && readyNodes(store.getState(), c.name).ready === c.nodes.length,
      ),
    { message: 'all clusters synced', timeoutMs: 20_000, intervalMs: 100 },
  );
  const pods = podsInScope(store.getState());
  assert.ok(pods.length > 60, `${pods.length} pods`);
  assert.ok(pods.some((p) => p.cluster === 'platform' && p.namespace === 'monitoring'));
  assert.ok(pods.some((p) => p.cluster === 'dev' && p.namespace === 'istio-system'));
  await waitFor(() => config.clusters.every((c) => store.getState().clusters[c.name]?.version?.startsWith('v1.')), {
    message: 'versions',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  await waitFor(() => store.getState().clusters.dev?.nodeUsage?.['dev-master'], {
    message: 'dev usage from metrics.k8s.io',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  assert.equal(store.getState().clusters.platform?.nodeUsage, undefined, 'platform has no metrics-server');
  const cilium = store.getState().clusters.prod?.cilium;
  assert.deepEqual(cilium, { ready: 3, total: 3 });
  assert.equal(store.getState().clusters.prod?.hubble, 'ok');
});

test('hubble: with the flows view open, flows from every cluster stream in, some DROPPED by policy', async () => {
  store.getState().setView('flows');
  await waitFor(
    () => {
      const flows = store.getState().flows;
      return new Set(flows.map((f) => f.cluster)).size === 4 && flows.some((f) => f.verdict === 'DROPPED') && flows;
    },
    { message: 'flows from 4 clusters incl. a DROPPED one', timeoutMs: 20_000, intervalMs: 100 },
  );
});

test('hubble: away from the flows view nothing streams; back on it the flows of the pause come from the relay buffer, none twice', async () => {
  store.getState().setView('clusters');
  await sleep(1500); // the last batch lands
  const atPause = store.getState().flows.length;
  await sleep(3000);
  assert.equal(store.getState().flows.length, atPause, 'no flows while no one looks at them');
  const hubble = store.getState().sources['hubble:dev'];
  assert.ok(hubble && hubble.failures === 0, 'the relay is still checked (ServerStatus) while paused');
  assert.equal(hubble.expectEveryMs, 500 * 6, 'and judged against the slower cadence (the test polls every 500 ms)');
  store.getState().setView('flows');
  // The flows of the pause come from the relay's buffer at once.
  await waitFor(() => store.getState().flows.length > atPause + 20, {
    message: 'the flows of the pause',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  await sleep(1500);
  const ids = store.getState().flows.map((f) => f.uuid);
  assert.ok(
    ids.every((id) => typeof id === 'string' && id.length > 0),
    'every flow keeps its Hubble uuid',
  );
  assert.equal(new Set(ids).size, ids.length, 'no flow twice');
});

test('alertmanager: alerts arrive; a silence through the controller suppresses one', async () => {
  const watchdog = await waitFor(() => store.getState().alerts.find((a) => a.name === 'Watchdog'), {
    message: 'the Watchdog alert',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  assert.equal(watchdog.state, 'active');
  const id = await runtime.controller.silenceAlert({ labels: watchdog.labels, durationMinutes: 30, comment: 'test' });
  assert.match(id, /^[0-9a-f-]{36}$/);
  await waitFor(() => store.getState().alerts.find((a) => a.name === 'Watchdog' && a.state === 'suppressed'), {
    message: 'the Watchdog silenced',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
});

test('logs: a pod tail through the controller shows new lines arriving, and stops on abort', async () => {
  const pod = podsInScope(store.getState()).find((p) => p.cluster === 'prod' && p.name.startsWith('nginx-') && p.status === 'Running')!;
  const lines: string[] = [];
  const controller = new AbortController();
  const done = runtime.controller.tailPodLogs(
    { cluster: 'prod', namespace: pod.namespace, pod: pod.name },
    (l) => lines.push(...l),
    controller.signal,
  );
  lab.clusterState('prod')!.appendLog(pod.namespace, pod.name, undefined, 'MARKER-LINE-FROM-TEST');
  await waitFor(() => lines.some((l) => l.includes('MARKER-LINE-FROM-TEST')), {
    message: 'the new line',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  controller.abort();
  await done;
});

test('a VM powered off through tart: its node goes NotReady, SSH unreachable, an alert fires', async () => {
  await runtime.tart.stop('staging-worker1', { timeoutSec: 5 });
  await waitFor(() => store.getState().vms['staging-worker1']?.state === 'stopped', {
    message: 'staging-worker1 stopped',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  await waitFor(() => readyNodes(store.getState(), 'staging').ready === 1, {
    message: 'its node NotReady',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  await waitFor(() => store.getState().alerts.find((a) => a.name === 'KubeNodeNotReady' && a.labels.node === 'staging-worker1'), {
    message: 'KubeNodeNotReady',
    timeoutMs: 20_000,
    intervalMs: 100,
  });
});
