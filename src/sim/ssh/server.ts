// One simulated VM's sshd (ssh2's Server) on loopback: a persisted host key, password and/or
// public-key auth, exec through pluggable handlers, a pty shell, and start/stop so that a
// "stopped" VM refuses connections like a powered-off one.
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ParsedKey, Server as SshServer, ServerChannel } from 'ssh2';
import {
  defaultRoutes,
  matches,
  type SimCommandHandler,
  type SimCommandMatcher,
  type SimCommandRoute,
  type SimExecContext,
  type SimExecResult,
} from './commands.js';
import { loadOrCreateHostKey } from './host-key.js';
import { runShell } from './shell.js';
import { SyntheticNode, type SimVm } from './synthetic.js';
import { unwrapCommand } from './unwrap.js';

const { Server, utils } = ssh2;

export interface SimSshAuth {
  username: string;
  /** Accepted when set. */
  password?: string;
  /** OpenSSH public key lines (`ssh-ed25519 AAAA… comment`) accepted when set. */
  authorizedKeys?: readonly string[];
}

export interface SimSshServerOptions {
  vm: SimVm;
  /** Where the VM's host key is kept (per VM, so that pinning survives restarts). */
  hostKeyDir: string;
  auth: SimSshAuth;
  /** How sudo behaves: no password needed (the default), or the login password on stdin. */
  sudo?: 'nopasswd' | 'password';
  host?: string;
  /** 0 (the default) picks a free port on first start; later starts reuse it. */
  port?: number;
  /** Interval between kubelet journal lines under -f. */
  journalIntervalMs?: number;
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads one line from a stream, leaving the rest unread (unshifted back). */
function readLine(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const nl = buf.indexOf(0x0a);
      if (nl < 0) return;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.pause();
      const rest = buf.subarray(nl + 1);
      if (rest.length > 0) stream.unshift(rest);
      resolve(buf.subarray(0, nl).toString('utf8'));
    };
    const onEnd = (): void => {
      stream.off('data', onData);
      resolve(buf.toString('utf8'));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
  });
}

export class SimSshServer {
  readonly node: SyntheticNode;
  private readonly hostKey: string;
  private readonly authorized: ParsedKey[];
  private readonly routes: SimCommandRoute[] = [];
  private readonly defaults: SimCommandRoute[];
  private server: SshServer | undefined;
  private readonly clients = new Set<Connection>();
  private port: number;
  readonly host: string;

  constructor(private readonly options: SimSshServerOptions) {
    this.node = new SyntheticNode(options.vm);
    this.hostKey = loadOrCreateHostKey(options.hostKeyDir, options.vm.name);
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.authorized = (options.auth.authorizedKeys ?? []).flatMap((line) => {
      const parsed = utils.parseKey(line);
      return parsed instanceof Error ? [] : [parsed];
    });
    this.defaults = defaultRoutes(options.journalIntervalMs ?? 1000);
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Whether the VM is on: a powered-off VM keeps its port (no other process can take it) but drops every connection. */
  get powered(): boolean {
    return this.server !== undefined && this.on;
  }

  private on = true;

  /** The VM powers off: connections are dropped, new ones closed at once; the port stays ours. */
  powerOff(): void {
    this.on = false;
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  /** The VM is back: connections are served again (starting the listener if it never ran). */
  async powerOn(): Promise<void> {
    this.on = true;
    await this.start();
  }

  /** Where to connect: a target for the SSH pool. */
  get address(): { name: string; host: string; port: number } {
    return { name: this.options.vm.name, host: this.host, port: this.port };
  }

  /**
   * Adds a command handler in front of the others (latest first). Returns a function that
   * removes it. A handler returning undefined passes the command on.
   */
  handle(match: SimCommandMatcher, handler: SimCommandHandler): () => void {
    const route = { match, handler };
    this.routes.unshift(route);
    return () => {
      const i = this.routes.indexOf(route);
      if (i >= 0) this.routes.splice(i, 1);
    };
  }

  /** Runs a command line (already unwrapped) through the handlers. */
  async run(command: string, ctx: SimExecContext): Promise<SimExecResult> {
    for (const route of [...this.routes, ...this.defaults]) {
      if (!matches(route.match, command)) continue;
      const result = await route.handler(command, ctx);
      if (result) return result;
    }
    const word = command.split(/\s+/)[0] ?? command;
    return { stderr: `sh: 1: ${word}: not found\n`, code: 127 };
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.server) return { host: this.host, port: this.port };
    const server = new Server({ hostKeys: [this.hostKey], ident: 'OpenSSH_9.6p1 Ubuntu-3ubuntu13.5' }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return { host: this.host, port: this.port };
  }

  /** Stops listening and drops every connection (the VM powered off). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const client of this.clients) client.end();
    this.clients.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private checkAuth(ctx: AuthContext): boolean {
    const { auth } = this.options;
    if (!equalText(ctx.username, auth.username)) return false;
    if (ctx.method === 'password') return auth.password !== undefined && equalText(ctx.password, auth.password);
    if (ctx.method === 'publickey') {
      const key = this.authorized.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
      if (!key) return false;
      // Without a signature the client only asks whether the key would do.
      return ctx.signature === undefined || ctx.blob === undefined || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
    }
    return false;
  }

  private accept(client: Connection): void {
    if (!this.server || !this.on) {
      client.end();
      return;
    }
    this.clients.add(client);
    let username = '';
    // In OpenSSH sshd's order, which its clients print in "Permission denied (publickey,password)".
    const methods = [
      ...(this.authorized.length > 0 ? ['publickey'] : []),
      ...(this.options.auth.password !== undefined ? ['password'] : []),
    ] as Array<'password' | 'publickey'>;
    client.on('authentication', (ctx) => {
      if (this.checkAuth(ctx)) {
        username = ctx.username;
        ctx.accept();
      } else ctx.reject(methods);
    });
    client.on('error', () => undefined); // a client going away mid-handshake is not our problem
    client.on('close', () => this.clients.delete(client));
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let pty = false;
        session.on('pty', (accept) => {
          pty = true;
          accept?.();
        });
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('shell', (accept) => {
          const channel = accept();
          runShell(channel, this.node, username, (command, ctx) => this.run(unwrapCommand(command).command, ctx));
        });
        session.on('exec', (accept, _reject, info) => {
          const channel = accept();
          void this.exec(channel, info.command, username, pty);
        });
        session.on('signal', (accept) => accept?.());
      });
    });
  }

  private async exec(channel: ServerChannel, line: string, username: string, pty: boolean): Promise<void> {
    const abort = new AbortController();
    channel.on('close', () => abort.abort());
    const nl = pty ? '\r\n' : '\n';
    const unwrapped = unwrapCommand(line);
    // Buffer stdin so that handlers can read it after the sudo password line.
    const stdin = new PassThrough();
    channel.pipe(stdin);
    let closed = false;
    channel.on('close', () => {
      closed = true;
    });
    const write = (text: string): void => {
      if (!closed) channel.write(pty ? text.replace(/\r?\n/g, nl) : text);
    };
    const writeErr = (text: string): void => {
      if (!closed) channel.stderr.write(text);
    };
    let result: SimExecResult;
    if (unwrapped.passwordOnStdin) {
      const password = await readLine(stdin);
      if (this.options.sudo === 'password' && !equalText(password, this.options.auth.password ?? '\0')) {
        result = { stderr: 'sudo: 1 incorrect password attempt\n', code: 1 };
      } else
        result = await this.run(unwrapped.command, { node: this.node, username, sudo: true, stdin, write, writeErr, signal: abort.signal });
      stdin.resume();
    } else if (unwrapped.sudo && this.options.sudo === 'password' && /^sudo\s+(-\S+\s+)*-n\b/.test(line.trim())) {
      result = { stderr: 'sudo: a password is required\n', code: 1 };
    } else {
      result = await this.run(unwrapped.command, {
        node: this.node,
        username,
        sudo: unwrapped.sudo,
        stdin,
        write,
        writeErr,
        signal: abort.signal,
      });
    }
    if (closed) return;
    if (result.stdout) write(result.stdout);
    if (result.stderr) writeErr(result.stderr);
    channel.exit(result.code ?? 0);
    channel.end();
  }
}

/** Public keys from an OpenSSH .pub text (one per line). */
export function authorizedKeysFrom(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
