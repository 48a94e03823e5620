/**
 * Publish/subscribe port. In-process now (`MemoryEventBus`); Redis for several API processes later.
 * Delivery is at-most-once and per-topic ordered; consumers that must not miss anything (run events) replay from
 * the store and use the bus only for what happens after.
 */
export interface EventBus {
  publish<T>(topic: string, payload: T): Promise<void>;
  /**
   * Starts buffering immediately; iterate to consume, `return()` to unsubscribe. `ready` resolves once messages
   * published from anywhere are sure to arrive (at once in process; after the broker confirms for Redis), so a
   * consumer that replays history first waits for it and cannot miss what happens in between.
   */
  subscribe<T>(topic: string): BusSubscription<T>;
  close(): Promise<void>;
}

export type BusSubscription<T> = AsyncIterableIterator<T> & { readonly ready: Promise<void> };

export const topics = {
  runEvents: (runId: string) => `run-events:${runId}`,
  pipelineRuns: (pipelineId: string) => `pipeline-runs:${pipelineId}`,
  runs: () => "runs",
  logs: () => "logs",
  validations: () => "validations",
} as const;
