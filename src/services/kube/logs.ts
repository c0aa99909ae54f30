// Pod logs as an async iterable of lines. `follow` keeps it open until the container goes,
// the server ends it, or the caller aborts (which ends the iteration quietly).
import { KubeError } from './errors.js';
import type { KubeTransport } from './transport.js';

export interface LogOptions {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  previous?: boolean;
  timestamps?: boolean;
  sinceSeconds?: number;
  limitBytes?: number;
  signal?: AbortSignal;
  /** Deadline for the server to start answering (default: the transport's). */
  headersTimeoutMs?: number;
}

export async function* podLogLines(
  transport: KubeTransport,
  namespace: string,
  pod: string,
  opts: LogOptions = {},
): AsyncGenerator<string, void, undefined> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
  let res;
  try {
    res = await transport.stream(path, {
      query: {
        container: opts.container,
        follow: opts.follow ? 'true' : undefined,
        tailLines: opts.tailLines,
        previous: opts.previous ? 'true' : undefined,
        timestamps: opts.timestamps ? 'true' : undefined,
        sinceSeconds: opts.sinceSeconds,
        limitBytes: opts.limitBytes,
      },
      accept: 'text/plain, */*',
      signal: opts.signal,
      ...(opts.headersTimeoutMs !== undefined ? { headersTimeoutMs: opts.headersTimeoutMs } : {}),
    });
  } catch (err) {
    if (err instanceof KubeError && err.kind === 'aborted') return;
    throw err;
  }
  res.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of res as AsyncIterable<string>) {
      rest += chunk;
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        yield rest.slice(0, nl);
        rest = rest.slice(nl + 1);
      }
    }
  } catch (err) {
    if (opts.signal?.aborted) return;
    throw new KubeError('network', `logs ${namespace}/${pod}: ${(err as Error).message}`, transport.cluster);
  } finally {
    res.destroy(); // the consumer stopped early (break) or we are done
  }
  if (opts.signal?.aborted) return;
  if (rest !== '') yield rest; // a last line without newline (limitBytes)
}
