/**
 * A push-based async iterator: producers `push`, one consumer iterates. `return()` (what graphql-ws calls when a
 * client unsubscribes) settles a pending `next()` at once, so a waiting consumer never leaks.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private failure: unknown = undefined;
  private closed = false;

  constructor(private readonly onClose?: () => void) {}

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  /** Ends the stream after the buffered values; with an error, the consumer's next `next()` rejects. */
  end(error?: unknown): void {
    if (this.closed) return;
    this.failure = error;
    this.closed = true;
    this.onClose?.();
    if (this.waiting && this.buffer.length === 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  get size(): number {
    return this.buffer.length;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.closed) {
      if (this.failure !== undefined) {
        const error = this.failure;
        this.failure = undefined;
        return Promise.reject(error instanceof Error ? error : new Error("stream failed", { cause: error }));
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
