// The demo's per-VM SSH server through the real pool: metrics in the real format, a pty shell,
// the kubelet journal stream, sudo, extra handlers, and a stopped VM refusing connections.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { NodeMetricsSampler, collectNodeMetrics } from '../../src/services/metrics/index.js';
import { SshConnectionRefusedError, SshPool } from '../../src/services/ssh/index.js';
import { SimSshServer } from '../../src/sim/ssh/index.js';
import { generateEd25519KeyPair } from '../../src/services/ssh/keygen.js';
import { waitFor as waitUntil } from '../helpers/wait.js';

describe('simulated VM sshd', () => {
  let dir: string;
  let server: SimSshServer;
  let pool: SshPool;
  const password = 'admin-sim-pw';
  const vm = { name: 'platform-master', role: 'master' as const, cpu: 3, memoryMb: 4096, diskGb: 20 };
  const clientKey = generateEd25519KeyPair('test');

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-simssh-'));
    server = new SimSshServer({
      vm,
      hostKeyDir: path.join(dir, 'keys'),
      auth: { username: 'admin', password, authorizedKeys: [clientKey.public] },
      sudo: 'password',
      journalIntervalMs: 50,
    });
    await server.start();
    pool = new SshPool({
      auth: { username: 'admin', password },
      knownHostsFile: path.join(dir, 'known_hosts'),
      reconnect: { maxAttempts: 1 },
    });
  });
  after(async () => {
    pool?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the metrics command in the real format, with CPU moving between samples', async () => {
    const sampler = new NodeMetricsSampler();
    const first = await collectNodeMetrics(pool, server.address, sampler);
    assert.deepEqual(first.problems, []);
    assert.equal(first.cpuPercent, null);
    assert.equal(first.cpuCount, 3);
    assert.equal(first.memory?.totalKb, Math.round(4096 * 1024 * 0.965));
    assert.ok((first.disk?.totalKb ?? 0) > 18 * 1024 * 1024);
    assert.ok((first.load?.one ?? 0) > 0);
    assert.equal(first.kernel, '6.8.0-51-generic');
    assert.deepEqual(first.services, { containerd: 'active', kubelet: 'active' });
    assert.ok(first.ports.listeners.some((l) => l.port === 6443 && l.process === 'kube-apiserver'));
    await new Promise((r) => setTimeout(r, 250));
    const second = await collectNodeMetrics(pool, server.address, sampler);
    assert.ok(second.cpuPercent !== null && second.cpuPercent > 0 && second.cpuPercent < 100, `cpu ${second.cpuPercent}`);
    assert.ok((second.uptimeSeconds ?? 0) > (first.uptimeSeconds ?? 0));
    assert.equal(sampler.history(vm.name).length, 2);
  });

  it('accepts public-key auth too, and rejects a wrong password', async () => {
    const keyPool = new SshPool({
      auth: { username: 'admin', privateKey: clientKey.private },
      knownHostsFile: path.join(dir, 'known_hosts'),
    });
    const badPool = new SshPool({ auth: { username: 'admin', password: 'nope' }, knownHostsFile: path.join(dir, 'known_hosts') });
    try {
      assert.equal((await keyPool.exec(server.address, 'hostname')).stdout, 'platform-master\n');
      await assert.rejects(badPool.exec(server.address, 'hostname'), { name: 'SshAuthError' });
    } finally {
      keyPool.close();
      badPool.close();
    }
  });

  it('handles sudo (password on stdin) and extra handlers registered later', async () => {
    const seen: Array<{ command: string; sudo: boolean; input: string }> = [];
    const off = server.handle(/^kubeadm /, async (command, ctx) => {
      let input = '';
      for await (const chunk of ctx.stdin) input += String(chunk);
      seen.push({ command, sudo: ctx.sudo, input });
      return { stdout: 'ok\n' };
    });
    const r = await pool.exec(server.address, "kubeadm init --node-name 'platform-master'", { sudo: true, input: 'config\n' });
    off();
    assert.equal(r.stdout, 'ok\n');
    assert.deepEqual(seen, [{ command: "kubeadm init --node-name 'platform-master'", sudo: true, input: 'config\n' }]);
    assert.equal((await pool.exec(server.address, 'id -u', { sudo: true })).stdout, '0\n');
    assert.equal((await pool.exec(server.address, 'kubeadm version')).code, 127);
  });

  it('streams the kubelet journal until aborted', async () => {
    const ac = new AbortController();
    const lines: string[] = [];
    for await (const { line } of pool.stream(server.address, 'journalctl -u kubelet -n 3 -f', { signal: ac.signal })) {
      lines.push(line);
      if (lines.length === 6) ac.abort();
    }
    assert.equal(lines.length, 6);
    for (const line of lines) assert.match(line, /^\w{3} \d{2} \d{2}:\d{2}:\d{2} platform-master kubelet\[\d+\]: I\d{4} /);
  });

  it('gives a pty shell with hostname, uptime and exit', async () => {
    const stdin = new PassThrough();
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString('utf8')));
    const done = pool.shell(server.address, { stdin, stdout: out, columns: 80, rows: 24 });
    const waitFor = (re: RegExp): Promise<boolean> =>
      waitUntil(() => re.test(text), { timeoutMs: 2000, message: () => `${re} in ${JSON.stringify(text)}` });
    await waitFor(/admin@platform-master:~\$ $/);
    stdin.write('hostname\r');
    await waitFor(/\r\nplatform-master\r\n/);
    stdin.write('uptime\r');
    await waitFor(/up .*load average: \d+\.\d\d, /);
    stdin.write('exit 3\r');
    assert.deepEqual(await done, { code: 3, signal: null });
  });

  it('refuses connections while the VM is stopped, and keeps its host key across restarts', async () => {
    await server.stop();
    await assert.rejects(pool.exec(server.address, 'hostname', { timeoutMs: 5000 }), SshConnectionRefusedError);
    // A new server object for the same VM (demo restart) reads the same host key: pinning holds.
    server = new SimSshServer({ vm, hostKeyDir: path.join(dir, 'keys'), auth: { username: 'admin', password }, port: server.address.port });
    await server.start();
    assert.equal((await pool.exec(server.address, 'hostname', { timeoutMs: 5000 })).stdout, 'platform-master\n');
  });
});
