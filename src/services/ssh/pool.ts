// The SSH pool: one reused connection per node, commands as channels on it. exec collects output,
// stream yields lines until aborted (journalctl -f), shell hands a pty to the caller's terminal.
import { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { ChannelNotStartedError, killChannel, openExec, openShell, type OpenedChannel } from './channel.js';
import { NodeConnection, type Lease } from './connection.js';
import { SshCommandError, SshConnectionLostError, SshPoolClosedError } from './errors.js';
import { CallGuard } from './guard.js';
import { KnownHostsFile } from './known-hosts.js';
import { LineSplitter } from './lines.js';
import { sudoCommand } from './sudo.js';
import type {
  ConnectionState,
  ConnectionStateEvent,
  ExecOptions,
  ExecResult,
  ShellExit,
  ShellOptions,
  SshPoolOptions,
  SshTarget,
  StreamLine,
  StreamOptions,
} from './types.js';

export const DEFAULT_MAX_CHANNELS = 8; // below OpenSSH's MaxSessions (10)
const STREAM_HIGH_WATER = 2000; // lines buffered before the channel is paused

export interface SshPoolEvents {
  state: [ConnectionStateEvent];
}

export class SshPool extends EventEmitter<SshPoolEvents> {
  private readonly connections = new Map<string, NodeConnection>();
  private readonly knownHosts: KnownHostsFile;
  private closed = false;

  constructor(private readonly options: SshPoolOptions) {
    super();
    this.knownHosts = new KnownHostsFile(options.knownHostsFile);
  }

  /** The connection for a node; a changed host or port (new DHCP lease) replaces it. */
  private connection(target: SshTarget): NodeConnection {
    if (this.closed) throw new SshPoolClosedError(target.name);
    const existing = this.connections.get(target.name);
    if (existing && existing.target.host === target.host && existing.target.port === target.port) return existing;
    existing?.close();
    const o = this.options;
    const conn = new NodeConnection(
      { name: target.name, host: target.host, port: target.port },
      {
        auth: o.auth,
        knownHosts: this.knownHosts,
        maxChannels: o.maxChannelsPerConnection ?? DEFAULT_MAX_CHANNELS,
        keepaliveIntervalMs: o.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: o.keepaliveCountMax ?? 3,
        connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
        reconnect: { initialDelayMs: 250, maxDelayMs: 8_000, maxAttempts: 6, ...o.reconnect },
        log: o.log ?? (() => undefined),
        onState: (event) => this.emit('state', event),
      },
    );
    this.connections.set(target.name, conn);
    return conn;
  }

  state(target: SshTarget | string): ConnectionState {
    const name = typeof target === 'string' ? target : target.name;
    return this.connections.get(name)?.connectionState ?? 'idle';
  }

  /** Channels open and calls queued on a node's connection (for the UI and tests). */
  load(target: SshTarget | string): { open: number; queued: number } {
    const conn = this.connections.get(typeof target === 'string' ? target : target.name);
    return { open: conn?.openChannels ?? 0, queued: conn?.queued ?? 0 };
  }

  /** Connects (or waits for the connection) without running anything. */
  async connect(target: SshTarget, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const conn = this.connection(target);
    const guard = new CallGuard(target.name, opts.timeoutMs, opts.signal, () => conn.lastError);
    try {
      (await guard.lease(conn.acquire())).release();
    } finally {
      guard.dispose();
    }
  }

  /**
   * A slot and an open channel. A connection found dead at this point has run nothing, so it is
   * dropped and the call waits for the reconnect like any queued work.
   */
  private async openChannel(
    conn: NodeConnection,
    guard: CallGuard,
    opener: (lease: Lease) => Promise<OpenedChannel>,
  ): Promise<OpenedChannel & { lease: Lease }> {
    for (let attempt = 1; ; attempt++) {
      const lease = await guard.lease(conn.acquire());
      try {
        return { lease, ...(await opener(lease)) };
      } catch (err) {
        if (err instanceof ChannelNotStartedError) lease.invalidate();
        lease.release();
        if (!(err instanceof ChannelNotStartedError) || attempt >= 3)
          throw err instanceof ChannelNotStartedError ? new SshConnectionLostError(conn.target.name) : err;
        if (guard.stopped) throw guard.stopped;
      }
    }
  }

  private remoteCommand(command: string, sudo: boolean | undefined): { line: string; stdinPrefix: string } {
    if (!sudo) return { line: command, stdinPrefix: '' };
    const password = this.options.auth.password;
    if (password === undefined) return { line: sudoCommand(command, false), stdinPrefix: '' };
    return { line: sudoCommand(command, true), stdinPrefix: `${password}\n` };
  }

  /** Runs a command and collects its output. A non-zero exit is a result, not an error. */
  async exec(target: SshTarget, command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const conn = this.connection(target);
    const guard = new CallGuard(target.name, opts.timeoutMs, opts.signal, () => conn.lastError);
    try {
      const { line, stdinPrefix } = this.remoteCommand(command, opts.sudo);
      const { lease, channel, exit: exited } = await this.openChannel(conn, guard, (l) => openExec(l, target.name, line));
      let exit: Promise<unknown> | undefined;
      try {
        guard.phase = 'exec';
        exit = exited;
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        channel.on('data', (chunk: Buffer) => out.push(chunk));
        channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        if (stdinPrefix) channel.write(stdinPrefix);
        channel.end(opts.input);
        let off = (): void => undefined;
        // A stop rejects at once; the remote side is signalled and closes in its own time.
        const stopped = new Promise<never>((_, reject) => {
          off = guard.onStop((e) => {
            killChannel(channel);
            reject(e);
          });
        });
        try {
          const { code, signal, sawExit } = await Promise.race([exited, stopped]);
          if (!sawExit && lease.dropped()) throw new SshConnectionLostError(target.name);
          return { code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
        } finally {
          off();
        }
      } finally {
        // The slot is free only once the channel has really closed (OpenSSH's MaxSessions counts it).
        if (exit) void exit.then(() => lease.release());
        else lease.release();
      }
    } finally {
      guard.dispose();
    }
  }

  /** exec that throws SshCommandError when the command exits non-zero. */
  async execChecked(target: SshTarget, command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const result = await this.exec(target, command, opts);
    if (result.code !== 0) throw new SshCommandError(target.name, command, result.code, result.signal, result.stdout, result.stderr);
    return result;
  }

  /**
   * Runs a long-lived command and yields its output line by line. Ends quietly when the signal
   * aborts (the remote command is stopped) or when the command exits; the generator's return
   * value is the exit status. Breaking out of a for-await loop stops the command too.
   */
  async *stream(target: SshTarget, command: string, opts: StreamOptions = {}): AsyncGenerator<StreamLine, ShellExit, void> {
    const conn = this.connection(target);
    const guard = new CallGuard(target.name, opts.timeoutMs, opts.signal, () => conn.lastError);
    let lease: Lease;
    let channel: ClientChannel;
    let exitP: OpenedChannel['exit'];
    try {
      const { line, stdinPrefix } = this.remoteCommand(command, opts.sudo);
      ({ lease, channel, exit: exitP } = await this.openChannel(conn, guard, (l) => openExec(l, target.name, line)));
      if (stdinPrefix) channel.write(stdinPrefix);
      channel.end();
    } catch (err) {
      guard.dispose();
      if (opts.signal?.aborted) return { code: null, signal: null };
      throw err;
    }
    guard.clearTimeout();
    const ch = channel;
    const buffered: StreamLine[] = [];
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    let paused = false;
    const feed = (stream: 'stdout' | 'stderr', splitter: LineSplitter) => (chunk: Buffer) => {
      for (const text of splitter.push(chunk)) buffered.push({ stream, line: text });
      if (buffered.length > STREAM_HIGH_WATER && !paused) {
        paused = true;
        ch.pause();
      }
      notify();
    };
    const outSplit = new LineSplitter();
    const errSplit = new LineSplitter();
    ch.on('data', feed('stdout', outSplit));
    ch.stderr.on('data', feed('stderr', errSplit));
    let finished: { code: number | null; signal: string | null; sawExit: boolean } | undefined;
    void exitP.then((exit) => {
      for (const text of outSplit.end()) buffered.push({ stream: 'stdout', line: text });
      for (const text of errSplit.end()) buffered.push({ stream: 'stderr', line: text });
      finished = exit;
      notify();
    });
    const off = guard.onStop(() => {
      killChannel(ch);
      notify();
    });
    try {
      for (;;) {
        if (guard.stopped) return { code: null, signal: null };
        const next = buffered.shift();
        if (next) {
          if (paused && buffered.length < STREAM_HIGH_WATER / 2) {
            paused = false;
            ch.resume();
          }
          yield next;
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (!finished.sawExit && lease.dropped()) throw new SshConnectionLostError(target.name);
      return { code: finished.code, signal: finished.signal };
    } finally {
      off();
      if (!finished) killChannel(ch);
      void exitP.then(() => lease.release());
      guard.dispose();
    }
  }

  /**
   * An interactive shell on a pty, wired to the caller's streams (the TUI hands over its
   * terminal, in raw mode). Follows `resize` events of `stdout` when it has columns/rows (a TTY).
   * Resolves when the remote shell exits; rejects with SshAbortedError when the signal aborts.
   */
  async shell(target: SshTarget, opts: ShellOptions): Promise<ShellExit> {
    const conn = this.connection(target);
    const guard = new CallGuard(target.name, opts.timeoutMs, opts.signal, () => conn.lastError);
    try {
      const size = terminalSize(opts.stdout);
      const window = {
        term: opts.term ?? process.env.TERM ?? 'xterm-256color',
        cols: opts.columns ?? size?.columns ?? 80,
        rows: opts.rows ?? size?.rows ?? 24,
        width: 0,
        height: 0,
      };
      const { lease, channel, exit } = await this.openChannel(conn, guard, (l) => openShell(l, target.name, window));
      try {
        guard.clearTimeout();
        const { stdin, stdout } = opts;
        const wasPaused = stdin.isPaused();
        const toRemote = (chunk: Buffer | string): void => {
          channel.write(chunk);
        };
        const toLocal = (chunk: Buffer): void => {
          stdout.write(chunk);
        };
        const onResize = (): void => {
          const now = terminalSize(stdout);
          if (now) channel.setWindow(now.rows, now.columns, 0, 0);
        };
        // Listeners rather than pipe(): the caller's stdin/stdout must stay open afterwards.
        stdin.on('data', toRemote);
        stdin.resume();
        channel.on('data', toLocal);
        channel.stderr.on('data', toLocal);
        stdout.on('resize', onResize);
        const off = guard.onStop(() => killChannel(channel));
        try {
          const { code, signal, sawExit } = await exit;
          if (guard.stopped) throw guard.stopped;
          if (!sawExit && lease.dropped()) throw new SshConnectionLostError(target.name);
          return { code, signal };
        } finally {
          off();
          stdin.off('data', toRemote);
          if (wasPaused) stdin.pause();
          stdout.off('resize', onResize);
        }
      } finally {
        lease.release();
      }
    } finally {
      guard.dispose();
    }
  }

  /** Closes one node's connection (e.g. its VM is being stopped). */
  disconnect(target: SshTarget | string): void {
    const name = typeof target === 'string' ? target : target.name;
    this.connections.get(name)?.close();
    this.connections.delete(name);
  }

  /** Closes every connection; queued and later calls are rejected with SshPoolClosedError. */
  close(): void {
    this.closed = true;
    for (const conn of this.connections.values()) conn.close();
    this.connections.clear();
  }
}

function terminalSize(stream: Readable | Writable): { columns: number; rows: number } | undefined {
  const s = stream as Partial<{ columns: unknown; rows: unknown }>;
  return typeof s.columns === 'number' && typeof s.rows === 'number' && s.columns > 0 && s.rows > 0
    ? { columns: s.columns, rows: s.rows }
    : undefined;
}
