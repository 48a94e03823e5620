/** A consumer that let too much pile up: its stream is ended so memory stays bounded (it may resume later). */
export class SlowConsumerError extends Error {
  constructor(readonly limit: number) {
    super(`the subscriber fell more than ${limit} events behind and was disconnected; resubscribe to resume`);
    this.name = "SlowConsumerError";
  }
}

interface Waiter<T> {
  resolve: (result: IteratorResult<T>) => void;
  reject: (error: Error) => void;
}

/**
 * A push-based async iterator: producers `push`, one consumer iterates. `return()` (what graphql-ws calls when a
 * client unsubscribes) settles a pending `next()` at once, so a waiting consumer never leaks. With `maxBuffered`,
 * a consumer that falls that far behind gets a SlowConsumerError instead of an ever-growing buffer.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: Waiter<T> | null = null;
  private readonly spaceWaiters: Array<{ below: number; resolve: () => void }> = [];
  private failure: Error | undefined = undefined;
  private closed = false;

  constructor(
    private readonly onClose?: () => void,
    private readonly options: { maxBuffered?: number } = {},
  ) {}

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return;
    }
    const max = this.options.maxBuffered;
    if (max !== undefined && this.buffer.length >= max) {
      this.buffer.length = 0;
      this.end(new SlowConsumerError(max));
      return;
    }
    this.buffer.push(value);
  }

  /** Ends the stream after the buffered values; with an error, the consumer's next `next()` rejects. */
  end(error?: unknown): void {
    if (this.closed) return;
    if (error !== undefined)
      this.failure = error instanceof Error ? error : new Error("stream failed", { cause: error });
    this.closed = true;
    this.onClose?.();
    this.releaseSpaceWaiters();
    if (this.waiting && this.buffer.length === 0) {
      const waiter = this.waiting;
      this.waiting = null;
      this.settleClosed(waiter);
    }
  }

  get size(): number {
    return this.buffer.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves once the consumer has taken enough that fewer than `below` values wait (or the queue closed). */
  whenBelow(below: number): Promise<void> {
    if (this.closed || this.buffer.length < below) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push({ below, resolve }));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) {
      const value = this.buffer.shift() as T;
      this.releaseSpaceWaiters();
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) {
      return new Promise((resolve, reject) => this.settleClosed({ resolve, reject }));
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
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

  private settleClosed(waiter: Waiter<T>): void {
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      waiter.reject(error);
    } else {
      waiter.resolve({ value: undefined, done: true });
    }
  }

  private releaseSpaceWaiters(): void {
    for (let i = this.spaceWaiters.length - 1; i >= 0; i--) {
      const waiter = this.spaceWaiters[i] as { below: number; resolve: () => void };
      if (this.closed || this.buffer.length < waiter.below) {
        this.spaceWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
