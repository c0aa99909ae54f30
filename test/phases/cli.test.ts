// The phase subcommands as a user runs them: exit codes, the recap line, `--json` events, the
// destroy confirmation, Ctrl-C (SIGINT) cancelling cleanly with no process left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI } from '../helpers/cli.js';

const ENV = { ...process.env, K8SLAB_DEMO_MS_PER_MINUTE: '60', NODE_NO_WARNINGS: '1' };

/** The built bin, as a user runs it (`npm test` builds first). */
function cli(args: string[], timeout = 60_000): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: ENV, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('destroy refuses without the typed lab name (exit 2, nothing started)', () => {
  const none = cli(['destroy', '--demo']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--yes k8slab/);
  const wrong = cli(['destroy', '--demo', '--yes', 'k8s-lab']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /does not match the lab's name "k8slab"; nothing was destroyed/);
  assert.doesNotMatch(wrong.stderr, /^\s+at /m, 'no stack trace');
});

test('--from out of range or on the wrong command is bad input (exit 2)', () => {
  assert.equal(cli(['install', '--from', '13']).code, 2);
  const boot = cli(['boot', '--demo', '--from', '2']);
  assert.equal(boot.code, 2);
  assert.match(boot.stderr, /--from applies to install only/);
});

test('install --demo --json on a finished lab: one event per line, changed=0, exit 0', () => {
  const r = cli(['install', '--demo', '--json'], 120_000);
  assert.equal(r.code, 0, r.stderr);
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; recap?: { total: { changed: number; ok: number; failed: number } } });
  assert.equal(events[0]?.type, 'job-start');
  const end = events[events.length - 1];
  assert.equal(end?.type, 'job-end');
  assert.equal(end?.recap?.total.changed, 0);
  assert.equal(end?.recap?.total.failed, 0);
  assert.ok((end?.recap?.total.ok ?? 0) > 100);
});

test('status --demo prints VM → node → pod', () => {
  const text = cli(['status', '--demo']);
  assert.ok(text.code === 0 || text.code === 1, text.stderr);
  assert.match(text.stdout, /^platform: API up/m);
  assert.match(text.stdout, /platform-worker1 +worker +vm running .* node Ready/);
});

test('Ctrl-C cancels an install cleanly: exit 130, the recap, no process left behind', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-cancel-'));
  try {
    const child = spawn(process.execPath, [CLI, 'install', '--demo-dir', dir], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.resume();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no phase 3 within 90 s:\n${out}`)), 90_000);
      const onData = (): void => {
        if (out.includes('== phase 3 ')) {
          clearTimeout(t);
          child.stdout.off('data', onData);
          resolve();
        }
      };
      child.stdout.on('data', onData);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 130, out);
    assert.match(out, /RECAP/);
    assert.match(out, /total +: changed=\d+ ok=\d+ failed=0 skipped=0 cancelled=\d+/);
    await new Promise((r) => setTimeout(r, 500));
    const left = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(dir));
    assert.deepEqual(left, [], 'no tart stand-in or helper outlives the command');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
