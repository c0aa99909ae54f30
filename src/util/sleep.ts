// The one abortable wait. Most loops (reconnects, polls, simulated work) want an abort to end the
// wait quietly and then check the signal themselves; a step that must stop at once asks for a
// rejection with the signal's reason instead.

export interface SleepOptions {
  /** 'resolve' (the default): an abort ends the wait early and quietly; 'reject': with signal.reason. */
  onAbort?: 'resolve' | 'reject';
  /** Lets the process exit while the wait is pending. */
  unref?: boolean;
}

/** Waits `ms` milliseconds, or until `signal` aborts (already aborted: at once). */
export function sleep(ms: number, signal?: AbortSignal, options: SleepOptions = {}): Promise<void> {
  const reject = options.onAbort === 'reject';
  return new Promise<void>((resolve, fail) => {
    const abort = (): void => (reject ? fail(signal?.reason) : resolve());
    if (signal?.aborted) return abort();
    const onAbort = (): void => {
      clearTimeout(timer);
      abort();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (options.unref) timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
