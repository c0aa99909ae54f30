// The lab lock: O_EXCL creation, a live holder refused with a typed error naming pid and kind,
// a stale holder (dead pid) taken over with a note, release at job end.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { test } from 'node:test';
import { acquireLock, definePhase, definePlan, inspectLock, LockBusyError, runJob, startJob } from '../../src/phases/runner/index.js';
import { isSameProcess, processStartToken } from '../../src/phases/runner/process-start.js';
import { collect, tempState } from './runner-helpers.js';

const plan = definePlan('install', [
  definePhase(1, 'p', 'P', [{ id: 'x', title: 'x', target: 'lab', check: async () => true, action: async () => undefined }]),
]);

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
    assert.deepEqual(Object.keys(info).sort(), ['host', 'jobId', 'kind', 'pid', 'processStart', 'startedAt']);
    assert.equal(info.pid, process.pid);
    assert.equal(info.host, os.hostname());
    assert.throws(
      () => startJob(plan, { lock: st.lock }),
      (err: unknown) =>
        err instanceof LockBusyError &&
        err.holder?.pid === process.pid &&
        err.holder.kind === 'boot' &&
        err.message.includes(`pid ${process.pid}`) &&
        err.message.includes('boot'),
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
    writeFileSync(
      st.lock,
      JSON.stringify({ pid, host: os.hostname(), kind: 'install', jobId: 'install-old', startedAt: '2025-01-01T00:00:00.000Z' }),
    );
    assert.equal(inspectLock(st.lock)?.alive, false);
    const { events, listener } = collect();
    const r = await runJob(plan, { lock: st.lock, onEvent: listener });
    assert.equal(r.outcome, 'ok');
    const note = events.find((e) => e.type === 'note');
    assert.ok(
      note?.type === 'note' && note.level === 'warn' && note.message.includes(`pid ${pid}`) && note.message.includes('install-old'),
    );
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
    writeFileSync(
      st.lock,
      JSON.stringify({ pid: process.pid, host: os.hostname(), kind: 'destroy', jobId: 'theirs', startedAt: new Date().toISOString() }),
    );
    lock.release();
    assert.equal(inspectLock(st.lock)?.info.jobId, 'theirs');
  } finally {
    st.cleanup();
  }
});

test('a live pid that is not the recorded process (pid reused) is a stale lock, taken over', async () => {
  const st = tempState();
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    assert.ok(sleeper.pid);
    // the lock names a live pid, but its recorded start is not that process's start: a reuse
    const recorded = processStartToken(process.pid);
    assert.ok(recorded, 'this platform has a readable process start');
    assert.notEqual(processStartToken(sleeper.pid), recorded);
    writeFileSync(
      st.lock,
      JSON.stringify({
        pid: sleeper.pid,
        host: os.hostname(),
        kind: 'boot',
        jobId: 'boot-old',
        startedAt: '2025-01-01T00:00:00.000Z',
        processStart: recorded,
      }),
    );
    assert.equal(inspectLock(st.lock)?.alive, false, 'reused pid judged stale');
    const { events, listener } = collect();
    const r = await runJob(plan, { lock: st.lock, onEvent: listener });
    assert.equal(r.outcome, 'ok');
    assert.ok(events.some((e) => e.type === 'note' && e.message.includes('boot-old')));
    // the same live pid with ITS start token is a live holder
    writeFileSync(
      st.lock,
      JSON.stringify({
        pid: sleeper.pid,
        host: os.hostname(),
        kind: 'boot',
        jobId: 'boot-live',
        startedAt: '2025-01-01T00:00:00.000Z',
        processStart: processStartToken(sleeper.pid),
      }),
    );
    assert.throws(
      () => acquireLock(st.lock, 'install', 'install-2'),
      (err: unknown) => err instanceof LockBusyError && err.message.includes(`break the lock: rm ${st.lock}`),
    );
  } finally {
    sleeper.kill();
    st.cleanup();
  }
});

test('the start token tells two processes apart and recognises the same one', () => {
  const mine = processStartToken(process.pid);
  assert.ok(mine);
  assert.equal(isSameProcess(process.pid, mine), true);
  assert.equal(processStartToken(deadPid()), undefined, 'a gone pid has no token');
  // the `ps -o lstart=` scheme (macOS) is read as well: a start in 1970 is not this process's
  assert.equal(isSameProcess(process.pid, 'ps:Thu Jan 1 00:00:00 1970'), false);
  assert.equal(isSameProcess(process.pid, 'other:scheme'), undefined, 'an unknown scheme cannot be told');
});
