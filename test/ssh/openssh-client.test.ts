// OpenSSH's own client against the demo lab's simulated sshd (src/sim/ssh/server.ts, ssh2's
// Server): key auth with a key made by ssh-keygen, exit statuses and separate stdout/stderr, the
// commands the phases and the metrics poll really send (sudo wrappers included, stdin and its EOF
// through the channel), a pty, a refused key, and host key checking against ssh-keyscan.
// Everything runs on 127.0.0.1. The sim's password auth is not driven here: OpenSSH reads a
// password only from a terminal, which would need sshpass, not installed on the test machines.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NODE_METRICS_COMMAND, parseNodeMetrics } from '../../src/services/metrics/index.js';
import { shellJoin } from '../../src/util/shell-quote.js';
import { sudoCommand } from '../../src/services/ssh/sudo.js';
import { preparedGuest, type GuestData } from '../../src/sim/lab/guest.js';
import { registerGuestHandlers, type GuestHost } from '../../src/sim/ssh/guest-handlers.js';
import { SimSshServer } from '../../src/sim/ssh/index.js';
import { waitFor as waitUntil } from '../helpers/wait.js';

const SSH = '/usr/bin/ssh';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';
const SSH_KEYSCAN = '/usr/bin/ssh-keyscan';

function requireOpenSsh(): void {
  for (const bin of [SSH, SSH_KEYGEN, SSH_KEYSCAN]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: install the OpenSSH client with \`apt-get install -y openssh-client\``);
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// No user environment: no agent socket, no locale surprises in messages.
const SSH_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };

// Async on purpose: the sim's server runs in this process, so a blocking spawnSync would stall it.
function run(file: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: SSH_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // Only a guard against a hang: a stuck client fails the test instead of holding the run.
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', (err) => (clearTimeout(guard), reject(err)));
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

interface SshOptions {
  key?: string;
  input?: string;
  tty?: boolean;
  known?: string;
  strict?: 'yes' | 'accept-new';
  extra?: string[];
}

describe('OpenSSH client against the simulated sshd', () => {
  const vm = { name: 'platform-master', role: 'master' as const, cpu: 2, memoryMb: 4096, diskGb: 20 };
  const username = 'admin';
  const password = 'sudo-sim-pw';
  let dir: string;
  let server: SimSshServer;
  let port: number;
  let guest: GuestData;
  let removeGuest: () => void;
  let keyFile: string;
  let wrongKeyFile: string;
  let knownHosts: string;

  /** ssh with no user config, no agent, only our key, host keys checked against `knownHosts`. */
  const sshArgs = (command: string, opts: SshOptions = {}): string[] => {
    const options = [
      'BatchMode=yes',
      `StrictHostKeyChecking=${opts.strict ?? 'yes'}`,
      `UserKnownHostsFile=${opts.known ?? knownHosts}`,
      'GlobalKnownHostsFile=/dev/null',
      'IdentitiesOnly=yes',
      'IdentityAgent=none',
      'PasswordAuthentication=no',
      'KbdInteractiveAuthentication=no',
      'ConnectTimeout=10',
      'LogLevel=ERROR',
    ];
    return [
      ...['-F', '/dev/null'],
      ...options.flatMap((o) => ['-o', o]),
      ...['-i', opts.key ?? keyFile, '-p', String(port)],
      opts.tty ? '-tt' : '-T',
      ...(opts.extra ?? []),
      `${username}@127.0.0.1`,
      ...(command === '' ? [] : [command]),
    ];
  };
  const ssh = (command: string, opts: SshOptions = {}): Promise<Run> => run(SSH, sshArgs(command, opts), opts.input);

  before(async () => {
    requireOpenSsh();
    dir = mkdtempSync(path.join(os.tmpdir(), 'k8slab-openssh-'));
    keyFile = path.join(dir, 'id_ed25519');
    wrongKeyFile = path.join(dir, 'wrong_ed25519');
    knownHosts = path.join(dir, 'known_hosts');
    for (const [file, comment] of [
      [keyFile, 'k8slab-test'],
      [wrongKeyFile, 'stranger'],
    ] as const) {
      const r = spawnSync(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
      assert.equal(r.status, 0, `ssh-keygen failed: ${r.stderr.toString()}`);
    }
    // The sim takes authorized keys as OpenSSH public key lines, as in ~/.ssh/authorized_keys.
    server = new SimSshServer({
      vm,
      hostKeyDir: path.join(dir, 'hostkeys'),
      auth: { username, password, authorizedKeys: [readFileSync(`${keyFile}.pub`, 'utf8').trim()] },
      sudo: 'password',
      journalIntervalMs: 20,
    });
    port = (await server.start()).port;
    // What the demo lab installs on each VM: a prepared node (phases 02–04 done).
    guest = preparedGuest(vm.name, '1.31', readFileSync(`${keyFile}.pub`, 'utf8').trim());
    guest.files['/etc/kubernetes/admin.conf'] = 'apiVersion: v1\nkind: Config\n'; // kubeadm init has run
    const host: GuestHost = {
      load: () => structuredClone(guest),
      save: (g) => (guest = structuredClone(g)),
      delay: () => Promise.resolve(),
      injected: () => undefined,
      kubeadmInit: () => Promise.resolve({ adminConf: 'apiVersion: v1\nkind: Config\n' }),
      joinCommand: () => 'kubeadm join 192.168.64.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:00ff',
      kubeadmJoin: () => Promise.resolve(undefined),
      powerOff: () => undefined,
      authorizedKeysChanged: () => undefined,
    };
    removeGuest = registerGuestHandlers(server, host);
    // Pin the host key the way a person would: ssh-keyscan into known_hosts.
    const scan = await run(SSH_KEYSCAN, ['-T', '10', '-t', 'ed25519', '-p', String(port), '127.0.0.1']);
    assert.equal(scan.code, 0, scan.stderr);
    writeFileSync(knownHosts, scan.stdout);
  });
  after(async () => {
    removeGuest?.();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ssh-keyscan reports the host key the sim keeps for the VM', async () => {
    const lines = readFileSync(knownHosts, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(lines.length, 1, `one ed25519 key expected, got: ${lines.join(' | ')}`);
    const [hostField, type, blob] = (lines[0] as string).split(' ');
    assert.equal(hostField, `[127.0.0.1]:${port}`);
    assert.equal(type, 'ssh-ed25519');
    // The sim's private host key file (loadOrCreateHostKey's place), read by ssh-keygen itself.
    const pub = spawnSync(SSH_KEYGEN, ['-y', '-f', path.join(dir, 'hostkeys', `${vm.name}_ssh_host_ed25519_key`)]);
    assert.equal(pub.status, 0, pub.stderr.toString());
    const [pubType, pubBlob] = pub.stdout.toString().trim().split(' ');
    assert.equal(pubType, type);
    assert.equal(pubBlob, blob);
    // and the banner names OpenSSH as the sim means it to
    const banner = await run(SSH_KEYSCAN, ['-T', '10', '-p', String(port), '127.0.0.1']);
    assert.match(banner.stderr, /SSH-2\.0-OpenSSH_9\.6p1 Ubuntu/);
  });

  it('logs in with the key and returns stdout and exit status 0', async () => {
    const r = await ssh('hostname');
    assert.deepEqual(r, { code: 0, stdout: `${vm.name}\n`, stderr: '' });
    const up = await ssh('uptime');
    assert.equal(up.code, 0);
    assert.match(up.stdout, /^ \d\d:\d\d:\d\d up .*load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/);
    assert.equal((await ssh('uname -r')).stdout.trim().length > 0, true);
  });

  it('passes failing exit statuses and stderr through, apart from stdout', async () => {
    assert.deepEqual(await ssh('false'), { code: 1, stdout: '', stderr: '' });
    const missing = await ssh('no-such-tool --flag');
    assert.equal(missing.code, 127);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, 'sh: 1: no-such-tool: not found\n');
    const inactive = await ssh('systemctl is-active no-such-unit');
    assert.deepEqual(inactive, { code: 3, stdout: 'inactive\n', stderr: '' });
  });

  it('answers what the phases send: service checks, kubeadm, sudo with the password on stdin', async () => {
    assert.deepEqual(await ssh('systemctl is-active kubelet'), { code: 0, stdout: 'active\n', stderr: '' });
    assert.deepEqual(await ssh('kubeadm version -o short'), { code: 0, stdout: `v${guest.packages.kubeadm}\n`, stderr: '' });
    // sudo as the pool sends it with a password: the first stdin line is the password
    const withPw = await ssh(sudoCommand('id -u', true), { input: `${password}\n` });
    assert.deepEqual(withPw, { code: 0, stdout: '0\n', stderr: '' });
    const join = await ssh(sudoCommand(shellJoin(['kubeadm', 'token', 'create', '--print-join-command']), true), {
      input: `${password}\n`,
    });
    assert.equal(join.code, 0, join.stderr);
    assert.match(join.stdout, /^kubeadm join \S+:6443 --token \S+ --discovery-token-ca-cert-hash sha256:\S+\n$/);
    const badPw = await ssh(sudoCommand('id -u', true), { input: 'wrong\n' });
    assert.equal(badPw.code, 1);
    assert.match(badPw.stderr, /incorrect password/);
    // without the password wrapper a password-sudo VM refuses at once instead of prompting
    const noPw = await ssh(sudoCommand('id -u', false));
    assert.equal(noPw.code, 1);
    assert.match(noPw.stderr, /a password is required/);
  });

  it('carries stdin to its end: the key install of node-prep, read back', async () => {
    const extra = readFileSync(`${wrongKeyFile}.pub`, 'utf8');
    const tee = await ssh(shellJoin(['tee', '-a', '.ssh/authorized_keys']), { input: extra });
    assert.equal(tee.code, 0, tee.stderr);
    assert.equal(tee.stdout, extra, 'tee echoes what it read');
    const cat = await ssh(shellJoin(['cat', '.ssh/authorized_keys']));
    assert.equal(cat.code, 0, cat.stderr);
    assert.ok(cat.stdout.endsWith(extra), `authorized_keys ends with the appended key:\n${cat.stdout}`);
    assert.equal(guest.files['.ssh/authorized_keys'], cat.stdout);
  });

  it("runs the metrics poll's command; the product's parser reads the answer", async () => {
    const r = await ssh(NODE_METRICS_COMMAND);
    assert.equal(r.code, 0, r.stderr);
    const m = parseNodeMetrics(r.stdout);
    assert.deepEqual(m.problems, []);
    assert.equal(m.cpuCount, vm.cpu);
    assert.deepEqual(m.services, { containerd: 'active', kubelet: 'active' });
    assert.ok((m.memory?.totalKb ?? 0) > 0);
  });

  it('streams the kubelet journal and gives a pty with CRLF line ends', async () => {
    const journal = await ssh('journalctl -u kubelet -n 4 --no-pager');
    assert.equal(journal.code, 0, journal.stderr);
    const lines = journal.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 4);
    for (const line of lines) assert.match(line, new RegExp(`^\\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} ${vm.name} kubelet\\[\\d+\\]: `));
    const tty = await ssh('hostname', { tty: true });
    assert.equal(tty.code, 0, tty.stderr);
    assert.equal(tty.stdout, `${vm.name}\r\n`);
  });

  it('gives an interactive shell on a pty that reads typed-ahead lines in order', async () => {
    // Piped stdin arrives in one packet: every line must run, in order, as a real shell reads a tty.
    const r = await ssh('', { tty: true, input: 'hostname\rwhoami\rexit 3\r' });
    assert.equal(r.code, 3, `exit status of the shell, output: ${JSON.stringify(r.stdout)} ${r.stderr}`);
    const prompt = `${username}@${vm.name}:~$ `;
    assert.ok(r.stdout.startsWith('Welcome to Ubuntu'), r.stdout);
    assert.ok(
      r.stdout.includes(`${prompt}hostname\r\n${vm.name}\r\n${prompt}whoami\r\n${username}\r\n${prompt}exit 3\r\n`),
      JSON.stringify(r.stdout),
    );
  });

  it('interrupts a running command in the shell with ^C', async () => {
    const child = spawn(SSH, sshArgs('', { tty: true }), { stdio: ['pipe', 'pipe', 'pipe'], env: SSH_ENV });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Stops early when ssh exits, so the assertion shows what it printed instead of a timeout.
    const waitFor = async (re: RegExp): Promise<void> => {
      await waitUntil(() => re.test(stdout) || child.exitCode !== null, {
        timeoutMs: 10_000,
        message: () => `${re} in ${JSON.stringify(stdout)}`,
      });
      assert.match(stdout, re);
    };
    try {
      await waitFor(/:~\$ $/);
      child.stdin.write('journalctl -u kubelet -n 1 -f\r');
      await waitFor(/kubelet\[\d+\]: [^\n]*\r\n[^\n]*kubelet\[\d+\]: /); // following: a second line came
      child.stdin.write('\x03');
      await waitFor(/\^C\r\n(?:[^\n]*\r\n)?admin@platform-master:~\$ $/);
      child.stdin.end('exit 4\r');
      assert.equal(await closed, 4);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
  });

  it("answers OpenSSH's keepalive requests on a long-running stream", async () => {
    // ServerAliveInterval makes the client send keepalive@openssh.com global requests and give up
    // (exit 255, "Timeout, server not responding") when two in a row go unanswered.
    const child = spawn(
      SSH,
      sshArgs('journalctl -u kubelet -n 1 -f', { extra: ['-o', 'ServerAliveInterval=1', '-o', 'ServerAliveCountMax=1'] }),
      { stdio: ['pipe', 'pipe', 'pipe'], env: SSH_ENV },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      // Long enough for three keepalive rounds; the check is that the client is still connected.
      await Promise.race([new Promise((r) => setTimeout(r, 3500)), closed]);
      assert.equal(child.exitCode, null, `ssh ended early (${String(child.exitCode)}): ${stderr}`);
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
    assert.doesNotMatch(stderr, /Timeout|not responding/);
    assert.ok(stdout.split('\n').filter(Boolean).length > 10, `journal lines kept coming: ${stdout.length} bytes`);
  });

  it('refuses a key it does not know with exit 255 and Permission denied', async () => {
    const r = await ssh('hostname', { key: wrongKeyFile });
    assert.equal(r.code, 255);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^admin@127\.0\.0\.1: Permission denied \(publickey,password\)\.\r?\n$/);
  });

  it('fails host key checking against a different pinned key', async () => {
    const otherKnown = path.join(dir, 'known_hosts_other');
    const other = readFileSync(`${wrongKeyFile}.pub`, 'utf8').split(' ');
    writeFileSync(otherKnown, `[127.0.0.1]:${port} ${other[0]} ${other[1]}\n`);
    const r = await ssh('hostname', { known: otherKnown });
    assert.equal(r.code, 255);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    // accept-new writes the key into an empty file and then checks it, as on a first login
    const fresh = path.join(dir, 'known_hosts_fresh');
    const first = await ssh('hostname', { known: fresh, strict: 'accept-new' });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      readFileSync(fresh, 'utf8').trim().split(' ').slice(1).join(' '),
      readFileSync(knownHosts, 'utf8').trim().split(' ').slice(1).join(' '),
    );
  });
});
