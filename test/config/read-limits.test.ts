// Reading a config's bytes: only a regular file, at most 1 MB and never read past that, and only
// valid UTF-8 (the first bad byte named by its offset, not turned into U+FFFD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, MAX_CONFIG_BYTES, firstInvalidUtf8, loadConfig, readConfigText } from '../../src/config/load.js';
import { formatProblem } from '../../src/config/problems.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8slab-read-'));

function problemOf(file: string): string {
  try {
    readConfigText(file);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.problems.length, 1);
    return formatProblem(err.problems[0]!);
  }
  assert.fail(`${file} was read`);
}

test('a directory, a character device and a FIFO are not regular files', () => {
  assert.equal(problemOf(tmp), 'not a regular file: it is a directory; expected a JSON file');
  assert.equal(problemOf('/dev/zero'), 'not a regular file: it is a character device; expected a JSON file');
  const fifo = path.join(tmp, 'fifo.json');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  assert.equal(problemOf(fifo), 'not a regular file: it is a FIFO; expected a JSON file');
});

test('a missing file is named as before', () => {
  assert.equal(problemOf(path.join(tmp, 'nope.json')), 'cannot read the config: no such file');
});

test('a config above 1 MB is refused with its size and the limit; one at the limit is read', () => {
  const big = path.join(tmp, 'big.json');
  writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x20));
  assert.equal(problemOf(big), 'the config is 2.0 MB (2097152 bytes); the limit is 1 MB (1048576 bytes)');
  const atLimit = path.join(tmp, 'at-limit.json');
  writeFileSync(atLimit, Buffer.alloc(MAX_CONFIG_BYTES, 0x20));
  assert.equal(readConfigText(atLimit).length, MAX_CONFIG_BYTES);
});

test('invalid UTF-8 is refused with the byte offset of the first bad byte', () => {
  const bad = path.join(tmp, 'latin1.json');
  writeFileSync(bad, Buffer.concat([Buffer.from('{"ssh_user": "j'), Buffer.from([0xf6]), Buffer.from('rg"}')]));
  assert.equal(problemOf(bad), 'not valid UTF-8: invalid byte 0xf6 at byte offset 15; save the config as UTF-8');
});

test('the seed config still loads (multi-byte UTF-8 and a BOM are fine)', () => {
  const seed = readFileSync('config/clusters.json', 'utf8');
  const withBom = path.join(tmp, 'bom.json');
  writeFileSync(withBom, `\uFEFF${seed}`);
  assert.equal(loadConfig(withBom).clusters.length, loadConfig('config/clusters.json').clusters.length);
});

test('firstInvalidUtf8 finds truncated, overlong, surrogate and out-of-range sequences', () => {
  const at = (...bytes: number[]): number => firstInvalidUtf8(Uint8Array.from(bytes));
  assert.equal(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80), -1); // a é € 😀
  assert.equal(at(0x61, 0xe2, 0x82), 1); // truncated
  assert.equal(at(0xc0, 0xaf), 0); // overlong
  assert.equal(at(0x61, 0xe0, 0x80, 0xaf), 1); // overlong, 3 bytes
  assert.equal(at(0xed, 0xa0, 0x80), 0); // UTF-16 surrogate
  assert.equal(at(0xf4, 0x90, 0x80, 0x80), 0); // above U+10FFFF
  assert.equal(at(0x61, 0x80), 1); // lone continuation byte
});
