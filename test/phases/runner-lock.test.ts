// The lab lock: O_EXCL creation, a live holder refused with a typed error naming pid and kind,
// a stale holder (dead pid) taken over with a note, release at job end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { test } from 'node:test';
import { acquireLock, definePhase, definePlan, inspectLock, LockBusyError, runJob, startJob } from '../../src/phases/runner/index.js';
import { collect, tempState } from './runner-helpers.js';

const plan = definePlan('install', [definePhase(1, 'p', 'P', [{ id: 'x', title: 'x', target: 'lab', check: async () => true, action: async () => undefined }])]);

function deadPid(): number {
  const r = spawnSync('true');
  assert.ok(r.pid);
  return r.pid;
}

test('a live lock is refused with LockBusyError naming pid and job kind; released at job end', async () => {
  const st = tempState();
  try {
    const held = acquireLock(st.lock, 'boot', 'boot-1');
    const info = JSON.parse(readFileSync(st.lock, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(info).sort(), ['host', 'jobId', 'kind', 'pid', 'startedAt']);
    assert.equal(info.pid, process.pid);
    assert.equal(info.host, os.hostname());
    assert.throws(
      () => startJob(plan, { lock: st.lock }),
      (err: unknown) => err instanceof LockBusyError && err.holder?.pid === process.pid && err.holder.kind === 'boot' && err.message.includes(`pid ${process.pid}`) && err.message.includes('boot'),
    );
    held.release();
    assert.equal(existsSync(st.lock), false);
    const job = startJob(plan, { lock: st.lock });
    assert.equal(inspectLock(st.lock)?.info.kind, 'install');
    const r = await job.done;
    assert.equal(r.outcome, 'ok');
    assert.equal(existsSync(st.lock), false, 'released');
  } finally {
    st.cleanup();
  }
});

test('a stale lock (dead pid) is taken over with a note', async () => {
  const st = tempState();
  try {
    const pid = deadPid();
    writeFileSync(st.lock, JSON.stringify({ pid, host: os.hostname(), kind: 'install', jobId: 'install-old', startedAt: '2025-01-01T00:00:00.000Z' }));
    assert.equal(inspectLock(st.lock)?.alive, false);
    const { events, listener } = collect();
    const r = await runJob(plan, { lock: st.lock, onEvent: listener });
    assert.equal(r.outcome, 'ok');
    const note = events.find((e) => e.type === 'note');
    assert.ok(note?.type === 'note' && note.level === 'warn' && note.message.includes(`pid ${pid}`) && note.message.includes('install-old'));
    assert.equal(existsSync(st.lock), false);
    assert.equal(existsSync(`${st.lock}.break`), false);
  } finally {
    st.cleanup();
  }
});

test('an unreadable lock: refused while young (mid-write), taken over when old', () => {
  const st = tempState();
  try {
    writeFileSync(st.lock, '{"pid":');
    assert.throws(() => acquireLock(st.lock, 'install', 'j1'), LockBusyError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(st.lock, old, old);
    const lock = acquireLock(st.lock, 'install', 'j2');
    assert.equal(lock.tookOver, undefined);
    assert.equal(inspectLock(st.lock)?.info.jobId, 'j2');
    lock.release();
  } finally {
    st.cleanup();
  }
});

test("release leaves someone else's lock alone", () => {
  const st = tempState();
  try {
    const lock = acquireLock(st.lock, 'install', 'mine');
    writeFileSync(st.lock, JSON.stringify({ pid: process.pid, host: os.hostname(), kind: 'destroy', jobId: 'theirs', startedAt: new Date().toISOString() }));
    lock.release();
    assert.equal(inspectLock(st.lock)?.info.jobId, 'theirs');
  } finally {
    st.cleanup();
  }
});
