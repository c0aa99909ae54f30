// The state dir through the built CLI (issue 9, defect 4): a K8SLAB_HOME that others can read is
// made 0700 with a warning; a journal that is a symlink is refused with a message naming it,
// exit 1, no stack trace, and the link's target keeps its bytes.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8slab-state-files-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A tart that lists no VMs: enough for status and for install to reach its journal. */
function fakeTart(): string {
  const tart = path.join(tmp, 'tart');
  writeFileSync(tart, '#!/bin/sh\n[ "$1" = list ] && { echo "[]"; exit 0; }\necho "tart stand-in: $*" >&2; exit 1\n');
  chmodSync(tart, 0o755);
  return tart;
}

test('status on a K8SLAB_HOME of mode 0755: warns, names the dir, and leaves it 0700', () => {
  const home = path.join(tmp, 'loose');
  mkdirSync(home);
  chmodSync(home, 0o755);
  const r = runCli(['status'], { K8SLAB_HOME: home, K8SLAB_TART: fakeTart() });
  assert.match(r.stderr, new RegExp(`warning: the lab state dir ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was mode 0755`));
  assert.equal(statSync(home).mode & 0o777, 0o700);
  const again = runCli(['status'], { K8SLAB_HOME: home, K8SLAB_TART: fakeTart() });
  assert.doesNotMatch(again.stderr, /warning: the lab state dir/, 'said once, then it is fixed');
});

test('install with journal.jsonl symlinked elsewhere: refused, exit 1, target untouched', () => {
  const home = path.join(tmp, 'linked');
  mkdirSync(home, { mode: 0o700 });
  const elsewhere = path.join(tmp, 'precious.txt');
  writeFileSync(elsewhere, 'keep me\n');
  symlinkSync(elsewhere, path.join(home, 'journal.jsonl'));
  const r = runCli(['install'], { K8SLAB_HOME: home, K8SLAB_TART: fakeTart() });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout + r.stderr, /journal\.jsonl: is a symbolic link; state files are never opened through links/);
  assert.equal(hasStackTrace(r.stderr), false, r.stderr);
  assert.equal(readFileSync(elsewhere, 'utf8'), 'keep me\n');
});
