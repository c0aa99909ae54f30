// A real OpenSSH sshd for tests and benches: 127.0.0.1 only, a free high port, its own host key
// and config, and a dedicated user (shell /bin/sh, password field `*`) logging in with a key
// generated here. stop() kills the listener and, by pid, the per-connection processes it forked
// (they outlive the listener otherwise), so a stop really drops clients.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SshPool } from '../../src/services/ssh/index.js';
import { waitFor } from './wait.js';

const SSHD = '/usr/sbin/sshd';
export const TEST_USER = 'k8slabtest';

export interface TestSshd {
  host: string;
  port: number;
  user: string;
  dir: string;
  privateKeyPath: string;
  privateKey: string;
  logFile: string;
  /** SHA256:… of the current host key, as ssh-keygen prints it. */
  hostKeyFingerprint(): string;
  target(name?: string): { name: string; host: string; port: number };
  /** Kills sshd and its sessions. */
  stop(): Promise<void>;
  /** Starts sshd again on the same port, optionally with a freshly generated host key. */
  start(opts?: { newHostKey?: boolean }): Promise<void>;
  /** stop() then remove the temp dir. */
  dispose(): Promise<void>;
}

function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function ensureUser(user: string): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (run('id', ['-u', user]).status === 0) {
      run('usermod', ['-p', '*', '-s', '/bin/sh', user]);
      return;
    }
    // Two test files may race here; a failed useradd is retried after checking again.
    const r = run('useradd', ['-m', '-s', '/bin/sh', '-p', '*', user]);
    if (r.status === 0) return;
    spawnSync('sleep', ['0.2']);
  }
  throw new Error(`cannot create the test user ${user}`);
}

function keygen(file: string): void {
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  const r = run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'k8slab-test', '-f', file]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.out}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** Pids of every descendant of a process, from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone already
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [child, parent] of parents) {
      if (parent !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

export async function startSshd(opts: { user?: string } = {}): Promise<TestSshd> {
  if (!existsSync(SSHD)) throw new Error('install openssh-server: apt-get install -y openssh-server');
  const user = opts.user ?? TEST_USER;
  ensureUser(user);
  spawnSync('mkdir', ['-p', '/run/sshd']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-sshd-'));
  chmodSync(dir, 0o755); // sshd reads authorized_keys as the user
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'id_ed25519');
  keygen(hostKey);
  keygen(clientKey);
  const authorized = path.join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o644 });
  const port = await freePort();
  const logFile = path.join(dir, 'sshd.log');
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      `AllowUsers ${user}`,
      'PrintMotd no',
      'LogLevel VERBOSE',
      'MaxStartups 50:30:100',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | undefined;
  const start = async (o: { newHostKey?: boolean } = {}): Promise<void> => {
    if (o.newHostKey) keygen(hostKey);
    const proc = spawn(SSHD, ['-D', '-f', config, '-E', logFile], { stdio: 'ignore' });
    child = proc;
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });
    await waitFor(
      async () => {
        if (exited) throw new Error(`sshd exited at start; see ${logFile}:\n${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
        return portOpen(port);
      },
      { timeoutMs: 5000, intervalMs: 50, message: `sshd to listen on 127.0.0.1:${port}; see ${logFile}` },
    );
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc?.pid || proc.exitCode !== null) return;
    const sessions = descendants(proc.pid);
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    for (const pid of sessions) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await gone;
  };
  // If the test process ends without dispose() (a crash, a timeout), sshd must not outlive it.
  const killOnExit = (): void => {
    if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  await start();
  return {
    host: '127.0.0.1',
    port,
    user,
    dir,
    privateKeyPath: clientKey,
    privateKey: readFileSync(clientKey, 'utf8'),
    logFile,
    hostKeyFingerprint: () => run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`]).out.split(/\s+/)[1] ?? '',
    target: (name = 'sshd-test') => ({ name, host: '127.0.0.1', port }),
    stop,
    start,
    dispose: async () => {
      process.off('exit', killOnExit);
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A pool logged in to the test sshd with its generated key, pinning into the sshd's own dir. */
export function poolFor(sshd: TestSshd): SshPool {
  return new SshPool({
    auth: { username: sshd.user, privateKeyPath: sshd.privateKeyPath },
    knownHostsFile: path.join(sshd.dir, 'known_hosts'),
  });
}
