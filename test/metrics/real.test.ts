// The metrics command run over the pool against the real OpenSSH sshd, on this machine's real
// /proc, and parsed: every section present and consistent with what the machine says locally.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { NODE_METRICS_COMMAND, NodeMetricsSampler, collectNodeMetrics, parseNodeMetrics } from '../../src/services/metrics/index.js';
import type { SshPool } from '../../src/services/ssh/index.js';
import { poolFor, startSshd, type TestSshd } from '../helpers/sshd.js';

describe('node metrics through the real sshd', () => {
  let sshd: TestSshd;
  let pool: SshPool;
  before(async () => {
    sshd = await startSshd();
    pool = poolFor(sshd);
  });
  after(async () => {
    pool?.close();
    await sshd?.dispose();
  });

  it('parses real /proc output with every section', async () => {
    const raw = await pool.exec(sshd.target(), NODE_METRICS_COMMAND, { timeoutMs: 10_000 });
    assert.equal(raw.code, 0, raw.stderr);
    const m = parseNodeMetrics(raw.stdout);
    assert.deepEqual(m.problems, []);
    const memTotal = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    assert.equal(m.memory?.totalKb, memTotal);
    assert.ok((m.memory?.availableKb ?? -1) >= 0 && (m.memory?.usedPercent ?? -1) >= 0);
    assert.equal(m.kernel, os.release());
    assert.equal(m.cpuCount, Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()));
    assert.equal(m.disk?.mount, '/');
    assert.ok((m.disk?.totalKb ?? 0) > 0);
    assert.ok((m.uptimeSeconds ?? 0) > 0);
    assert.ok(m.load !== null && m.cpu !== null);
    // ss is on this image; the sshd under test listens on its port.
    assert.equal(m.ports.source, 'ss');
    assert.ok(
      m.ports.listeners.some((l) => l.port === sshd.port && l.address === '127.0.0.1'),
      JSON.stringify(m.ports),
    );
    // systemctl exists but there is no systemd here: "unknown", not an error.
    assert.ok(['unknown', 'active', 'inactive', 'failed'].includes(m.services.kubelet));
  });

  it('computes CPU % from the second sample on and keeps a bounded history', async () => {
    const sampler = new NodeMetricsSampler(3);
    const first = await collectNodeMetrics(pool, sshd.target(), sampler);
    assert.equal(first.cpuPercent, null);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const next = await collectNodeMetrics(pool, sshd.target(), sampler);
      assert.ok(next.cpuPercent !== null && next.cpuPercent >= 0 && next.cpuPercent <= 100);
    }
    const history = sampler.history('sshd-test');
    assert.equal(history.length, 3);
    assert.ok(history.every((p) => p.cpuPercent !== null && p.memoryPercent !== null));
  });
});
