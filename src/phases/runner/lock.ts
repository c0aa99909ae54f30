// One job at a time per lab: a lock file holding pid, host, job kind and start time, created
// with O_EXCL. A lock whose pid is gone (on this host), or now belongs to another process (the
// pid was reused: the process start token differs), is stale and taken over; breaking it is
// serialised through a second O_EXCL file so two newcomers cannot both win.
import { closeSync, mkdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { openPrivateFile } from '../../util/private-files.js';
import { shellQuote } from '../../util/shell-quote.js';
import { isPidAlive } from './kill.js';
import { isSameProcess, processStartToken } from './process-start.js';
import type { JobKind } from './types.js';

const lockInfoSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  kind: z.string(),
  jobId: z.string(),
  startedAt: z.string(),
  /** The holder process's start token (process-start.ts); absent in locks of older versions. */
  processStart: z.string().optional(),
});
export type LockInfo = z.infer<typeof lockInfoSchema>;

export class LockBusyError extends Error {
  constructor(
    readonly file: string,
    readonly holder: LockInfo | undefined,
  ) {
    super(
      holder
        ? `another job holds the lab lock: ${holder.kind} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}); wait for it or cancel it. ` +
            `If no such job runs (its machine restarted, or the pid now belongs to something else), break the lock: rm ${shellQuote(file)}`
        : `the lab lock ${file} is being written by another process; try again`,
    );
    this.name = 'LockBusyError';
  }
}

export interface LabLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Set when a stale lock was taken over: whose it was. */
  readonly tookOver: LockInfo | undefined;
  release(): void;
}

/** A lock file younger than this that does not parse is probably mid-write, not debris. */
const YOUNG_MS = 2000;

export function acquireLock(file: string, kind: JobKind, jobId: string): LabLock {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const processStart = processStartToken(process.pid);
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    kind,
    jobId,
    startedAt: new Date().toISOString(),
    ...(processStart ? { processStart } : {}),
  };
  if (tryCreate(file, info)) return makeLock(file, info, undefined);
  const holder = readLock(file);
  if (holder.kind === 'gone' && tryCreate(file, info)) return makeLock(file, info, undefined);
  if (holder.kind === 'live') throw new LockBusyError(file, holder.info);
  if (holder.kind === 'unreadable' && holder.ageMs < YOUNG_MS) throw new LockBusyError(file, undefined);
  // stale (dead pid) or old debris: break it, one breaker at a time
  const breaker = `${file}.break`;
  if (!tryCreate(breaker, info)) {
    if (ageMs(breaker) < YOUNG_MS * 5) throw new LockBusyError(file, holder.kind === 'stale' ? holder.info : undefined);
    unlinkQuiet(breaker); // a breaker that crashed
    if (!tryCreate(breaker, info)) throw new LockBusyError(file, undefined);
  }
  try {
    const again = readLock(file); // still the same stale lock?
    if (again.kind === 'live') throw new LockBusyError(file, again.info);
    unlinkQuiet(file);
    if (!tryCreate(file, info)) throw new LockBusyError(file, undefined);
    return makeLock(file, info, again.kind === 'stale' ? again.info : undefined);
  } finally {
    unlinkQuiet(breaker);
  }
}

type Holder =
  { kind: 'live'; info: LockInfo } | { kind: 'stale'; info: LockInfo } | { kind: 'unreadable'; ageMs: number } | { kind: 'gone' };

function readLock(file: string): Holder {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw err;
  }
  let parsed: z.ZodSafeParseResult<LockInfo>;
  try {
    parsed = lockInfoSchema.safeParse(JSON.parse(text));
  } catch {
    return { kind: 'unreadable', ageMs: ageMs(file) };
  }
  if (!parsed.success) return { kind: 'unreadable', ageMs: ageMs(file) };
  const info = parsed.data;
  // another host's pid cannot be probed from here: treat as live, the message names the host
  if (info.host !== os.hostname()) return { kind: 'live', info };
  if (!isPidAlive(info.pid)) return { kind: 'stale', info };
  // a live pid is ours only if it is the same process: after a reboot or a long time, pids recur
  if (info.processStart && isSameProcess(info.pid, info.processStart) === false) return { kind: 'stale', info };
  return { kind: 'live', info };
}

/** Reads the current holder, if any (for `status` and the TUI). */
export function inspectLock(file: string): { info: LockInfo; alive: boolean } | undefined {
  const h = readLock(file);
  if (h.kind === 'live') return { info: h.info, alive: true };
  if (h.kind === 'stale') return { info: h.info, alive: false };
  return undefined;
}

function tryCreate(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openPrivateFile(file, 'create-new').fd;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${JSON.stringify(info)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function makeLock(file: string, info: LockInfo, tookOver: LockInfo | undefined): LabLock {
  let released = false;
  return {
    file,
    info,
    tookOver,
    release() {
      if (released) return;
      released = true;
      // only remove it if it is still ours (a takeover after we hung must not be undone)
      const h = readLock(file);
      if ((h.kind === 'live' || h.kind === 'stale') && h.info.pid === info.pid && h.info.jobId === info.jobId) unlinkQuiet(file);
    },
  };
}
