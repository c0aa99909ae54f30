// Kubeconfigs read as kubectl reads them, against the simulated API server (which checks the
// CA, the client certificate and the bearer token for real): embedded data, files relative to the
// kubeconfig, a token file that rotates, an exec plugin (through client-node), and the errors
// that name the field at fault. kubectl reads the same files, so each one is checked with it too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { KUBECTL, requireKubectl, startSimCluster, type SimCluster } from './helpers.js';
import { KubeClusterClient, KubeError } from '../../src/services/kube/index.js';
import { readKubeconfig } from '../../src/services/kube/kubeconfig.js';

requireKubectl();
const execFileAsync = promisify(execFile);
let sim: SimCluster;
let dir: string;
before(async () => {
  sim = await startSimCluster('dev');
  dir = mkdtempSync(join(tmpdir(), 'k8slab-kubeconfig-'));
});
after(async () => {
  await sim?.close();
});

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function write(
  name: string,
  user: Record<string, unknown>,
  cluster: Record<string, unknown> = { 'certificate-authority-data': b64(sim.server.certs.caCert) },
): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'dev', cluster: { server: sim.server.url, ...cluster } }],
      users: [{ name: 'me', user }],
      contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'me' } }],
      'current-context': 'dev',
    }),
    { mode: 0o600 },
  );
  return path;
}

async function serverVersion(path: string): Promise<string> {
  const client = await KubeClusterClient.fromKubeconfig(path, { cluster: 'dev', timeoutMs: 5000 });
  try {
    return (await client.version()).gitVersion;
  } finally {
    client.close();
  }
}

// Asynchronous: the simulated server lives in this process and must keep answering.
const kubectlNodes = async (path: string): Promise<string> =>
  (
    await execFileAsync(KUBECTL, ['--kubeconfig', path, '--cache-dir', join(dir, 'cache'), 'get', 'nodes', '-o', 'name'], {
      encoding: 'utf8',
      timeout: 20_000,
    })
  ).stdout;

test('client certificate and CA from files relative to the kubeconfig', async () => {
  writeFileSync(join(dir, 'ca.crt'), sim.server.certs.caCert);
  writeFileSync(join(dir, 'client.crt'), sim.server.certs.clientCert);
  writeFileSync(join(dir, 'client.key'), sim.server.certs.clientKey);
  const path = write(
    'files.yaml',
    { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
    { 'certificate-authority': 'ca.crt' },
  );
  const resolved = await readKubeconfig(path);
  assert.equal(resolved.auth.kind, 'none');
  assert.ok(resolved.tls.cert && resolved.tls.key && resolved.tls.ca);
  assert.match(await serverVersion(path), /^v1\./);
  assert.match(await kubectlNodes(path), /node\/dev-master/);
});

test('embedded client certificate data', async () => {
  const path = write('embedded.yaml', {
    'client-certificate-data': b64(sim.server.certs.clientCert),
    'client-key-data': b64(sim.server.certs.clientKey),
  });
  assert.match(await serverVersion(path), /^v1\./);
});

test('a token file is read at every request (a rotated token is used at once)', async () => {
  const tokenPath = join(dir, 'token');
  writeFileSync(tokenPath, 'wrong-token\n');
  const path = write('tokenfile.yaml', { tokenFile: 'token' });
  const client = await KubeClusterClient.fromKubeconfig(path, { cluster: 'dev', timeoutMs: 5000 });
  try {
    await assert.rejects(client.version(), (err: unknown) => err instanceof KubeError && err.status === 401);
    writeFileSync(tokenPath, `${sim.server.certs.token}\n`);
    assert.match((await client.version()).gitVersion, /^v1\./);
  } finally {
    client.close();
  }
});

test('an exec credential plugin runs through client-node and its token is sent', async () => {
  const plugin = join(dir, 'plugin.mjs');
  writeFileSync(
    plugin,
    `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(sim.server.certs.token)} } }));\n`,
  );
  chmodSync(plugin, 0o700);
  const path = write('exec.yaml', {
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' },
  });
  assert.equal((await readKubeconfig(path)).auth.kind, 'plugin');
  assert.match(await serverVersion(path), /^v1\./);
  assert.match(await kubectlNodes(path), /node\/dev-master/);
});

test('a wrong CA is refused by TLS, not ignored', async () => {
  const path = write(
    'wrong-ca.yaml',
    { token: sim.server.certs.token },
    { 'certificate-authority-data': b64(sim.server.certs.clientCert) },
  );
  await assert.rejects(serverVersion(path), (err: unknown) => err instanceof KubeError && err.kind === 'network');
});

test('unusable kubeconfigs are config errors naming the field', async () => {
  const cases: [string, string, RegExp][] = [
    ['no-context.yaml', stringify({ clusters: [], users: [], contexts: [] }), /current-context: not set/],
    ['bad-context.yaml', stringify({ contexts: [], 'current-context': 'nope' }), /contexts: no context named "nope"/],
    [
      'no-user.yaml',
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        contexts: [{ name: 'x', context: { cluster: 'c' } }],
        'current-context': 'x',
      }),
      /contexts\.x\.user: the context has no user/,
    ],
    [
      'http.yaml',
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'http://127.0.0.1:1' } }],
        users: [{ name: 'u', user: {} }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
      /clusters\.c\.server: only https servers are supported, got http:\/\/127\.0\.0\.1:1/,
    ],
    [
      'missing-file.yaml',
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': 'nowhere.crt' } }],
        users: [{ name: 'u', user: {} }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
      /clusters\.c\.certificate-authority: cannot read .*nowhere\.crt \(ENOENT\)/,
    ],
    ['shape.yaml', stringify({ clusters: [{ name: 'c', cluster: { server: 42 } }] }), /clusters\.0\.cluster\.server/],
    ['not-yaml.yaml', 'clusters: [unclosed', /not YAML/],
  ];
  for (const [name, text, message] of cases) {
    const path = join(dir, name);
    writeFileSync(path, text);
    await assert.rejects(
      KubeClusterClient.fromKubeconfig(path, { cluster: 'dev' }),
      (err: unknown) => err instanceof KubeError && err.kind === 'config' && message.test(err.message),
      name,
    );
  }
  await assert.rejects(
    KubeClusterClient.fromKubeconfig(join(dir, 'absent.yaml'), { cluster: 'dev' }),
    (err: unknown) => err instanceof KubeError && /cannot read it: ENOENT/.test(err.message),
  );
});
