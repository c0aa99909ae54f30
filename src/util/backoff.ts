// Exponential backoff for reconnects and retries: the first attempt waits baseMs, each further
// one `factor` times longer up to maxMs; jitter spreads clients that failed together apart.

export interface BackoffOptions {
  /** The wait before the first retry. */
  baseMs: number;
  /** The ceiling before jitter. */
  maxMs: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** 0..1: the delay is multiplied by a random factor in [1-jitter, 1+jitter] (default 0). */
  jitter?: number;
  /** The random source, for tests (default Math.random). */
  random?: () => number;
}

/** The delay before retry number `attempt` (1 = the first retry), in whole milliseconds. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { baseMs, maxMs, factor = 2, jitter = 0, random = Math.random } = options;
  // min() first: a large attempt count must give maxMs, not Infinity or NaN.
  const grown = baseMs === 0 ? 0 : baseMs * factor ** Math.max(0, attempt - 1);
  const capped = Math.min(maxMs, grown);
  if (jitter === 0) return Math.round(capped);
  return Math.round(capped * (1 - jitter + 2 * jitter * random()));
}
