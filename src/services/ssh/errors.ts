// Typed SSH errors. Every message names the node; none ever contains a password (messages are
// built here from known fields, never from the credentials or from ssh2's own text verbatim).

export type SshErrorCode =
  | 'AUTH_FAILED'
  | 'HOST_KEY_MISMATCH'
  | 'TIMEOUT'
  | 'CONNECTION_REFUSED'
  | 'UNREACHABLE'
  | 'CONNECTION_LOST'
  | 'ABORTED'
  | 'CHANNEL_FAILED'
  | 'COMMAND_FAILED'
  | 'POOL_CLOSED';

export class SshError extends Error {
  constructor(
    readonly code: SshErrorCode,
    /** The node's name from the config. */
    readonly node: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SshError';
  }
}

export class SshAuthError extends SshError {
  constructor(node: string, user: string, methods: readonly string[]) {
    super('AUTH_FAILED', node, `ssh ${node}: authentication failed for user ${user} (tried: ${methods.join(', ') || 'none'})`);
    this.name = 'SshAuthError';
  }
}

export class SshHostKeyMismatchError extends SshError {
  constructor(
    node: string,
    readonly hostPattern: string,
    /** SHA256:… of the key pinned in known_hosts. */
    readonly expectedFingerprint: string,
    /** SHA256:… of the key the server presented. */
    readonly actualFingerprint: string,
    readonly knownHostsFile: string,
  ) {
    super(
      'HOST_KEY_MISMATCH',
      node,
      `ssh ${node}: host key for ${hostPattern} does not match the pinned key — refusing to connect. ` +
        `Pinned ${expectedFingerprint}, server presented ${actualFingerprint}. ` +
        `If the VM was re-created, remove its line from ${knownHostsFile}.`,
    );
    this.name = 'SshHostKeyMismatchError';
  }
}

export class SshTimeoutError extends SshError {
  constructor(
    node: string,
    readonly phase: 'connect' | 'queue' | 'exec',
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    const what =
      phase === 'connect' ? 'connecting' : phase === 'queue' ? 'waiting for a connection or a free channel' : 'running the command';
    const cause = options?.cause instanceof Error ? ` (last error: ${options.cause.message})` : '';
    super('TIMEOUT', node, `ssh ${node}: timed out after ${timeoutMs} ms ${what}${cause}`, options);
    this.name = 'SshTimeoutError';
  }
}

export class SshConnectionRefusedError extends SshError {
  constructor(
    node: string,
    address: string,
    readonly attempts: number,
  ) {
    super(
      'CONNECTION_REFUSED',
      node,
      `ssh ${node}: connection refused by ${address}${attempts > 1 ? ` (${attempts} attempts)` : ''} — is the VM running and sshd up?`,
    );
    this.name = 'SshConnectionRefusedError';
  }
}

export class SshUnreachableError extends SshError {
  constructor(
    node: string,
    address: string,
    reason: string,
    readonly attempts: number,
  ) {
    super('UNREACHABLE', node, `ssh ${node}: cannot reach ${address}: ${reason}${attempts > 1 ? ` (${attempts} attempts)` : ''}`);
    this.name = 'SshUnreachableError';
  }
}

export class SshConnectionLostError extends SshError {
  constructor(node: string) {
    super('CONNECTION_LOST', node, `ssh ${node}: connection lost while the command was running; its outcome is unknown`);
    this.name = 'SshConnectionLostError';
  }
}

export class SshAbortedError extends SshError {
  constructor(node: string) {
    super('ABORTED', node, `ssh ${node}: aborted`);
    this.name = 'SshAbortedError';
  }
}

export class SshChannelError extends SshError {
  constructor(node: string, reason: string) {
    super('CHANNEL_FAILED', node, `ssh ${node}: could not open a channel: ${reason}`);
    this.name = 'SshChannelError';
  }
}

export class SshPoolClosedError extends SshError {
  constructor(node: string) {
    super('POOL_CLOSED', node, `ssh ${node}: the SSH pool is closed`);
    this.name = 'SshPoolClosedError';
  }
}

/** Thrown by execChecked when a command exits non-zero. Carries the output for the job log. */
export class SshCommandError extends SshError {
  constructor(
    node: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly exitSignal: string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    const how = exitCode !== null ? `exited with ${exitCode}` : `was killed by ${exitSignal ?? 'an unknown signal'}`;
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    super('COMMAND_FAILED', node, `ssh ${node}: command ${how}${tail ? `: ${tail}` : ''}`);
    this.name = 'SshCommandError';
  }
}
