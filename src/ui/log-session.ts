// One live stream shown in the split pane (a pod's logs or kubelet's journal): a bounded buffer,
// follow / wrap / timestamps / previous toggles, scrolling and search. It lives outside React;
// lines are appended at once but listeners hear about them at most every FLUSH_MS, so a chatty
// pod costs one render per flush, not one per line.
import { RingBuffer } from '../util/ring-buffer.js';
import { Batcher } from '../util/batcher.js';

export const LOG_CAPACITY = 5000;
export const FLUSH_MS = 50;

export interface StreamOptions {
  timestamps: boolean;
  previous: boolean;
}

export interface LogSource {
  /** What the pane title shows: "dev/shop/web-7d9 (app)" or "journal dev-worker1". */
  title: string;
  /** Whether `t` and `p` apply (pod logs) or not (the journal). */
  podLogs: boolean;
  start(options: StreamOptions, onLines: (lines: string[]) => void, signal: AbortSignal): Promise<void>;
}

export type StreamStatus = 'connecting' | 'streaming' | 'ended' | 'error';

// Colours and cursor moves from the pod would break the frame; tabs would break widths.
const CONTROL = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B[@-_]|[\x00-\x08\x0b-\x1f\x7f]/g;
export function cleanLine(line: string): string {
  return line.replace(/\t/g, '    ').replace(CONTROL, '').replace(/\r$/, '');
}

export class LogSession {
  readonly buffer: RingBuffer<string>;
  follow = true;
  wrap = false;
  timestamps = false;
  previous = false;
  search = '';
  status: StreamStatus = 'connecting';
  error: string | undefined;
  /** Lines ever appended since the last (re)start: absolute sequence numbers index into the ring. */
  total = 0;
  /** Absolute sequence number of the top line when not following. */
  top = 0;
  /** Rows the pane showed last time; paging and follow use it. */
  pageHeight = 10;
  #abort: AbortController | undefined;
  #listeners = new Set<() => void>();
  #version = 0;
  // lines arriving in a burst are announced once per FLUSH_MS: one render, not one per line
  readonly #changes = new Batcher<true>({ delayMs: FLUSH_MS, onFlush: () => this.#emit() });
  #closed = false;

  constructor(
    readonly source: LogSource,
    capacity = LOG_CAPACITY,
  ) {
    this.buffer = new RingBuffer<string>(capacity);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The signal of the current stream (tests check it is aborted on close). */
  get signal(): AbortSignal | undefined {
    return this.#abort?.signal;
  }

  get firstSeq(): number {
    return this.total - this.buffer.size;
  }

  start(): void {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.buffer.clear();
    this.total = 0;
    this.top = 0;
    this.status = 'connecting';
    this.error = undefined;
    this.#notify(true);
    this.source
      .start({ timestamps: this.timestamps, previous: this.previous }, (lines) => !abort.signal.aborted && this.push(lines), abort.signal)
      .then(
        () => {
          if (abort === this.#abort && !abort.signal.aborted) this.#setStatus('ended');
        },
        (err: unknown) => {
          if (abort !== this.#abort || abort.signal.aborted) return;
          this.error = err instanceof Error ? err.message : String(err);
          this.#setStatus('error');
        },
      );
  }

  close(): void {
    this.#closed = true;
    this.#abort?.abort();
    this.#changes.clear();
    this.#listeners.clear();
  }

  push(lines: string[]): void {
    if (this.#closed || lines.length === 0) return;
    for (const line of lines) this.buffer.push(cleanLine(line));
    this.total += lines.length;
    if (this.status === 'connecting') this.status = 'streaming';
    this.#notify(false);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getVersion = (): number => this.#version;

  toggleFollow(): void {
    this.follow = !this.follow;
    if (!this.follow) this.top = Math.max(this.firstSeq, this.total - this.pageHeight);
    this.#notify(true);
  }

  toggleWrap(): void {
    this.wrap = !this.wrap;
    this.#notify(true);
  }

  /** Timestamps and previous change what the server sends, so the stream restarts. */
  toggleTimestamps(): void {
    if (!this.source.podLogs) return;
    this.timestamps = !this.timestamps;
    this.start();
  }

  togglePrevious(): void {
    if (!this.source.podLogs) return;
    this.previous = !this.previous;
    this.start();
  }

  scrollBy(delta: number): void {
    const start = this.follow ? Math.max(this.firstSeq, this.total - this.pageHeight) : this.top;
    this.follow = false;
    this.top = Math.max(this.firstSeq, Math.min(start + delta, Math.max(this.firstSeq, this.total - this.pageHeight)));
    this.#notify(true);
  }

  toTop(): void {
    this.follow = false;
    this.top = this.firstSeq;
    this.#notify(true);
  }

  toBottom(): void {
    this.follow = true;
    this.#notify(true);
  }

  setSearch(text: string): void {
    this.search = text;
    this.#notify(true);
  }

  /** Jumps to the next (1) or previous (-1) line that matches the search; false when none. */
  findNext(direction: 1 | -1): boolean {
    const needle = this.search.toLowerCase();
    if (!needle) return false;
    const from = this.follow ? this.total : this.top;
    for (let seq = from + direction; seq >= this.firstSeq && seq < this.total; seq += direction) {
      if (this.line(seq)?.toLowerCase().includes(needle)) {
        this.follow = false;
        this.top = seq;
        this.#notify(true);
        return true;
      }
    }
    return false;
  }

  line(seq: number): string | undefined {
    return this.buffer.at(seq - this.firstSeq);
  }

  #setStatus(status: StreamStatus): void {
    this.status = status;
    this.#notify(true);
  }

  #notify(now: boolean): void {
    if (this.#closed) return;
    this.#changes.push(true);
    if (now) this.#changes.flush();
  }

  #emit(): void {
    this.#version++;
    for (const l of this.#listeners) l();
  }
}
