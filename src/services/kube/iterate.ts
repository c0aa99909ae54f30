// Turns a callback source into an async iterable, for consumers that prefer `for await`.
// Unbounded queue: informer events are small and the consumer is expected to keep up.
export function toAsyncIterable<E>(start: (push: (e: E) => void) => () => void, signal?: AbortSignal): AsyncIterable<E> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<E> {
      const queue: E[] = [];
      let wake: (() => void) | undefined;
      let done = signal?.aborted ?? false;
      const stop = start((e) => {
        queue.push(e);
        wake?.();
      });
      const finish = (): void => {
        done = true;
        stop();
        wake?.();
      };
      signal?.addEventListener('abort', finish, { once: true });
      return {
        async next(): Promise<IteratorResult<E>> {
          for (;;) {
            const e = queue.shift();
            if (e !== undefined) return { value: e, done: false };
            if (done) return { value: undefined, done: true };
            await new Promise<void>((r) => (wake = r));
            wake = undefined;
          }
        },
        async return(): Promise<IteratorResult<E>> {
          finish();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
