// Container logs per pod uid: a bounded current log, the previous container's log after a
// restart, and followers for `logs -f`. Not persisted (a restarted demo lab starts fresh logs).
import { RingBuffer } from '../../util/ring-buffer.js';

export interface LogEntry {
  time: number;
  text: string;
}

interface ContainerLogs {
  current: RingBuffer<LogEntry>;
  previous: RingBuffer<LogEntry> | undefined;
}

export class LogStore {
  private readonly logs = new Map<string, Map<string, ContainerLogs>>();
  private readonly followers = new Map<string, Set<(e: LogEntry | null) => void>>();

  constructor(private readonly lines: number) {}

  private of(uid: string, container: string): ContainerLogs {
    let per = this.logs.get(uid);
    if (!per) this.logs.set(uid, (per = new Map()));
    let logs = per.get(container);
    if (!logs) per.set(container, (logs = { current: new RingBuffer(this.lines), previous: undefined }));
    return logs;
  }

  append(uid: string, container: string, entry: LogEntry): void {
    this.of(uid, container).current.push(entry);
    const fs = this.followers.get(`${uid}/${container}`);
    if (fs) for (const f of fs) f(entry);
  }

  read(uid: string, container: string, previous: boolean): LogEntry[] | undefined {
    const logs = this.logs.get(uid)?.get(container);
    if (previous) return logs?.previous?.toArray();
    return logs?.current.toArray() ?? [];
  }

  hasPrevious(uid: string, container: string): boolean {
    return this.logs.get(uid)?.get(container)?.previous !== undefined;
  }

  /** A restart: every container's current log becomes its previous one. */
  rotate(uid: string): void {
    const per = this.logs.get(uid);
    if (!per) return;
    for (const logs of per.values()) {
      logs.previous = logs.current;
      logs.current = new RingBuffer(this.lines);
    }
  }

  follow(uid: string, container: string, cb: (e: LogEntry | null) => void): () => void {
    const key = `${uid}/${container}`;
    let set = this.followers.get(key);
    if (!set) this.followers.set(key, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
      if (set.size === 0) this.followers.delete(key);
    };
  }

  /** The pod is gone: its logs are dropped and its followers ended. */
  drop(uid: string): void {
    this.logs.delete(uid);
    for (const [k, set] of this.followers) {
      if (!k.startsWith(`${uid}/`)) continue;
      for (const f of set) f(null);
      this.followers.delete(k);
    }
  }

  close(): void {
    for (const set of this.followers.values()) for (const f of set) f(null);
    this.followers.clear();
  }
}
