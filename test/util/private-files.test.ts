// State files (issue 9, defect 4): never opened through a symlink, created 0600 in 0700 folders,
// a loose state dir tightened with a warning. Each case goes through the module that really
// writes the file: the journal, the job log, known_hosts, the app log, a VM console log.
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { JournalWriter } from '../../src/phases/runner/journal.js';
import { JobLog } from '../../src/phases/runner/joblog.js';
import { KnownHostsFile } from '../../src/services/ssh/known-hosts.js';
import { createFileLogger } from '../../src/util/logger.js';
import { secureStateDir } from '../../src/config/state-dir.js';
import { StateFileError, openPrivateFile, writePrivateFile } from '../../src/util/private-files.js';
import { TartClient } from '../../src/services/tart/index.js';

function temp(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-private-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const mode = (file: string): number => statSync(file).mode & 0o777;

test('the journal is not appended through a symlink: the target keeps its bytes', () => {
  const t = temp();
  try {
    const elsewhere = path.join(t.dir, 'elsewhere.txt');
    writeFileSync(elsewhere, 'precious\n');
    const journal = path.join(t.dir, 'state', 'journal.jsonl');
    mkdirSync(path.dirname(journal));
    symlinkSync(elsewhere, journal);
    assert.throws(
      () => new JournalWriter(journal),
      (err: unknown) => err instanceof StateFileError && err.message.includes('symbolic link') && err.message.includes(journal),
    );
    assert.equal(readFileSync(elsewhere, 'utf8'), 'precious\n');
    // a dangling link is refused too, and not created at its target
    const dangling = path.join(t.dir, 'state', 'job.log');
    symlinkSync(path.join(t.dir, 'nowhere.log'), dangling);
    assert.throws(() => new JobLog(dangling), StateFileError);
    assert.equal(existsSync(path.join(t.dir, 'nowhere.log')), false);
  } finally {
    t.cleanup();
  }
});

test('journal, job log and app log are created 0600 in a 0700 folder; a loose file is tightened', async () => {
  const t = temp();
  const oldMask = process.umask(0o022);
  try {
    const journal = path.join(t.dir, 'a', 'journal.jsonl');
    new JournalWriter(journal).close();
    assert.equal(mode(journal), 0o600);
    assert.equal(mode(path.dirname(journal)), 0o700);
    const log = path.join(t.dir, 'logs', 'jobs', 'x.log');
    new JobLog(log).close();
    assert.equal(mode(log), 0o600);
    const appLog = path.join(t.dir, 'logs', 'k8slab-tui.log');
    writeFileSync(appLog, '', { mode: 0o644 });
    chmodSync(appLog, 0o644);
    const logger = createFileLogger(appLog);
    logger.info('hello');
    await logger.close();
    assert.equal(mode(appLog), 0o600, 'an existing 0644 log is tightened');
    assert.match(readFileSync(appLog, 'utf8'), /hello/);
  } finally {
    process.umask(oldMask);
    t.cleanup();
  }
});

test('known_hosts is not appended through a symlink', async () => {
  const t = temp();
  try {
    const target = path.join(t.dir, 'authorized');
    writeFileSync(target, 'mine\n');
    const file = path.join(t.dir, 'known_hosts');
    symlinkSync(target, file);
    const kh = new KnownHostsFile(file);
    await assert.rejects(
      kh.verify('127.0.0.1', 2222, Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEKEYEXAMPLEKEYEXAMPLEKEYEXAMPLEKEY', 'base64')),
      StateFileError,
    );
    assert.equal(readFileSync(target, 'utf8'), 'mine\n');
  } finally {
    t.cleanup();
  }
});

test("a FIFO in a state file's place is refused at once, not waited on", () => {
  const t = temp();
  try {
    const fifo = path.join(t.dir, 'journal.jsonl');
    const r = spawnSync('mkfifo', [fifo]);
    assert.equal(r.status, 0, 'mkfifo (coreutils) is needed');
    assert.throws(
      () => openPrivateFile(fifo, 'append'),
      (err: unknown) => err instanceof StateFileError && err.message.includes('not a regular file'),
    );
  } finally {
    t.cleanup();
  }
});

test('writePrivateFile replaces atomically with the mode asked, and refuses a symlink', () => {
  const t = temp();
  try {
    const file = path.join(t.dir, 'kubeconfig', 'dev.yaml');
    writePrivateFile(file, 'one');
    writePrivateFile(file, 'two');
    assert.equal(readFileSync(file, 'utf8'), 'two');
    assert.equal(mode(file), 0o600);
    const pub = path.join(t.dir, 'id.pub');
    writePrivateFile(pub, 'ssh-ed25519 AAAA', 0o644);
    assert.equal(mode(pub), 0o644);
    const link = path.join(t.dir, 'kubeconfig', 'prod.yaml');
    const outside = path.join(t.dir, 'outside.yaml');
    writeFileSync(outside, 'keep');
    symlinkSync(outside, link);
    assert.throws(() => writePrivateFile(link, 'secret'), StateFileError);
    assert.equal(readFileSync(outside, 'utf8'), 'keep');
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link itself is left as it was');
  } finally {
    t.cleanup();
  }
});

test('an existing state dir that others can read is tightened to 0700 with a warning naming it', () => {
  const t = temp();
  try {
    const root = path.join(t.dir, 'home');
    mkdirSync(root, { mode: 0o755 });
    chmodSync(root, 0o755);
    const warning = secureStateDir({ root });
    assert.ok(warning?.includes(root) && warning.includes('0755') && warning.includes('0700'), warning);
    assert.equal(mode(root), 0o700);
    assert.equal(secureStateDir({ root }), undefined, 'nothing to say the second time');
    const fresh = path.join(t.dir, 'new-home');
    assert.equal(secureStateDir({ root: fresh }), undefined);
    assert.equal(mode(fresh), 0o700);
    const linked = path.join(t.dir, 'linked-home');
    symlinkSync(root, linked);
    assert.throws(
      () => secureStateDir({ root: linked }),
      (err: unknown) => err instanceof StateFileError && err.message.includes('symbolic link'),
    );
  } finally {
    t.cleanup();
  }
});

test('a VM console log (tart run output) is 0600 in a 0700 folder', async () => {
  const t = temp();
  const oldMask = process.umask(0o022);
  try {
    // a tart stand-in that answers `get` (stopped) and `run` by printing a line and exiting
    const tart = path.join(t.dir, 'tart');
    writeFileSync(
      tart,
      '#!/bin/sh\ncase "$1" in get) echo \'{"CPU":2,"Memory":4096,"Disk":20,"DiskSize":20,"Display":"","Running":false,"State":"stopped","OS":"linux","Size":"1"}\';; run) echo console up;; *) echo \'[]\';; esac\n',
      { mode: 0o755 },
    );
    const vmLogs = path.join(t.dir, 'logs', 'vms');
    const client = new TartClient({ tartPath: tart, vmLogDir: vmLogs });
    await client.run('dev-master').catch(() => undefined); // it exits at once: an error we do not need here
    const log = path.join(vmLogs, 'dev-master.log');
    assert.ok(existsSync(log));
    assert.equal(mode(log), 0o600);
    assert.equal(mode(vmLogs), 0o700);
  } finally {
    process.umask(oldMask);
    t.cleanup();
  }
});
