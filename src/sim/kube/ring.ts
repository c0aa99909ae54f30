// A fixed-capacity FIFO: the oldest entry is dropped when a push would exceed the capacity.
export class Ring<T> {
  private buf: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Pushes an entry; returns the one dropped to make room, if any. */
  push(value: T): T | undefined {
    if (this.capacity === 0) return value;
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count) % this.capacity] = value;
      this.count++;
      return undefined;
    }
    const dropped = this.buf[this.start];
    this.buf[this.start] = value;
    this.start = (this.start + 1) % this.capacity;
    return dropped;
  }

  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.buf[(this.start + i) % this.capacity];
  }

  first(): T | undefined {
    return this.at(0);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.buf[(this.start + i) % this.capacity] as T;
  }

  toArray(): T[] {
    return [...this];
  }

  clear(): void {
    this.buf = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.count = 0;
  }
}
