// `validate --config X` on what is not a small UTF-8 file: an answer within seconds, exit 2, the
// message naming --config PATH and what is wrong, no stack trace; never a hang or a memory blow-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, hasStackTrace } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8slab-cfgfile-'));
const home = path.join(tmp, 'state');

/** The built bin with a short timeout: a regression (a read that never ends) fails, not hangs. */
function validate(config: string): { code: number | null; stderr: string; ms: number; timedOut: boolean } {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'validate', '--config', config], {
    env: { ...process.env, K8SLAB_HOME: home },
    encoding: 'utf8',
    timeout: 10_000,
    killSignal: 'SIGKILL',
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, stderr: r.stderr, ms: Date.now() - started, timedOut };
}

function assertRefused(config: string, message: RegExp): void {
  const r = validate(config);
  assert.ok(!r.timedOut, `validate --config ${config} did not answer within 10 s`);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`--config ${config}: 1 problem\n`), r.stderr);
  assert.match(r.stderr, message);
  assert.ok(!hasStackTrace(r.stderr), r.stderr);
  assert.ok(r.ms < 5_000, `took ${r.ms} ms`);
}

test('--config /dev/zero: not a regular file, exit 2, at once', () => {
  assertRefused('/dev/zero', /not a regular file: it is a character device/);
});

test('--config on a FIFO nobody writes to: not a regular file, exit 2, no hang', () => {
  const fifo = path.join(tmp, 'clusters.fifo');
  const made = spawnSync('mkfifo', [fifo]);
  assert.equal(made.status, 0, `mkfifo: ${String(made.stderr)}`);
  assertRefused(fifo, /not a regular file: it is a FIFO/);
});

test('--config on a directory: not a regular file, exit 2', () => {
  assertRefused(tmp, /not a regular file: it is a directory/);
});

test('--config on a 2 MB file: its size and the limit, exit 2', () => {
  const big = path.join(tmp, 'big.json');
  writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x20));
  assertRefused(big, /the config is 2\.0 MB \(2097152 bytes\); the limit is 1 MB \(1048576 bytes\)/);
});

test('--config on a file with invalid UTF-8: the byte offset, exit 2', () => {
  const bad = path.join(tmp, 'latin1.json');
  writeFileSync(bad, Buffer.concat([Buffer.from('{"ssh_user": "j'), Buffer.from([0xf6]), Buffer.from('rg"}')]));
  assertRefused(bad, /not valid UTF-8: invalid byte 0xf6 at byte offset 15/);
});
