// List + watch for one resource, the informer pattern without client-node's informer (which
// stops for good after a 5xx or a dropped connection, research §5.3). One list, then watches
// that resume from the last resourceVersion; a relist only when the server says 410 Gone.
// A dropped connection or a 5xx is retried with exponential backoff and jitter. Objects are
// kept in a map keyed by uid; the informer emits typed events and knows nothing of any store.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { KubeError } from './errors.js';
import { listSchema, watchEventSchema } from './schemas.js';
import type { KubeTransport } from './transport.js';
import { backoffDelay } from '../../util/backoff.js';
import { sleep } from '../../util/sleep.js';

/** Objects per list request; the server says where to continue. */
export const LIST_PAGE = 500;

export interface KubeObjectLike {
  metadata: { uid: string; resourceVersion: string; name: string; namespace?: string | undefined };
}

export type InformerEvent<T> =
  | { type: 'add'; object: T }
  | { type: 'update'; object: T; previous: T }
  | { type: 'delete'; object: T }
  /** After the first list and after every relist: the complete current set. */
  | { type: 'sync'; objects: T[]; resourceVersion: string; relist: boolean }
  /** Connection state: `reconnecting` carries the error and when the next try is. */
  | { type: 'status'; state: 'connected' | 'reconnecting'; error?: KubeError; retryInMs?: number };

export interface InformerOptions<T> {
  transport: KubeTransport;
  /** Collection path, e.g. /api/v1/pods or /api/v1/namespaces/demo/pods. */
  path: string;
  schema: z.ZodType<T>;
  labelSelector?: string;
  fieldSelector?: string;
  onEvent: (event: InformerEvent<T>) => void;
  /**
   * Trims each object before it is cached and emitted (client-go's TransformFunc): a consumer that
   * needs a few fields keeps thousands of pods in a fraction of the memory.
   */
  keep?: (object: T) => T;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Server-side watch timeout; a new watch follows at once (default 5–10 min, randomised). */
  watchTimeoutSeconds?: number;
  /** A watch that brings nothing (not even a bookmark) for this long is treated as dead. */
  idleTimeoutMs?: number;
  listTimeoutMs?: number;
}

export class Informer<T extends KubeObjectLike> {
  private readonly cache = new Map<string, T>();
  private rv: string | undefined;
  private abort = new AbortController();
  private running = false;
  private hasSynced = false;
  private syncWaiters: (() => void)[] = [];
  private lastError: KubeError | undefined;
  /** Items in lists or watch events that failed validation and were skipped. */
  invalidItems = 0;
  /** Lists done (1 + one per 410). */
  lists = 0;

  constructor(private readonly opts: InformerOptions<T>) {}

  get objects(): ReadonlyMap<string, T> {
    return this.cache;
  }

  get synced(): boolean {
    return this.hasSynced;
  }

  get resourceVersion(): string | undefined {
    return this.rv;
  }

  /** Resolves after the first complete list. */
  waitForSync(): Promise<void> {
    if (this.hasSynced) return Promise.resolve();
    return new Promise((r) => this.syncWaiters.push(r));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    void this.loop(this.abort.signal);
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
  }

  private emit(ev: InformerEvent<T>): void {
    try {
      this.opts.onEvent(ev);
    } catch {
      // a consumer's bug must not kill the watch loop
    }
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const backoff = { baseMs: this.opts.backoff?.initialMs ?? 250, maxMs: this.opts.backoff?.maxMs ?? 30_000 };
    let attempt = 1; // of the current run of failures (or of watches that ended at once)
    while (!signal.aborted) {
      try {
        if (this.rv === undefined) await this.list(signal);
        const started = Date.now();
        const end = await this.watchOnce(signal);
        if (end === 'gone') {
          this.rv = undefined; // relist
          continue;
        }
        // A clean end (timeoutSeconds) re-watches at once; one that ends straight away is
        // a misbehaving server, so slow down rather than spin.
        if (Date.now() - started < 1000) {
          await sleep(backoffDelay(attempt++, backoff), signal);
        } else attempt = 1;
      } catch (err) {
        if (signal.aborted) break;
        const e = err instanceof KubeError ? err : new KubeError('network', (err as Error).message, this.opts.transport.cluster);
        if (e.isGone) {
          this.rv = undefined;
          continue;
        }
        this.lastError = e;
        const wait = backoffDelay(attempt++, { ...backoff, jitter: 0.2 });
        this.emit({ type: 'status', state: 'reconnecting', error: e, retryInMs: wait });
        await sleep(wait, signal);
      }
    }
  }

  private query(extra: Record<string, string | undefined>): Record<string, string | undefined> {
    return { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector, ...extra };
  }

  private async list(signal: AbortSignal): Promise<void> {
    // Paged (limit + continue) like kubectl: 20,000 pods never sit in memory as one response.
    const fresh = new Map<string, T>();
    let listRv: string | undefined;
    let token: string | undefined;
    do {
      const page = await this.opts.transport.requestJson(this.opts.path, listSchema, {
        query: this.query({ limit: String(LIST_PAGE), ...(token ? { continue: token } : {}) }),
        timeoutMs: this.opts.listTimeoutMs ?? 60_000,
        signal,
      });
      listRv ??= page.metadata.resourceVersion;
      token = page.metadata.continue || undefined;
      for (const raw of page.items) {
        const r = this.opts.schema.safeParse(raw);
        if (r.success) fresh.set(r.data.metadata.uid, this.opts.keep ? this.opts.keep(r.data) : r.data);
        else this.invalidItems++;
      }
    } while (token);
    this.lists++;
    const list = { metadata: { resourceVersion: listRv } };
    const relist = this.hasSynced;
    if (relist) {
      // After a 410: tell the consumer what changed while we could not watch.
      for (const [uid, old] of this.cache) if (!fresh.has(uid)) this.emit({ type: 'delete', object: old });
      for (const [uid, obj] of fresh) {
        const old = this.cache.get(uid);
        if (!old) this.emit({ type: 'add', object: obj });
        else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit({ type: 'update', object: obj, previous: old });
      }
    }
    this.cache.clear();
    for (const [uid, obj] of fresh) this.cache.set(uid, obj);
    this.rv = list.metadata.resourceVersion ?? '';
    this.emit({ type: 'sync', objects: [...fresh.values()], resourceVersion: this.rv, relist });
    if (!this.hasSynced) {
      this.hasSynced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** One watch request; resolves 'closed' on a clean end, 'gone' on 410, throws otherwise. */
  private async watchOnce(signal: AbortSignal): Promise<'closed' | 'gone'> {
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    const res: IncomingMessage = await this.opts.transport.stream(this.opts.path, {
      query: this.query({ watch: 'true', resourceVersion: this.rv, allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds) }),
      signal,
    });
    if (this.lastError) {
      this.lastError = undefined;
      this.emit({ type: 'status', state: 'connected' });
    }
    const idleMs = this.opts.idleTimeoutMs ?? (timeoutSeconds + 30) * 1000;
    return new Promise((resolve, reject) => {
      let buf = '';
      let finished = false;
      const finish = (how: 'closed' | 'gone' | KubeError): void => {
        if (finished) return;
        finished = true;
        clearTimeout(idle);
        res.destroy();
        if (how instanceof KubeError) reject(how);
        else resolve(how);
      };
      const onIdle = (): void =>
        finish(new KubeError('timeout', `watch ${this.opts.path}: silent for ${idleMs} ms`, this.opts.transport.cluster));
      let idle = setTimeout(onIdle, idleMs);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        clearTimeout(idle);
        idle = setTimeout(onIdle, idleMs);
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim() === '') continue;
          const outcome = this.handleLine(line);
          if (outcome) return finish(outcome);
        }
      });
      res.on('end', () => finish('closed'));
      res.on('close', () => {
        if (signal.aborted) finish('closed');
        else
          finish(new KubeError('network', `watch ${this.opts.path}: connection closed without a clean end`, this.opts.transport.cluster));
      });
      res.on('error', (err) => finish(new KubeError('network', `watch ${this.opts.path}: ${err.message}`, this.opts.transport.cluster)));
    });
  }

  /** Applies one watch line; returns how the watch ends when the line ends it. */
  private handleLine(line: string): 'gone' | KubeError | undefined {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      this.invalidItems++;
      return undefined;
    }
    const ev = watchEventSchema.safeParse(raw);
    if (!ev.success) {
      this.invalidItems++;
      return undefined;
    }
    const { type, object } = ev.data;
    if (type === 'ERROR') {
      const code = typeof object.code === 'number' ? object.code : 500;
      if (code === 410) return 'gone';
      const message = typeof object.message === 'string' ? object.message : `watch error ${code}`;
      return new KubeError(
        'http',
        message,
        this.opts.transport.cluster,
        code,
        typeof object.reason === 'string' ? object.reason : undefined,
      );
    }
    const meta = object.metadata as { resourceVersion?: unknown } | undefined;
    if (type === 'BOOKMARK') {
      if (typeof meta?.resourceVersion === 'string') this.rv = meta.resourceVersion;
      return undefined;
    }
    const r = this.opts.schema.safeParse(object);
    if (!r.success) {
      this.invalidItems++;
      return undefined;
    }
    const obj = this.opts.keep ? this.opts.keep(r.data) : r.data;
    this.rv = obj.metadata.resourceVersion;
    const uid = obj.metadata.uid;
    const old = this.cache.get(uid);
    if (type === 'DELETED') {
      this.cache.delete(uid);
      this.emit({ type: 'delete', object: obj });
    } else if (old) {
      if (old.metadata.resourceVersion === obj.metadata.resourceVersion) return undefined;
      this.cache.set(uid, obj);
      this.emit({ type: 'update', object: obj, previous: old });
    } else {
      this.cache.set(uid, obj);
      this.emit({ type: 'add', object: obj });
    }
    return undefined;
  }
}
