// Host-key pinning and reconnects against the real sshd: a regenerated host key is refused with
// both fingerprints; a killed and restarted sshd loses running work (typed) but not queued work.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  SshConnectionLostError,
  SshConnectionRefusedError,
  SshHostKeyMismatchError,
  SshPool,
  type ConnectionStateEvent,
} from '../../src/services/ssh/index.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';

describe('SshPool resilience against OpenSSH', () => {
  let sshd: TestSshd;
  let knownHosts: string;
  const pools: SshPool[] = [];
  const newPool = (reconnect = { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 30 }): SshPool => {
    const pool = new SshPool({
      auth: { username: sshd.user, privateKey: sshd.privateKey },
      knownHostsFile: knownHosts,
      reconnect,
      ...(process.env.SSH_DEBUG ? { log: (e) => console.error(Date.now() % 100000, e.level, e.node, e.message) } : {}),
    });
    if (process.env.SSH_DEBUG)
      pool.on('state', (e) => console.error(Date.now() % 100000, 'state', e.node, e.state, e.error?.message ?? ''));
    pools.push(pool);
    return pool;
  };

  before(async () => {
    sshd = await startSshd();
    knownHosts = path.join(sshd.dir, 'state', 'known_hosts');
  });
  after(async () => {
    for (const p of pools) p.close();
    await sshd?.dispose();
  });

  it('reconnects after sshd is killed and restarted; queued work completes', async () => {
    const pool = newPool();
    const states: ConnectionStateEvent[] = [];
    pool.on('state', (e) => states.push(e));
    const target = sshd.target('node-a');
    assert.equal((await pool.exec(target, 'echo up')).stdout, 'up\n');

    const running = pool.exec(target, 'sleep 10', { timeoutMs: 15_000 });
    running.catch(() => undefined); // it rejects during stop(), before assert.rejects is attached
    await new Promise((r) => setTimeout(r, 200));
    await sshd.stop();
    await assert.rejects(running, SshConnectionLostError);

    // Issued while sshd is down: waits through refused connects with backoff.
    const queued = pool.exec(target, 'echo back', { timeoutMs: 15_000 });
    queued.catch(() => undefined); // awaited below; this only keeps an early failure readable
    await new Promise((r) => setTimeout(r, 700));
    assert.ok(states.some((s) => s.state === 'backoff' && s.error instanceof SshConnectionRefusedError));
    await sshd.start();
    assert.equal((await queued).stdout, 'back\n');
    assert.equal(pool.state(target), 'ready');
  });

  it('gives up after maxAttempts with a typed connection-refused error', async () => {
    const pool = newPool({ initialDelayMs: 50, maxDelayMs: 100, maxAttempts: 3 });
    await sshd.stop();
    try {
      await assert.rejects(pool.exec(sshd.target('node-b'), 'true', { timeoutMs: 10_000 }), (err: unknown) => {
        assert.ok(err instanceof SshConnectionRefusedError);
        assert.equal(err.attempts, 3);
        assert.match(err.message, /node-b: connection refused by 127\.0\.0\.1:\d+ \(3 attempts\)/);
        return true;
      });
    } finally {
      await sshd.start();
    }
  });

  it('refuses a changed host key, naming the node and both fingerprints', async () => {
    const target = sshd.target('node-c');
    const first = newPool();
    await first.exec(target, 'true');
    first.close();
    const pinned = sshd.hostKeyFingerprint();
    const before = readFileSync(knownHosts, 'utf8');

    await sshd.stop();
    await sshd.start({ newHostKey: true });
    const presented = sshd.hostKeyFingerprint();
    assert.notEqual(presented, pinned);

    const second = newPool();
    await assert.rejects(second.exec(target, 'true', { timeoutMs: 10_000 }), (err: unknown) => {
      assert.ok(err instanceof SshHostKeyMismatchError);
      assert.equal(err.node, 'node-c');
      assert.equal(err.expectedFingerprint, pinned);
      assert.equal(err.actualFingerprint, presented);
      assert.ok(err.message.includes('node-c') && err.message.includes(pinned) && err.message.includes(presented));
      return true;
    });
    // Nothing was re-pinned.
    assert.equal(readFileSync(knownHosts, 'utf8'), before);
  });
});
