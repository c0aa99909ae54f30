// When a process started, as a token that tells a pid's owner from a later process that reused
// the pid. Linux: the boot id plus the start time in clock ticks since boot (/proc/PID/stat,
// field 22), exact and cheap. Elsewhere (macOS, where the lab runs): `ps -o lstart=`, to the
// second, which no pid reuse within one second can fool in practice.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function linuxStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parens: count fields after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = rest[19]; // field 22 overall; `rest` starts at field 3
    if (!ticks || !/^\d+$/.test(ticks)) return undefined;
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `linux:${boot}:${ticks}`;
  } catch {
    return undefined;
  }
}

function psStart(pid: number): string | undefined {
  const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
    encoding: 'utf8',
    timeout: 2000,
    env: { ...process.env, LC_ALL: 'C' },
  });
  const text = ps.status === 0 ? ps.stdout.trim().replace(/\s+/g, ' ') : '';
  return text ? `ps:${text}` : undefined;
}

/** The start token of a live pid; undefined when it cannot be read (gone, or no /proc and no ps). */
export function processStartToken(pid: number): string | undefined {
  return process.platform === 'linux' ? (linuxStart(pid) ?? psStart(pid)) : psStart(pid);
}

/**
 * Is `pid` still the process that recorded `token`? undefined when that cannot be told (the
 * scheme is not readable here): the caller then trusts the pid alone, as before tokens existed.
 */
export function isSameProcess(pid: number, token: string): boolean | undefined {
  const now = token.startsWith('linux:') ? linuxStart(pid) : token.startsWith('ps:') ? psStart(pid) : undefined;
  return now === undefined ? undefined : now === token;
}
