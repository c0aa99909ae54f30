// `k8slab-tui status` without tart: it names the problem and how to install tart (exit 1), not a
// table of "vm missing" guesses; with tart present and no VMs created they are reported missing.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8slab-status-tart-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const home = { K8SLAB_HOME: path.join(tmp, 'state') };

test('status with tart missing: names tart and its install command, exit 1, no stack trace, no "vm missing"', () => {
  const r = runCli(['status'], { ...home, K8SLAB_TART: path.join(tmp, 'nonexistent', 'tart') });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /tart not found/);
  assert.match(r.stderr, /brew install \S+\/tart/);
  assert.equal(hasStackTrace(r.stderr), false, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /vm missing/);
});

test('status with tart present but no VMs created: every node reads "vm missing"', () => {
  const tart = path.join(tmp, 'tart');
  writeFileSync(tart, '#!/bin/sh\n[ "$1" = list ] && { echo "[]"; exit 0; }\necho "unexpected: $*" >&2; exit 1\n');
  chmodSync(tart, 0o755);
  const r = runCli(['status'], { ...home, K8SLAB_TART: tart });
  assert.equal(r.code, 1, r.stderr); // nothing is up: unhealthy
  assert.match(r.stdout, /platform-master +master +vm missing/);
  assert.equal((r.stdout.match(/vm missing/g) ?? []).length, 10);
});
