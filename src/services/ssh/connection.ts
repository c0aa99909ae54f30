// One pooled SSH connection to one node: connects on demand, hands out at most `maxChannels`
// channel slots at a time (the rest wait in a FIFO queue), and after a drop or a failed connect
// retries with exponential backoff while work is queued. Queued work is never dropped: it gets a
// slot once the connection is back, or is rejected with the typed error that made us give up.
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { Client as SshClient, ConnectConfig } from 'ssh2';
import {
  SshAuthError,
  SshConnectionRefusedError,
  SshError,
  SshHostKeyMismatchError,
  SshPoolClosedError,
  SshTimeoutError,
  SshUnreachableError,
} from './errors.js';
import { hostPattern, type HostKeyVerdict, type KnownHostsFile } from './known-hosts.js';
import type { ConnectionState, ConnectionStateEvent, ReconnectPolicy, SshAuth, SshLogEntry, SshTarget } from './types.js';
import { backoffDelay } from '../../util/backoff.js';

const { Client } = ssh2;

export interface ConnectionSettings {
  auth: SshAuth;
  knownHosts: KnownHostsFile;
  maxChannels: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  connectTimeoutMs: number;
  reconnect: ReconnectPolicy;
  log: (entry: SshLogEntry) => void;
  onState: (event: ConnectionStateEvent) => void;
}

/** A live ssh2 client; `dropped` turns true when its socket closes. */
interface Session {
  client: SshClient;
  ready: boolean;
  dropped: boolean;
  /** The drop has been handled (end, close and invalidate may all report it). */
  gone: boolean;
}

/** A channel slot on a ready connection. Release it exactly once. */
export interface Lease {
  client: SshClient;
  /** Whether the connection this lease came from has gone (tells "lost" from "closed"). */
  dropped(): boolean;
  /** The connection turned out dead before a channel opened: drop it so that the next try reconnects. */
  invalidate(): void;
  release(): void;
}

interface Waiter {
  resolve: (lease: Lease) => void;
  reject: (err: Error) => void;
}

export interface PendingLease {
  lease: Promise<Lease>;
  /** Takes the request out of the queue (on timeout or abort); a no-op once it got its lease. */
  cancel(err: Error): void;
}

// Socket errors that may heal (VM booting, sshd restarting); auth and host-key errors never do.
const RETRYABLE: ReadonlySet<string> = new Set(['CONNECTION_REFUSED', 'UNREACHABLE', 'TIMEOUT', 'CONNECTION_LOST']);

export class NodeConnection {
  private session: Session | undefined;
  private state: ConnectionState = 'idle';
  private active = 0;
  private readonly waiters: Waiter[] = [];
  private failures = 0;
  private backoffTimer: NodeJS.Timeout | undefined;
  /** The last connect failure: the cause given when a queued call times out. */
  lastError: SshError | undefined;

  constructor(
    readonly target: SshTarget,
    private readonly settings: ConnectionSettings,
  ) {}

  get connectionState(): ConnectionState {
    return this.state;
  }

  get openChannels(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  acquire(): PendingLease {
    let waiter: Waiter | undefined;
    const lease = new Promise<Lease>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    const w = waiter as Waiter;
    if (this.state === 'closed') w.reject(new SshPoolClosedError(this.target.name));
    else {
      this.waiters.push(w);
      this.pump();
    }
    return {
      lease,
      cancel: (err) => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          w.reject(err);
        }
      },
    };
  }

  /** Ends the connection; queued work is rejected with SshPoolClosedError. */
  close(): void {
    if (this.state === 'closed') return;
    this.setState('closed');
    clearTimeout(this.backoffTimer);
    this.rejectAll(new SshPoolClosedError(this.target.name));
    this.session?.client.end();
    this.session = undefined;
  }

  private pump(): void {
    if (this.state === 'closed') return;
    if (this.state === 'ready' && this.session) {
      while (this.active < this.settings.maxChannels && this.waiters.length > 0) {
        const waiter = this.waiters.shift() as Waiter;
        waiter.resolve(this.lease(this.session));
      }
      return;
    }
    if (this.state === 'idle' && this.waiters.length > 0) void this.connect();
  }

  private lease(session: Session): Lease {
    this.active += 1;
    let released = false;
    return {
      client: session.client,
      dropped: () => session.dropped,
      invalidate: () => {
        this.lost(session);
        session.client.end();
      },
      release: () => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.pump();
      },
    };
  }

  private setState(state: ConnectionState, error?: Error): void {
    this.state = state;
    this.settings.onState({ node: this.target.name, state, ...(error ? { error } : {}) });
  }

  private rejectAll(err: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(err);
  }

  private async connect(): Promise<void> {
    const { target, settings } = this;
    this.setState('connecting');
    let privateKey: string | Buffer | undefined = settings.auth.privateKey;
    if (privateKey === undefined && settings.auth.privateKeyPath) {
      try {
        privateKey = await readFile(settings.auth.privateKeyPath);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
        this.failConnect(
          new SshError(
            'AUTH_FAILED',
            target.name,
            `ssh ${target.name}: cannot read the private key ${settings.auth.privateKeyPath} (${code})`,
          ),
        );
        return;
      }
    }
    if (this.state !== 'connecting') return; // closed while reading the key

    const client = new Client();
    const session: Session = { client, ready: false, dropped: false, gone: false };
    this.session = session;
    let verdict: HostKeyVerdict | undefined;
    let failure: SshError | undefined;

    const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
      settings.knownHosts.verify(target.host, target.port, key).then(
        (v) => {
          verdict = v;
          if (v.kind === 'new')
            settings.log({
              level: 'info',
              node: target.name,
              message: `pinned the host key of ${hostPattern(target.host, target.port)} (first use)`,
            });
          verify(v.kind !== 'mismatch');
        },
        (err: unknown) => {
          failure = new SshError(
            'HOST_KEY_MISMATCH',
            target.name,
            `ssh ${target.name}: cannot check the host key against ${settings.knownHosts.file}: ${err instanceof Error ? err.message : String(err)}`,
          );
          verify(false);
        },
      );
    };

    client.on('ready', () => {
      if (this.state === 'closed') {
        client.end();
        return;
      }
      session.ready = true;
      this.failures = 0;
      this.lastError = undefined;
      settings.log({ level: 'debug', node: target.name, message: `connected to ${target.host}:${target.port}` });
      this.setState('ready');
      this.pump();
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (session.ready) {
        settings.log({ level: 'warn', node: target.name, message: `connection error: ${err.message}` });
        return;
      }
      failure ??= this.classify(err, verdict);
    });
    // A ready connection is gone at the first sign (the server's EOF); a failed connect is
    // judged at 'close', after 'error' has said why.
    client.on('end', () => {
      if (session.ready) this.lost(session);
    });
    client.on('close', () => {
      if (session.ready) this.lost(session);
      else if (!session.gone) {
        session.gone = true;
        session.dropped = true;
        if (this.session === session) this.session = undefined;
        this.failConnect(failure ?? this.classify(new Error('connection closed during the handshake'), verdict));
      }
    });

    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: settings.auth.username,
      readyTimeout: settings.connectTimeoutMs,
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: settings.keepaliveCountMax,
      hostVerifier,
      ...(privateKey !== undefined ? { privateKey } : {}),
      ...(settings.auth.passphrase !== undefined ? { passphrase: settings.auth.passphrase } : {}),
      ...(settings.auth.password !== undefined ? { password: settings.auth.password } : {}),
    };
    try {
      client.connect(config);
    } catch (err) {
      // ssh2 throws synchronously on a malformed key; never echo its text (it may quote input).
      session.dropped = true;
      session.gone = true;
      this.session = undefined;
      const why =
        err instanceof Error && /key/i.test(err.message)
          ? 'the private key cannot be parsed (wrong format or passphrase)'
          : 'invalid connection settings';
      this.failConnect(new SshError('AUTH_FAILED', target.name, `ssh ${target.name}: ${why}`));
    }
  }

  /** A ready session went away: running channels fail as lost, queued work waits for a reconnect. */
  private lost(session: Session): void {
    if (session.gone) return;
    session.gone = true;
    session.dropped = true;
    if (this.session === session) this.session = undefined;
    if (this.state === 'closed' || this.session !== undefined) return;
    this.settings.log({ level: 'warn', node: this.target.name, message: 'connection lost' });
    this.setState('idle');
    this.pump(); // reconnects at once if work is waiting; failures then back off
  }

  private classify(err: Error & { level?: string; code?: string }, verdict: HostKeyVerdict | undefined): SshError {
    const { target, settings } = this;
    const address = `${target.host}:${target.port}`;
    const attempts = this.failures + 1;
    if (verdict?.kind === 'mismatch') {
      return new SshHostKeyMismatchError(
        target.name,
        hostPattern(target.host, target.port),
        verdict.expectedFingerprint,
        verdict.actualFingerprint,
        settings.knownHosts.file,
      );
    }
    if (err.level === 'client-authentication') {
      const methods = [
        ...(settings.auth.privateKey !== undefined || settings.auth.privateKeyPath ? ['publickey'] : []),
        ...(settings.auth.password !== undefined ? ['password'] : []),
      ];
      return new SshAuthError(target.name, settings.auth.username, methods);
    }
    if (err.level === 'client-timeout') return new SshTimeoutError(target.name, 'connect', settings.connectTimeoutMs);
    if (err.code === 'ECONNREFUSED') return new SshConnectionRefusedError(target.name, address, attempts);
    // Only the errno code or a fixed phrase goes into the message: ssh2's texts are not ours.
    const reason = err.code ?? (err.level === 'client-socket' ? 'socket error' : 'connection closed during the handshake');
    return new SshUnreachableError(target.name, address, reason, attempts);
  }

  private failConnect(err: SshError): void {
    if (this.state === 'closed') return;
    this.failures += 1;
    this.lastError = err;
    const { reconnect } = this.settings;
    if (!RETRYABLE.has(err.code) || this.failures >= reconnect.maxAttempts || this.waiters.length === 0) {
      this.settings.log({ level: 'warn', node: this.target.name, message: err.message });
      this.failures = 0;
      this.setState('idle', err);
      this.rejectAll(err);
      return;
    }
    const delay = backoffDelay(this.failures, { baseMs: reconnect.initialDelayMs, maxMs: reconnect.maxDelayMs });
    this.settings.log({ level: 'debug', node: this.target.name, message: `${err.message}; retrying in ${delay} ms` });
    this.setState('backoff', err);
    this.backoffTimer = setTimeout(() => {
      if (this.state !== 'backoff') return;
      this.setState('idle');
      this.pump();
    }, delay);
  }
}
