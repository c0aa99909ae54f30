// GET …/pods/{name}/log: text/plain, headers flushed at once (client-node's Log resolves on
// headers), follow keeps the response open until the client goes or the pod does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClusterState, LogEntry } from './state.js';
import { notFound, rfc3339Nano, sendStatus } from './http-util.js';

export function handleLogs(
  state: SimClusterState,
  req: IncomingMessage,
  res: ServerResponse,
  ns: string,
  name: string,
  q: URLSearchParams,
): void {
  const pod = state.get('pods', ns, name);
  if (!pod) return notFound(res, 'pods', name);
  const names = pod.spec.containers.map((c) => c.name);
  let container = q.get('container') ?? '';
  if (container === '') {
    if (names.length !== 1)
      return sendStatus(res, 400, `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    container = names[0] ?? '';
  }
  if (!names.includes(container)) return sendStatus(res, 400, `container ${container} is not valid for pod ${name}`);
  const previous = q.get('previous') === 'true';
  const entries = state.readLogs(pod, container, previous);
  if (entries === undefined) return sendStatus(res, 400, `previous terminated container "${container}" in pod "${name}" not found`);

  const follow = q.get('follow') === 'true' && !previous;
  const timestamps = q.get('timestamps') === 'true';
  const tail = q.has('tailLines') ? Math.max(0, Number(q.get('tailLines'))) : undefined;
  const sinceSeconds = q.has('sinceSeconds') ? Number(q.get('sinceSeconds')) : undefined;
  const sinceTime = q.get('sinceTime');
  const since = sinceSeconds !== undefined ? state.opts.now() - sinceSeconds * 1000 : sinceTime ? Date.parse(sinceTime) : undefined;
  let budget = q.has('limitBytes') ? Math.max(0, Number(q.get('limitBytes'))) : Infinity;

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  const format = (e: LogEntry): string => (timestamps ? `${rfc3339Nano(e.time)} ${e.text}\n` : `${e.text}\n`);
  /** Writes one line within the byte budget; false once the budget is spent. */
  const emit = (e: LogEntry): boolean => {
    const line = format(e);
    const bytes = Buffer.byteLength(line);
    if (bytes <= budget) {
      res.write(line);
      budget -= bytes;
      return budget > 0;
    }
    res.write(Buffer.from(line).subarray(0, budget));
    budget = 0;
    return false;
  };

  let selected = since !== undefined ? entries.filter((e) => e.time >= since) : entries;
  if (tail !== undefined) selected = tail === 0 ? [] : selected.slice(-tail);
  for (const e of selected) {
    if (!emit(e)) {
      res.end();
      return;
    }
  }
  if (!follow) {
    res.end();
    return;
  }
  const stop = state.followLogs(pod, container, (e) => {
    if (e === null || !emit(e)) {
      stop();
      res.end();
    }
  });
  req.on('close', stop);
  res.on('close', stop);
}
