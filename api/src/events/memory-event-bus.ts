import { AsyncQueue } from "../common/async-queue.js";
import type { BusSubscription, EventBus } from "./event-bus.js";

/** In-process event bus: each subscriber gets its own queue; publish delivers synchronously to all of them. */
export class MemoryEventBus implements EventBus {
  private readonly subscribers = new Map<string, Set<AsyncQueue<unknown>>>();

  /** @param maxBuffered events one subscriber may fall behind before its subscription ends (SlowConsumerError). */
  constructor(private readonly maxBuffered = 1000) {}

  publish<T>(topic: string, payload: T): Promise<void> {
    const queues = this.subscribers.get(topic);
    if (queues) for (const queue of queues) queue.push(payload);
    return Promise.resolve();
  }

  subscribe<T>(topic: string): BusSubscription<T> {
    let queues = this.subscribers.get(topic);
    if (!queues) {
      queues = new Set();
      this.subscribers.set(topic, queues);
    }
    const set = queues;
    const queue: AsyncQueue<unknown> = new AsyncQueue(
      () => {
        set.delete(queue);
        if (set.size === 0) this.subscribers.delete(topic);
      },
      { maxBuffered: this.maxBuffered },
    );
    set.add(queue);
    return Object.assign(queue as AsyncQueue<T>, { ready: Promise.resolve() });
  }

  /** Number of live subscriptions on a topic (for tests and metrics). */
  subscriberCount(topic: string): number {
    return this.subscribers.get(topic)?.size ?? 0;
  }

  close(): Promise<void> {
    for (const queues of this.subscribers.values()) for (const queue of [...queues]) queue.end();
    this.subscribers.clear();
    return Promise.resolve();
  }
}
