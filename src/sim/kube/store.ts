// The object store ("etcd"): objects per kind id keyed by uid, one global resourceVersion, a
// bounded history of changes for watch replay (older → 410 Gone) and watch fan-out. Objects are
// copy-on-write: a stored object is never mutated, so history entries, open watches and cached
// JSON can share it safely; each version is serialised at most once.
import type { KubeObject } from './objects.js';
import type { Matcher } from './selectors.js';
import { RingBuffer } from '../../util/ring-buffer.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One stored version of an object with its JSON, made on first use. */
export class Stored<T extends KubeObject = KubeObject> {
  private cachedJson: string | undefined;
  constructor(readonly obj: T) {}
  get json(): string {
    return (this.cachedJson ??= JSON.stringify(this.obj));
  }
}

interface HistoryEntry {
  rv: number;
  kind: string;
  type: WatchType;
  stored: Stored;
}

export interface WatchEvent {
  type: WatchType;
  stored: Stored;
}

export interface WatchOptions {
  namespace?: string | undefined;
  matcher: Matcher;
  /** Replay changes after this RV; undefined or 0 = send the current objects as ADDED. */
  resourceVersion?: number | undefined;
}

export type WatchStart = { ok: true; unsubscribe: () => void } | { ok: false; gone: true; oldest: number };

interface Watcher {
  kind: string;
  namespace: string | undefined;
  matcher: Matcher;
  send: (ev: WatchEvent) => void;
}

/** A change as controllers see it: kind id, type, and the object before and after. */
export interface Change {
  kind: string;
  type: WatchType;
  obj: KubeObject;
  before: KubeObject | undefined;
}

export interface StoreSnapshot {
  resourceVersion: number;
  objects: { kind: string; object: KubeObject }[];
}

const key = (ns: string | undefined, name: string): string => (ns ? `${ns}/${name}` : name);

export class ObjectStore {
  private rv = 1;
  /** Changes with RV ≤ this are no longer in the history. */
  private compactedRv = 1;
  private readonly objects = new Map<string, Map<string, Stored>>();
  private readonly keys = new Map<string, Map<string, string>>();
  private readonly history: RingBuffer<HistoryEntry>;
  private readonly watchers = new Set<Watcher>();
  private readonly listeners = new Set<(c: Change) => void>();

  constructor(historySize: number) {
    this.history = new RingBuffer(historySize);
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get oldestResourceVersion(): number {
    return this.compactedRv;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  private table(kind: string): { objs: Map<string, Stored>; keys: Map<string, string> } {
    let objs = this.objects.get(kind);
    let keys = this.keys.get(kind);
    if (!objs) this.objects.set(kind, (objs = new Map()));
    if (!keys) this.keys.set(kind, (keys = new Map()));
    return { objs, keys };
  }

  /** Subscribes to every change (controllers); returns the unsubscribe function. */
  onChange(fn: (c: Change) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  getStored(kind: string, namespace: string | undefined, name: string): Stored | undefined {
    const uid = this.keys.get(kind)?.get(key(namespace, name));
    return uid === undefined ? undefined : this.objects.get(kind)?.get(uid);
  }

  listStored(kind: string, namespace?: string, matcher?: Matcher): Stored[] {
    const out: Stored[] = [];
    for (const s of this.objects.get(kind)?.values() ?? []) {
      if (namespace !== undefined && s.obj.metadata.namespace !== namespace) continue;
      if (matcher && !matcher(s.obj)) continue;
      out.push(s);
    }
    return out;
  }

  count(kind: string): number {
    return this.objects.get(kind)?.size ?? 0;
  }

  /** Kind ids that hold at least one object. */
  kinds(): string[] {
    return [...this.objects].filter(([, m]) => m.size > 0).map(([k]) => k);
  }

  /** Inserts a new object (stamping its RV); `record: false` (bulk seeding) skips history and watchers. */
  insert<T extends KubeObject>(kind: string, obj: T, record = true): T {
    const meta = obj.metadata;
    const t = this.table(kind);
    const k = key(meta.namespace, meta.name);
    if (t.keys.has(k)) throw new Error(`${kind} "${k}" already exists`);
    meta.resourceVersion = String(++this.rv);
    const stored = new Stored(obj);
    t.objs.set(meta.uid, stored);
    t.keys.set(k, meta.uid);
    if (record) this.publish(kind, 'ADDED', stored, undefined);
    else this.compactedRv = this.rv; // unrecorded changes cannot be replayed
    return obj;
  }

  /** Stores `next` as the new version of an existing object (same uid); returns it with its new RV. */
  replace<T extends KubeObject>(kind: string, next: T): T | undefined {
    const old = this.getStored(kind, next.metadata.namespace, next.metadata.name);
    if (!old || old.obj.metadata.uid !== next.metadata.uid) return undefined;
    next.metadata.resourceVersion = String(++this.rv);
    const stored = new Stored(next);
    this.table(kind).objs.set(next.metadata.uid, stored);
    this.publish(kind, 'MODIFIED', stored, old.obj);
    return next;
  }

  remove(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const old = this.getStored(kind, namespace, name);
    if (!old) return undefined;
    const t = this.table(kind);
    t.objs.delete(old.obj.metadata.uid);
    t.keys.delete(key(namespace, name));
    // A DELETED event carries the last state with a new RV, as the real server does.
    const last = structuredClone(old.obj);
    last.metadata.resourceVersion = String(++this.rv);
    const stored = new Stored(last);
    this.publish(kind, 'DELETED', stored, old.obj);
    return last;
  }

  private publish(kind: string, type: WatchType, stored: Stored, before: KubeObject | undefined): void {
    const dropped = this.history.push({ rv: this.rv, kind, type, stored });
    if (dropped) this.compactedRv = dropped.rv;
    for (const w of this.watchers) {
      if (w.kind !== kind) continue;
      if (w.namespace !== undefined && stored.obj.metadata.namespace !== w.namespace) continue;
      const now = w.matcher(stored.obj);
      const was = before !== undefined && w.matcher(before);
      // Selector transitions look like ADDED/DELETED to the watcher, as with the real server.
      if (type === 'MODIFIED') {
        if (now && was) w.send({ type, stored });
        else if (now) w.send({ type: 'ADDED', stored });
        else if (was) w.send({ type: 'DELETED', stored });
      } else if (type === 'DELETED' ? was || now : now) {
        w.send({ type, stored });
      }
    }
    for (const l of this.listeners) l({ kind, type, obj: stored.obj, before });
  }

  /**
   * Starts a watch. With a resourceVersion, replays the history after it (410 if it is older
   * than the history); without one, sends every current match as ADDED first.
   */
  watch(kind: string, options: WatchOptions, send: (ev: WatchEvent) => void): WatchStart {
    const w: Watcher = { kind, namespace: options.namespace, matcher: options.matcher, send };
    const from = options.resourceVersion;
    if (from === undefined || from === 0) {
      for (const s of this.listStored(kind, options.namespace, options.matcher)) send({ type: 'ADDED', stored: s });
    } else {
      if (from < this.compactedRv) return { ok: false, gone: true, oldest: this.compactedRv };
      for (const h of this.history) {
        if (h.rv <= from || h.kind !== kind) continue;
        if (options.namespace !== undefined && h.stored.obj.metadata.namespace !== options.namespace) continue;
        if (h.type !== 'DELETED' && !options.matcher(h.stored.obj)) continue;
        send({ type: h.type, stored: h.stored });
      }
    }
    this.watchers.add(w);
    return { ok: true, unsubscribe: () => this.watchers.delete(w) };
  }

  /** Forgets the history so that every watch from an older RV gets 410 (tests, "etcd compaction"). */
  compact(): void {
    this.history.clear();
    this.compactedRv = this.rv;
  }

  closeWatches(): void {
    this.watchers.clear();
  }

  snapshot(): StoreSnapshot {
    const objects: StoreSnapshot['objects'] = [];
    for (const [kind, m] of this.objects) for (const s of m.values()) objects.push({ kind, object: s.obj });
    return { resourceVersion: this.rv, objects };
  }

  /** Loads a snapshot into an empty store: objects keep their RVs, the counter continues after them. */
  load(snap: StoreSnapshot): void {
    for (const { kind, object } of snap.objects) {
      const t = this.table(kind);
      const o = structuredClone(object);
      t.objs.set(o.metadata.uid, new Stored(o));
      t.keys.set(key(o.metadata.namespace, o.metadata.name), o.metadata.uid);
    }
    this.rv = Math.max(this.rv, snap.resourceVersion);
    this.compactedRv = this.rv;
  }
}
