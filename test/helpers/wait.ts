// The tests' one "wait until": polls a probe until it gives a truthy value, or fails with what
// was awaited. Probes may be async (an HTTP query) or sync (a store, a captured screen).

export interface WaitOptions {
  /** Give up after this long (default 5000 ms). */
  timeoutMs?: number;
  /** Pause between probes (default 20 ms). */
  intervalMs?: number;
  /** What was awaited, for the timeout error; a function is asked at the time (e.g. the screen). */
  message?: string | (() => string);
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Resolves with the probe's first truthy value; rejects with "timed out waiting for …" after timeoutMs. */
export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<Truthy<Awaited<T>>> {
  const { timeoutMs = 5000, intervalMs = 20, message = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Truthy<Awaited<T>>;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof message === 'function' ? message() : message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
