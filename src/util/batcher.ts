// Batch-then-flush: items that arrive one by one (output lines, watch events, flows) are handed
// on together, a while after the first of a batch or as soon as the batch is full, so a chatty
// source costs one store update or render per batch instead of one per item.

export interface BatcherOptions<T> {
  /** Receives the items collected since the last flush, oldest first; never called with none. */
  onFlush: (items: T[]) => void;
  /** How long after the first item of a batch it is flushed. */
  delayMs: number;
  /** A batch this big is flushed at once (default: no limit). */
  maxItems?: number;
  /** Lets the process exit while a flush is pending. */
  unref?: boolean;
}

export class Batcher<T> {
  #items: T[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BatcherOptions<T>) {}

  /** Items waiting for the next flush. */
  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    this.#items.push(item);
    this.#settle();
  }

  /** Adds many items; a batch that fills up on the way is flushed whole, not cut at maxItems. */
  pushAll(items: Iterable<T>): void {
    for (const item of items) this.#items.push(item);
    if (this.#items.length > 0) this.#settle();
  }

  #settle(): void {
    if (this.options.maxItems !== undefined && this.#items.length >= this.options.maxItems) {
      this.flush();
      return;
    }
    if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), this.options.delayMs);
      if (this.options.unref) this.#timer.unref();
    }
  }

  /** Hands the pending items on now (a step ended, the stream stopped). */
  flush(): void {
    this.#cancelTimer();
    if (this.#items.length === 0) return;
    // Swapped out before the callback: it may push again, which starts the next batch.
    const items = this.#items;
    this.#items = [];
    this.options.onFlush(items);
  }

  /** Drops the pending items without handing them on (the source is gone). */
  clear(): void {
    this.#cancelTimer();
    this.#items = [];
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
