// Opening and stopping ssh2 channels, with ssh2's errors turned into ours.
import type { ClientChannel, PseudoTtyOptions } from 'ssh2';
import { SshChannelError } from './errors.js';
import type { Lease } from './connection.js';

/**
 * The channel could not be opened because the connection had died unnoticed: nothing ran on
 * the node, so the pool reconnects and tries again.
 */
export class ChannelNotStartedError extends Error {
  constructor(readonly node: string) {
    super(`ssh ${node}: the connection was gone before the channel opened`);
    this.name = 'ChannelNotStartedError';
  }
}

type Opener = (cb: (err: Error | undefined, channel: ClientChannel) => void) => void;

export interface ChannelExit {
  code: number | null;
  signal: string | null;
  sawExit: boolean;
}

export interface OpenedChannel {
  channel: ClientChannel;
  /** Settles when the channel has closed; watched from the moment it opened. */
  exit: Promise<ChannelExit>;
}

function open(lease: Lease, node: string, opener: Opener): Promise<OpenedChannel> {
  return new Promise((resolve, reject) => {
    try {
      opener((err, channel) => {
        if (err) reject(lease.dropped() ? new ChannelNotStartedError(node) : new SshChannelError(node, err.message));
        // The exit status can arrive in the same packet batch as the open confirmation, before
        // any promise continuation runs: listen synchronously, here.
        else resolve({ channel, exit: channelExit(channel) });
      });
    } catch {
      // ssh2 throws "Not connected" synchronously when the socket is already gone.
      reject(new ChannelNotStartedError(node));
    }
  });
}

export function openExec(lease: Lease, node: string, command: string): Promise<OpenedChannel> {
  return open(lease, node, (cb) => lease.client.exec(command, cb));
}

export function openShell(lease: Lease, node: string, window: PseudoTtyOptions): Promise<OpenedChannel> {
  return open(lease, node, (cb) => lease.client.shell(window, cb));
}

// ssh2's ClientChannel.signal() sends nothing once stdin has been ended (it checks `writable`),
// and we end stdin at once so that commands reading it never hang; so the request goes through
// the protocol object directly while the channel is open or half-closed by us.
interface ChannelInternals {
  outgoing?: { state?: string; id?: number };
  _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
}

/**
 * Stops what runs on a channel: a TERM signal (OpenSSH ≥ 7.9 delivers it to the session's
 * process), then closing the channel, which also ends the remote side's pipes.
 */
export function killChannel(channel: ClientChannel): void {
  const internals = channel as unknown as ChannelInternals;
  const state = internals.outgoing?.state;
  const id = internals.outgoing?.id;
  const protocol = internals._client?._protocol;
  try {
    if ((state === 'open' || state === 'eof') && id !== undefined && typeof protocol?.signal === 'function') protocol.signal(id, 'TERM');
    else channel.signal('TERM');
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
function channelExit(channel: ClientChannel): Promise<ChannelExit> {
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
