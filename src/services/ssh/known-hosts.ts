// Host-key pinning in an OpenSSH known_hosts file: trust on first use, refuse a changed key.
// Lines are written the way OpenSSH writes them (`[host]:port type base64`, bare host for port
// 22) so that the user's own `ssh -o UserKnownHostsFile=…` agrees with us.
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { appendPrivateFile } from '../../util/private-files.js';
import ssh2 from 'ssh2';

const { utils } = ssh2;

/** `host` for port 22, `[host]:port` otherwise (OpenSSH's convention). */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's fingerprint: SHA256 of the key blob, base64 without padding. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(keyBlob: Buffer): string {
  const parsed = utils.parseKey(keyBlob);
  if (!(parsed instanceof Error)) return parsed.type;
  if (keyBlob.length >= 4) {
    const len = keyBlob.readUInt32BE(0);
    if (len > 0 && len < 64 && keyBlob.length >= 4 + len) return keyBlob.subarray(4, 4 + len).toString('latin1');
  }
  return 'unknown';
}

export interface KnownHostEntry {
  /** The host field as written (comma-separated patterns or a |1|salt|hash). */
  hosts: string;
  type: string;
  key: Buffer;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Markers (@cert-authority, @revoked) are not something we write; skip rather than misread.
    if (line === '' || line.startsWith('#') || line.startsWith('@')) continue;
    const [hosts, type, b64] = line.split(/\s+/);
    if (!hosts || !type || !b64) continue;
    entries.push({ hosts, type, key: Buffer.from(b64, 'base64') });
  }
  return entries;
}

/** Whether a known_hosts host field names this host pattern (plain list or OpenSSH's hashed form). */
export function hostsFieldMatches(hosts: string, pattern: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(pattern).digest('base64') === hash;
  }
  return hosts.split(',').includes(pattern);
}

export type HostKeyVerdict =
  { kind: 'known' } | { kind: 'new' } | { kind: 'mismatch'; expectedFingerprint: string; actualFingerprint: string };

/** Decides what a presented key means against the entries for that host. */
export function judgeHostKey(entries: readonly KnownHostEntry[], pattern: string, presented: Buffer): HostKeyVerdict {
  const mine = entries.filter((e) => hostsFieldMatches(e.hosts, pattern));
  if (mine.length === 0) return { kind: 'new' };
  if (mine.some((e) => e.key.equals(presented))) return { kind: 'known' };
  // Any pinned key that differs is a refusal, even of another type: accepting a new key type
  // for a pinned host would let an impostor pick the algorithm.
  const type = keyTypeOf(presented);
  const pinned = mine.find((e) => e.type === type) ?? mine[0];
  return { kind: 'mismatch', expectedFingerprint: fingerprint(pinned?.key ?? Buffer.alloc(0)), actualFingerprint: fingerprint(presented) };
}

/** A known_hosts file: read on every check (it is small), appended to on first use. */
export class KnownHostsFile {
  // Serialises first-use appends so that two connections to one new host write one line.
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  private async entries(): Promise<KnownHostEntry[]> {
    try {
      return parseKnownHosts(await readFile(this.file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Checks a presented key; pins it when the host is new. */
  verify(host: string, port: number, presented: Buffer): Promise<HostKeyVerdict> {
    const run = async (): Promise<HostKeyVerdict> => {
      const pattern = hostPattern(host, port);
      const verdict = judgeHostKey(await this.entries(), pattern, presented);
      if (verdict.kind === 'new') {
        appendPrivateFile(this.file, `${pattern} ${keyTypeOf(presented)} ${presented.toString('base64')}\n`);
      }
      return verdict;
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
