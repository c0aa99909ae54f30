// The pool against the real OpenSSH sshd: exec, exit codes, stderr, timeout, abort, streaming,
// the channel cap, sudo wrapping, and that a password never shows up in errors or logs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  SshAbortedError,
  SshAuthError,
  SshCommandError,
  SshPool,
  SshTimeoutError,
  type SshLogEntry,
  type StreamLine,
} from '../../src/services/ssh/index.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { waitFor } from '../helpers/wait.js';

describe('SshPool against OpenSSH', () => {
  let sshd: TestSshd;
  let pool: SshPool;
  const logs: SshLogEntry[] = [];

  before(async () => {
    sshd = await startSshd();
    pool = new SshPool({
      auth: { username: sshd.user, privateKeyPath: sshd.privateKeyPath },
      knownHostsFile: path.join(sshd.dir, 'known_hosts'),
      maxChannelsPerConnection: 3,
      log: (e) => logs.push(e),
    });
  });
  after(async () => {
    pool?.close();
    await sshd?.dispose();
  });

  it('runs a command and returns stdout, stderr and the exit code', async () => {
    const r = await pool.exec(sshd.target(), 'echo out; echo err >&2; exit 3');
    assert.deepEqual(r, { code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
    const ok = await pool.exec(sshd.target(), 'id -un');
    assert.equal(ok.code, 0);
    assert.equal(ok.stdout.trim(), sshd.user);
  });

  it('pins the host key on first use in OpenSSH known_hosts format', () => {
    const file = path.join(sshd.dir, 'known_hosts');
    const text = readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 AAAA[A-Za-z0-9+/=]+\\n$`));
    // OpenSSH's own tooling finds it under the same name.
    const found = spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', file], { encoding: 'utf8' });
    assert.equal(found.status, 0, found.stderr);
  });

  it('reuses one connection', async () => {
    const before = (readFileSync(sshd.logFile, 'utf8').match(/Accepted publickey/g) ?? []).length;
    for (let i = 0; i < 3; i++) await pool.exec(sshd.target(), 'true');
    const afterCount = (readFileSync(sshd.logFile, 'utf8').match(/Accepted publickey/g) ?? []).length;
    assert.equal(afterCount, before);
    assert.equal(pool.state(sshd.target()), 'ready');
  });

  it('passes stdin input and quotes arguments', async () => {
    const r = await pool.exec(sshd.target(), 'cat', { input: "it's $HOME `x`\n" });
    assert.equal(r.stdout, "it's $HOME `x`\n");
    const { shellQuote } = await import('../../src/util/shell-quote.js');
    const tricky = `a'b "c" $(touch /tmp/pwned) ; echo`;
    const echoed = await pool.exec(sshd.target(), `printf '%s' ${shellQuote(tricky)}`);
    assert.equal(echoed.stdout, tricky);
  });

  it('times out a command with a typed error and frees its channel', async () => {
    const started = Date.now();
    await assert.rejects(pool.exec(sshd.target(), 'sleep 5', { timeoutMs: 300 }), (err: unknown) => {
      assert.ok(err instanceof SshTimeoutError);
      assert.equal(err.phase, 'exec');
      assert.equal(err.node, 'sshd-test');
      return true;
    });
    assert.ok(Date.now() - started < 2000);
    assert.equal((await pool.exec(sshd.target(), 'echo still')).stdout, 'still\n');
    // the remote side closes a killed channel in its own time
    await waitFor(() => pool.load(sshd.target()).open === 0, { timeoutMs: 3000, message: 'the timed-out channel to be released' });
  });

  it('aborts a running command', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(pool.exec(sshd.target(), 'sleep 5', { signal: ac.signal }), SshAbortedError);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(pool.exec(sshd.target(), 'true', { signal: pre.signal }), SshAbortedError);
  });

  it('execChecked throws SshCommandError on a non-zero exit', async () => {
    await assert.rejects(pool.execChecked(sshd.target(), 'echo boom >&2; exit 4'), (err: unknown) => {
      assert.ok(err instanceof SshCommandError);
      assert.equal(err.exitCode, 4);
      assert.match(err.message, /exited with 4: boom/);
      return true;
    });
  });

  it('streams lines as they come, until the command exits', async () => {
    const got: Array<{ line: StreamLine; at: number }> = [];
    const gen = pool.stream(sshd.target(), 'for i in 1 2 3; do echo $i; sleep 0.2; done; echo warn >&2');
    for await (const line of gen) got.push({ line, at: Date.now() });
    assert.deepEqual(
      got.map((g) => g.line),
      [
        { stream: 'stdout', line: '1' },
        { stream: 'stdout', line: '2' },
        { stream: 'stdout', line: '3' },
        { stream: 'stderr', line: 'warn' },
      ],
    );
    // Lines arrive spread out, not all at the end.
    assert.ok((got[2]?.at ?? 0) - (got[0]?.at ?? 0) >= 250);
  });

  it('stops a follow-style stream on abort and returns quietly', async () => {
    const ac = new AbortController();
    const lines: string[] = [];
    for await (const { line } of pool.stream(sshd.target(), 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done', {
      signal: ac.signal,
    })) {
      lines.push(line);
      if (lines.length === 3) ac.abort();
    }
    assert.deepEqual(lines, ['tick 1', 'tick 2', 'tick 3']);
    // Breaking out of the loop also releases the channel.
    for await (const _ of pool.stream(sshd.target(), 'while true; do echo x; sleep 0.1; done')) break;
    await waitFor(() => pool.load(sshd.target()).open === 0, { timeoutMs: 3000, message: 'the stream channel to be released' });
  });

  it('queues execs beyond the channel cap and runs them all', async () => {
    let maxOpen = 0;
    let maxQueued = 0;
    const probe = setInterval(() => {
      const l = pool.load(sshd.target());
      maxOpen = Math.max(maxOpen, l.open);
      maxQueued = Math.max(maxQueued, l.queued);
    }, 5);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.exec(sshd.target(), `sleep 0.2; echo ${i}`)));
    clearInterval(probe);
    assert.deepEqual(
      results.map((r) => r.stdout.trim()),
      ['0', '1', '2', '3', '4', '5', '6', '7'],
    );
    assert.ok(maxOpen <= 3, `at most 3 channels open, saw ${maxOpen}`);
    assert.ok(maxQueued >= 1, 'some calls waited in the queue');
  });

  it('wraps sudo without ever putting the password in the command or the output', async () => {
    const secret = 'Sup3r-Secret-pw';
    const sudoPool = new SshPool({
      auth: { username: sshd.user, privateKeyPath: sshd.privateKeyPath, password: secret },
      knownHostsFile: path.join(sshd.dir, 'known_hosts'),
    });
    try {
      // sudo is not installed here: the wrapper runs and fails, and the password stays out of sight.
      const r = await sudoPool.exec(sshd.target(), 'id -u', { sudo: true });
      assert.notEqual(r.code, 0);
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
    } finally {
      sudoPool.close();
    }
  });

  it('reports a failed login with a typed error that never contains the password', async () => {
    const secret = 'Hunter2-never-print-me';
    const seen: SshLogEntry[] = [];
    const badPool = new SshPool({
      auth: { username: sshd.user, password: secret },
      knownHostsFile: path.join(sshd.dir, 'known_hosts'),
      log: (e) => seen.push(e),
    });
    try {
      await assert.rejects(badPool.exec(sshd.target(), 'true', { timeoutMs: 10_000 }), (err: unknown) => {
        assert.ok(err instanceof SshAuthError);
        assert.match(err.message, /authentication failed for user k8slabtest \(tried: password\)/);
        const everything = `${err.message} ${String(err.stack)} ${JSON.stringify(err)} ${String(err.cause)}`;
        assert.ok(!everything.includes(secret));
        return true;
      });
      assert.ok(seen.length > 0);
      assert.ok(!JSON.stringify(seen).includes(secret));
      assert.ok(!JSON.stringify(logs).includes(secret));
    } finally {
      badPool.close();
    }
  });
});
