// The shapes the SSH pool takes and gives back.
import type { Readable, Writable } from 'node:stream';

/** One node: its name (for messages and pinning errors) and where its sshd listens. */
export interface SshTarget {
  name: string;
  host: string;
  port: number;
}

/** How to log in. Give a key, a password, or both (the key is tried first). */
export interface SshAuth {
  username: string;
  /** Private key text (OpenSSH or PEM). Takes precedence over privateKeyPath. */
  privateKey?: string | Buffer;
  privateKeyPath?: string;
  passphrase?: string;
  /** Never logged, never put in a message; also fed to `sudo -S` when a command needs sudo. */
  password?: string;
}

export interface ReconnectPolicy {
  /** First delay after a failed connect; doubled after each failure. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed connects after which queued work is rejected with the last error. */
  maxAttempts: number;
}

export interface SshPoolOptions {
  auth: SshAuth;
  /** known_hosts file for pinning (statePaths().knownHosts in the app). */
  knownHostsFile: string;
  /** Channels open at once per connection; more wait in a queue. OpenSSH allows 10 by default. */
  maxChannelsPerConnection?: number;
  /** SSH-level keepalive (ServerAliveInterval); 0 turns it off. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Handshake + authentication budget. */
  connectTimeoutMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
  /** Where the pool says what it does; never receives a password. */
  log?: (entry: SshLogEntry) => void;
}

export interface SshLogEntry {
  level: 'debug' | 'info' | 'warn';
  node: string;
  message: string;
}

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'backoff' | 'closed';

export interface ConnectionStateEvent {
  node: string;
  state: ConnectionState;
  /** The error that caused a backoff or an idle state after giving up. */
  error?: Error;
}

export interface ExecOptions {
  /** Budget for the whole call: waiting for the connection and a channel, and the command. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Run under sudo: `sudo -n`, or the pool's password through `sudo -S` on stdin. */
  sudo?: boolean;
  /** Bytes for the command's stdin (closed afterwards). */
  input?: string | Buffer;
}

export interface ExecResult {
  /** Exit status; null when the command was killed by a signal (or sent none). */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface StreamOptions {
  signal?: AbortSignal;
  sudo?: boolean;
  /** Budget for getting a channel (not for the stream's life). */
  timeoutMs?: number;
}

export interface StreamLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface ShellOptions {
  stdin: Readable;
  stdout: Writable;
  columns?: number;
  rows?: number;
  term?: string;
  signal?: AbortSignal;
  /** Budget for getting a channel. */
  timeoutMs?: number;
}

export interface ShellExit {
  code: number | null;
  signal: string | null;
}
