// Killing what a cancelled step started: the child's process group first (a `detached: true`
// child leads its own group, so `sh -c` pipelines and their grandchildren go with it), then the
// child itself; SIGKILL for whatever outlives the grace period.
import { readdirSync, readFileSync } from 'node:fs';
import type { KillableChild } from './types.js';
import { sleep } from '../../util/sleep.js';

/** Is the pid a live process? Zombies count as dead: they hold no resources but the pid. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, not ours
  }
  try {
    // Linux: a reparented grandchild lingers as a zombie if PID 1 does not reap
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

function signalGroupOrChild(child: KillableChild, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    // A negative pid addresses the process group; there is none unless the child leads one.
    process.kill(-pid, signal);
    return;
  } catch {
    // not a group leader (or the group is gone): fall back to the child alone
  }
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // kill(0) also succeeds for zombies that an init which does not reap (containers) keeps around
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // exited while we looked
    }
  }
  return false;
}

const childExited = (c: KillableChild): boolean => c.exitCode !== null || c.signalCode !== null;

/** SIGTERM now, SIGKILL after graceMs if the child or its group are still there. */
export async function killChild(child: KillableChild, graceMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  signalGroupOrChild(child, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (childExited(child) && !groupAlive(pid)) return;
    await sleep(20);
  }
  signalGroupOrChild(child, 'SIGKILL');
}
