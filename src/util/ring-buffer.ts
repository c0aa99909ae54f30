// A fixed-capacity ring buffer: flows and log lines arrive faster and for longer than a view can
// keep, so the oldest items are overwritten instead of growing memory. push is O(1) and never
// allocates once the backing array is full.

export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #start = 0; // index of the oldest item
  #size = 0;
  #dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.#items = new Array<T | undefined>(capacity);
  }

  /** Items currently held. */
  get size(): number {
    return this.#size;
  }

  /** Items overwritten (evicted) since creation or the last clear(). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends `item`; returns the oldest one when it was overwritten to make room. */
  push(item: T): T | undefined {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = item;
      this.#size++;
      return undefined;
    }
    const evicted = this.#items[this.#start];
    this.#items[this.#start] = item; // overwrite the oldest
    this.#start = (this.#start + 1) % this.capacity;
    this.#dropped++;
    return evicted;
  }

  pushAll(items: Iterable<T>): void {
    for (const item of items) this.push(item);
  }

  /** The i-th item, oldest first (0 = oldest, size-1 = newest). */
  at(index: number): T | undefined {
    if (index < 0) index += this.#size;
    if (index < 0 || index >= this.#size) return undefined;
    return this.#items[(this.#start + index) % this.capacity];
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.at(this.#size - 1);
  }

  /** A copy of the contents, oldest first, newest last. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#items[(this.#start + i) % this.capacity] as T;
    return out;
  }

  /** The newest `count` items, oldest of them first (what a tail view shows). */
  tail(count: number): T[] {
    const n = Math.max(0, Math.min(count, this.#size));
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = this.#items[(this.#start + this.#size - n + i) % this.capacity] as T;
    return out;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.#size; i++) yield this.#items[(this.#start + i) % this.capacity] as T;
  }

  /** Empties the buffer and resets the dropped count; references are released for GC. */
  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
    this.#dropped = 0;
  }
}
