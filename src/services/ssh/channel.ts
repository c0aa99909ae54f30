// Opening and stopping ssh2 channels, with ssh2's errors turned into ours.
import type { ClientChannel, PseudoTtyOptions } from 'ssh2';
import { SshChannelError, SshConnectionLostError, type SshError } from './errors.js';
import type { Lease } from './connection.js';

export function openExec(lease: Lease, node: string, command: string, pty?: PseudoTtyOptions): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const cb = (err: Error | undefined, channel: ClientChannel): void => {
      if (err) reject(channelError(lease, node, err));
      else resolve(channel);
    };
    if (pty) lease.client.exec(command, { pty }, cb);
    else lease.client.exec(command, cb);
  });
}

export function openShell(lease: Lease, node: string, window: PseudoTtyOptions): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    lease.client.shell(window, (err, channel) => {
      if (err) reject(channelError(lease, node, err));
      else resolve(channel);
    });
  });
}

function channelError(lease: Lease, node: string, err: Error): SshError {
  return lease.dropped() ? new SshConnectionLostError(node) : new SshChannelError(node, err.message);
}

/**
 * Stops what runs on a channel: a TERM signal (OpenSSH ≥ 7.9 delivers it to the session's
 * process), then closing the channel, which also ends the remote side's pipes.
 */
export function killChannel(channel: ClientChannel): void {
  try {
    channel.signal('TERM');
  } catch {
    // the channel may already be closing
  }
  try {
    channel.close();
  } catch {
    // already closed
  }
}

/** Resolves with the exit status once the channel has closed. */
export function channelExit(channel: ClientChannel): Promise<{ code: number | null; signal: string | null; sawExit: boolean }> {
  return new Promise((resolve) => {
    let code: number | null = null;
    let signal: string | null = null;
    let sawExit = false;
    channel.on('exit', (c: number | null, s?: string) => {
      sawExit = true;
      code = c;
      signal = s ?? null;
    });
    channel.on('close', () => resolve({ code, signal, sawExit }));
  });
}
