// One call's budget: a deadline and an AbortSignal folded into a single "stop" with a typed error.
import { SshAbortedError, type SshError, SshTimeoutError } from './errors.js';
import type { Lease, PendingLease } from './connection.js';

export class CallGuard {
  private readonly listeners = new Set<(err: SshError) => void>();
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => this.stop(new SshAbortedError(this.node));
  /** What the call is doing, for the timeout's message. */
  phase: 'queue' | 'exec' = 'queue';
  stopped: SshError | undefined;

  constructor(
    private readonly node: string,
    timeoutMs: number | undefined,
    private readonly signal: AbortSignal | undefined,
    /** The connection's last failure, given as the cause of a timeout while queued. */
    lastError: () => Error | undefined = () => undefined,
  ) {
    if (signal?.aborted) this.stopped = new SshAbortedError(node);
    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (timeoutMs !== undefined && timeoutMs > 0 && !this.stopped) {
      this.timer = setTimeout(() => {
        const cause = this.phase === 'queue' ? lastError() : undefined;
        this.stop(new SshTimeoutError(node, this.phase, timeoutMs, cause ? { cause } : undefined));
      }, timeoutMs);
    }
  }

  stop(err: SshError): void {
    if (this.stopped) return;
    this.stopped = err;
    for (const fn of [...this.listeners]) fn(err);
  }

  /** Calls fn when the call is stopped (at once if it already is); returns an unsubscribe. */
  onStop(fn: (err: SshError) => void): () => void {
    if (this.stopped) {
      fn(this.stopped);
      return () => undefined;
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Waits for a channel slot, or leaves the queue when stopped. */
  async lease(pending: PendingLease): Promise<Lease> {
    const off = this.onStop((err) => pending.cancel(err));
    try {
      const lease = await pending.lease;
      if (this.stopped) {
        lease.release();
        throw this.stopped;
      }
      return lease;
    } finally {
      off();
    }
  }

  /** Stops counting time (streams and shells live as long as they like once open). */
  clearTimeout(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearTimeout();
    this.listeners.clear();
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
