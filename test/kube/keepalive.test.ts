// Keep-alive reuse: a server's idle timeout can close a connection at the very moment the client
// sends its next request on it. The client answers a GET from a fresh connection (the server
// never saw the first try); anything that changes state is not sent twice, the error shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimCluster, type SimCluster } from './helpers.js';
import { KubeClusterClient, KubeError } from '../../src/services/kube/index.js';

let sim: SimCluster;
let client: KubeClusterClient;

before(async () => {
  sim = await startSimCluster('dev');
  client = await KubeClusterClient.fromKubeconfig(sim.server.kubeconfigPath, { cluster: 'dev', timeoutMs: 5_000 });
});
after(async () => {
  client?.close();
  await sim?.close();
});

test('a GET met with a reset on a reused connection is sent again and answered', async () => {
  await client.version(); // opens the connection the next request reuses
  const before = sim.server.stats.requests;
  sim.server.resetReusedConnections(1);
  const version = await client.version();
  assert.match(version.gitVersion, /^v1\./);
  assert.equal(sim.server.stats.requests - before, 2, 'the reset try and the answered one');
});

test('a log request met with a reset on a reused connection still streams the log', async () => {
  await client.version();
  const pod = sim.state.list('pods', 'demo')[0]!;
  sim.server.resetReusedConnections(1);
  const lines: string[] = [];
  for await (const line of client.logs(pod.metadata.namespace!, pod.metadata.name, {
    tailLines: 5,
    container: pod.spec!.containers[0]!.name,
  }))
    lines.push(line);
  assert.ok(lines.length > 0, 'log lines arrived');
});

test('a PATCH (cordon) met with a reset is not sent twice: the error names the request', async () => {
  await client.version();
  const node = sim.state.list('nodes')[1]!;
  const before = sim.server.stats.requests;
  sim.server.resetReusedConnections(1);
  await assert.rejects(
    client.cordon(node.metadata.name),
    (err: unknown) => err instanceof KubeError && err.kind === 'network' && /PATCH \/api\/v1\/nodes\//.test(err.message),
  );
  assert.equal(sim.server.stats.requests - before, 1, 'sent once');
  assert.notEqual(sim.state.list('nodes')[1]!.spec?.unschedulable, true, 'nothing changed');
});
