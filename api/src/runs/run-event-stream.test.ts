import { describe, expect, it } from "vitest";
import { MemoryEventBus } from "../events/memory-event-bus.js";
import { streamRunEvents, type RunEventSource } from "./run-event-stream.js";
import type { RunEvent, RunEventType } from "./run-state.js";

/** An in-memory event log where storing and publishing are separate steps, so races can be staged. */
function harness() {
  const stored: RunEvent[] = [];
  const bus = new MemoryEventBus();
  const source: RunEventSource = {
    listEvents: (_runId, after, limit) => Promise.resolve(stored.filter((e) => e.seq > after).slice(0, limit)),
    subscribe: () => bus.subscribe<RunEvent>("r"),
  };
  const make = (seq: number, type: RunEventType = "LOG"): RunEvent => ({
    runId: "r",
    seq,
    type,
    nodeId: null,
    payload: {},
    at: new Date(0),
  });
  return {
    bus,
    source,
    store: (seq: number, type?: RunEventType) => {
      const event = make(seq, type);
      stored.push(event);
      return event;
    },
    publish: (event: RunEvent) => bus.publish("r", event),
  };
}

async function take(iterator: AsyncIterableIterator<RunEvent>, n: number): Promise<number[]> {
  const seqs: number[] = [];
  while (seqs.length < n) {
    const next = await iterator.next();
    if (next.done) break;
    seqs.push(next.value.seq);
  }
  return seqs;
}

describe("streamRunEvents", () => {
  it("replays stored events after the cursor, then streams live ones", async () => {
    const h = harness();
    for (let s = 1; s <= 5; s++) h.store(s);
    const stream = streamRunEvents(h.source, "r", 2);
    expect(await take(stream, 3)).toEqual([3, 4, 5]);
    await h.publish(h.store(6));
    expect(await take(stream, 1)).toEqual([6]);
    await stream.return?.();
    expect(h.bus.subscriberCount("r")).toBe(0);
  });

  it("never duplicates an event published while the replay reads it", async () => {
    const h = harness();
    h.store(1);
    const e2 = h.store(2);
    const stream = streamRunEvents(h.source, "r", 0);
    await h.publish(e2); // stored before the replay read and published after the subscription: seen twice
    await h.publish(h.store(3));
    expect(await take(stream, 3)).toEqual([1, 2, 3]);
    await stream.return?.();
  });

  it("fills a gap from the store when a live event arrives ahead of what it has seen", async () => {
    const h = harness();
    const stream = streamRunEvents(h.source, "r", 0);
    await new Promise((resolve) => setImmediate(resolve)); // the replay has read an empty store
    h.store(1); // stored, but published before this subscriber existed: only the store has it
    h.store(2);
    await h.publish(h.store(3));
    expect(await take(stream, 3)).toEqual([1, 2, 3]);
    await stream.return?.();
  });

  it("ends after the run's terminal event", async () => {
    const h = harness();
    h.store(1, "RUN_STARTED");
    h.store(2, "RUN_SUCCEEDED");
    const stream = streamRunEvents(h.source, "r", 0);
    expect(await take(stream, 5)).toEqual([1, 2]);
    expect((await stream.next()).done).toBe(true);
    expect(h.bus.subscriberCount("r")).toBe(0);
  });

  it("releases its subscription when the consumer leaves while waiting", async () => {
    const h = harness();
    const stream = streamRunEvents(h.source, "r", 0);
    const pending = stream.next();
    await new Promise((resolve) => setImmediate(resolve));
    await stream.return?.();
    expect((await pending).done).toBe(true);
    expect(h.bus.subscriberCount("r")).toBe(0);
  });
});
