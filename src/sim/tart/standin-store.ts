// The tart stand-in's state under $TART_HOME, laid out like the real one (research note §0):
// vms/<name>/{config.json,disk.img,nvram.bin,state.vzvmsave} and cache/OCIs/<host>/<ns>/<ref>.
// What Tart keeps in places we cannot emulate lives in stand-in-only files:
//   vms/<name>/standin.json   disk size, allocated size, last access (the real disk.img is sparse GBs)
//   vms/<name>/standin-run.json   pid of the `tart run` process (Node has no fcntl locks)
//   standin-ip/<name>   the IP `tart ip` prints for that VM (default 127.0.0.1: the demo reaches
//                       every VM on loopback, told apart by port)
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export type VmState = 'running' | 'suspended' | 'stopped';

const configSchema = z.looseObject({
  version: z.number(),
  os: z.enum(['linux', 'darwin']),
  arch: z.string(),
  cpuCountMin: z.number().int(),
  cpuCount: z.number().int(),
  memorySizeMin: z.number().int(),
  memorySize: z.number().int(),
  macAddress: z.string(),
  display: z.object({ width: z.number().int(), height: z.number().int(), unit: z.enum(['pt', 'px']).optional() }),
  displayRefit: z.boolean().optional(),
});
export type VmConfig = z.infer<typeof configSchema>;

const metaSchema = z.object({
  diskBytes: z.number().int().nonnegative(),
  sizeBytes: z.number().int().nonnegative(),
  diskFormat: z.enum(['raw', 'asif']),
  accessed: z.string(),
});
export type VmMeta = z.infer<typeof metaSchema>;

const runRecordSchema = z.object({ pid: z.number().int().positive(), startedAt: z.number(), readyAt: z.number() });
export type RunRecord = z.infer<typeof runRecordSchema>;

/** Thrown when a VM directory is unreadable; the CLI prints it like tart does (exit 1). */
export class BrokenVmError extends Error {}

export const GB = 1000 ** 3;
export const MiB = 1024 * 1024;

/** What `clone ghcr.io/cirruslabs/ubuntu:latest` gives: the base image, pretended cached. */
function baseImage(): { config: VmConfig; meta: VmMeta } {
  return {
    config: {
      version: 1,
      os: 'linux',
      arch: 'arm64',
      cpuCountMin: 4,
      cpuCount: 4,
      memorySizeMin: 4096 * MiB,
      memorySize: 4096 * MiB,
      macAddress: randomMac(),
      display: { width: 1024, height: 768 },
    },
    meta: { diskBytes: 20 * GB, sizeBytes: 4_718_592_000, diskFormat: 'raw', accessed: new Date().toISOString() },
  };
}

export function randomMac(): string {
  const b = randomBytes(6);
  b[0] = ((b[0] ?? 0) & 0xfc) | 0x02; // locally administered, unicast
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export interface RemoteName {
  host: string;
  namespace: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** `host[:port]/namespace[:tag | @sha256:…]`; anything without a `/` is a local name. */
export function parseRemoteName(name: string): RemoteName | undefined {
  const m = /^([A-Za-z0-9.-]+(?::\d+)?)\/([a-z0-9._/-]+?)(?::([A-Za-z0-9._-]+)|@(sha256:[a-f0-9]{64}))?$/.exec(name);
  if (!m) return undefined;
  const [, host, namespace, tag, digest] = m;
  if (!host || !namespace) return undefined;
  return { host, namespace, tag: digest ? undefined : (tag ?? 'latest'), digest };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // Guard against pid reuse where /proc exists: the process must be a tart (stand-in) run.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tart');
  } catch {
    return true;
  }
}

export class TartHome {
  readonly root: string;

  constructor(root = process.env.TART_HOME || path.join(os.homedir(), '.tart')) {
    this.root = path.resolve(root);
  }

  vmDir(name: string): string {
    return path.join(this.root, 'vms', name);
  }

  vmExists(name: string): boolean {
    return !name.includes('/') && name !== '' && existsSync(path.join(this.vmDir(name), 'config.json'));
  }

  localNames(): string[] {
    const dir = path.join(this.root, 'vms');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((n) => !n.startsWith('.') && existsSync(path.join(dir, n, 'config.json')))
      .sort();
  }

  readConfig(dir: string): VmConfig {
    try {
      return configSchema.parse(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')));
    } catch {
      throw new BrokenVmError('VM is missing some of its files (config.json, disk.img or nvram.bin)');
    }
  }

  writeConfig(dir: string, config: VmConfig): void {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  }

  readMeta(dir: string): VmMeta {
    try {
      return metaSchema.parse(JSON.parse(readFileSync(path.join(dir, 'standin.json'), 'utf8')));
    } catch {
      return { diskBytes: 20 * GB, sizeBytes: 0, diskFormat: 'raw', accessed: new Date(statSync(dir).mtimeMs).toISOString() };
    }
  }

  writeMeta(dir: string, meta: VmMeta): void {
    writeFileSync(path.join(dir, 'standin.json'), JSON.stringify(meta));
  }

  touch(dir: string): void {
    this.writeMeta(dir, { ...this.readMeta(dir), accessed: new Date().toISOString() });
  }

  private runFile(name: string): string {
    return path.join(this.vmDir(name), 'standin-run.json');
  }

  /** The live `tart run` of this VM, if any; a record left by a dead process is removed. */
  runRecord(name: string): RunRecord | undefined {
    const file = this.runFile(name);
    let record: RunRecord;
    try {
      record = runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      return undefined;
    }
    if (isAlive(record.pid)) return record;
    rmSync(file, { force: true });
    return undefined;
  }

  /** Takes the "lock" (exclusive create of the run file). False when another run holds it. */
  acquireRun(name: string, record: RunRecord): boolean {
    const file = this.runFile(name);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, JSON.stringify(record));
        closeSync(fd);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (this.runRecord(name)) return false; // alive; otherwise the stale file is gone now
      }
    }
    return false;
  }

  releaseRun(name: string, pid: number): void {
    const file = this.runFile(name);
    try {
      if (runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).pid === pid) unlinkSync(file);
    } catch {
      // already gone
    }
  }

  state(name: string): VmState {
    if (this.runRecord(name)) return 'running';
    if (existsSync(path.join(this.vmDir(name), 'state.vzvmsave'))) return 'suspended';
    return 'stopped';
  }

  ipFor(name: string): string {
    try {
      const text = readFileSync(path.join(this.root, 'standin-ip', name), 'utf8').trim();
      if (text) return text;
    } catch {
      // no override
    }
    return '127.0.0.1';
  }

  // --- OCI cache ---------------------------------------------------------------------------

  private ociRoot(): string {
    return path.join(this.root, 'cache', 'OCIs');
  }

  private ociDir(remote: RemoteName, digest: string): string {
    return path.join(this.ociRoot(), remote.host, remote.namespace, digest);
  }

  /** Where a remote image's files are, "pulling" it silently into the cache first. */
  ensureCached(remote: RemoteName): string {
    const digest =
      remote.digest ?? 'sha256:' + createHash('sha256').update(`${remote.host}/${remote.namespace}:${remote.tag}`).digest('hex');
    const dir = this.ociDir(remote, digest);
    if (!existsSync(path.join(dir, 'config.json'))) {
      mkdirSync(dir, { recursive: true });
      const { config, meta } = baseImage();
      this.writeConfig(dir, config);
      this.writeMeta(dir, meta);
      writeFileSync(path.join(dir, 'disk.img'), '');
      writeFileSync(path.join(dir, 'nvram.bin'), '');
    }
    if (remote.tag) {
      const link = path.join(path.dirname(dir), remote.tag);
      if (!existsSync(link)) {
        rmSync(link, { force: true });
        symlinkSync(digest, link);
      }
    }
    return dir;
  }

  /** Cached images as `tart list` names them: once by tag and once by digest. */
  ociEntries(): Array<{ name: string; dir: string }> {
    const out: Array<{ name: string; dir: string }> = [];
    const walk = (dir: string, rel: string[]): void => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (existsSync(path.join(full, 'config.json'))) {
          const host = rel[0];
          const ns = rel.slice(1).join('/');
          if (host && ns) out.push({ name: entry.startsWith('sha256:') ? `${host}/${ns}@${entry}` : `${host}/${ns}:${entry}`, dir: full });
        } else if (lstatSync(full).isDirectory()) {
          walk(full, [...rel, entry]);
        }
      }
    };
    walk(this.ociRoot(), []);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  ociEntry(name: string): { name: string; dir: string } | undefined {
    return this.ociEntries().find((e) => e.name === name);
  }

  // --- clone and delete --------------------------------------------------------------------

  /** Copies a VM directory to a local name, replacing whatever is there (like the real one). */
  cloneFrom(sourceDir: string, name: string, regenerateMac: boolean): void {
    const tmp = path.join(this.root, 'tmp', `${name}.${process.pid}.${Date.now()}`);
    mkdirSync(path.dirname(tmp), { recursive: true });
    cpSync(sourceDir, tmp, {
      recursive: true,
      dereference: true,
      filter: (src) => path.basename(src) !== 'standin-run.json',
    });
    const config = this.readConfig(tmp);
    if (regenerateMac) this.writeConfig(tmp, { ...config, macAddress: randomMac() });
    this.touch(tmp);
    mkdirSync(path.join(this.root, 'vms'), { recursive: true });
    rmSync(this.vmDir(name), { recursive: true, force: true });
    renameSync(tmp, this.vmDir(name));
  }

  deleteDir(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }
}
