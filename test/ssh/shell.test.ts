// An interactive pty shell through the pool, driven by streams as the TUI will drive it.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { SshPool } from '../../src/services/ssh/index.js';
import { poolFor, startSshd, type TestSshd } from '../helpers/sshd.js';
import { waitFor } from '../helpers/wait.js';

/** A fake terminal: a stream with columns/rows that emits 'resize' like a tty.WriteStream. */
class FakeTerminal extends PassThrough {
  text = '';
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
    this.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
    });
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  async waitFor(pattern: RegExp, timeoutMs = 5000): Promise<void> {
    await waitFor(() => pattern.test(this.text), { timeoutMs, message: () => `${pattern}; got ${JSON.stringify(this.text)}` });
  }
}

describe('SshPool.shell against OpenSSH', () => {
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

  it('runs a pty shell, follows resizes and resolves with the exit code', async () => {
    const stdin = new PassThrough();
    const term = new FakeTerminal(100, 30);
    const done = pool.shell(sshd.target(), { stdin, stdout: term });
    stdin.write('stty size; echo "mark-$((40+2))"\n');
    await term.waitFor(/30 100[\s\S]*mark-42/);
    term.resize(120, 40);
    await new Promise((r) => setTimeout(r, 100));
    stdin.write('stty size\n');
    await term.waitFor(/40 120/);
    stdin.write('exit 7\n');
    assert.deepEqual(await done, { code: 7, signal: null });
    // The caller's streams stay usable after the shell.
    assert.equal(stdin.listenerCount('data'), 0);
    assert.equal(term.writable, true);
  });

  it('aborting closes the shell', async () => {
    const ac = new AbortController();
    const term = new FakeTerminal(80, 24);
    const done = pool.shell(sshd.target(), { stdin: new PassThrough(), stdout: term, signal: ac.signal });
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    await assert.rejects(done, { name: 'SshAbortedError' });
  });
});
