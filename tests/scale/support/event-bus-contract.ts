/**
 * The EventBus contract: what run.service and log.service rely on, for every adapter. `open` gives two handles on
 * one bus — the same object in memory; two connected instances (as in two processes) for Redis — so that
 * delivery between processes is part of the contract.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { EventBus } from "../../../api/src/events/event-bus.js";

export interface BusPair {
  /** Publishes. */
  a: EventBus;
  /** Subscribes (may be `a` itself). */
  b: EventBus;
  close(): Promise<void>;
}

/** Resolves once a subscription receives what is published from now on (Redis confirms SUBSCRIBE). */
export async function whenSubscribed(subscription: AsyncIterableIterator<unknown>): Promise<void> {
  await (subscription as { ready?: Promise<void> }).ready;
}

const NOTHING = Symbol("nothing");

/** The next value, or NOTHING when none arrives within `ms`. */
export async function nextWithin<T>(iterator: AsyncIterableIterator<T>, ms: number): Promise<T | typeof NOTHING> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof NOTHING>((resolve) => {
    timer = setTimeout(() => resolve(NOTHING), ms);
  });
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    if (result === NOTHING) return NOTHING;
    if (result.done) throw new Error("the subscription ended");
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

export async function take<T>(iterator: AsyncIterableIterator<T>, count: number, ms = 5_000): Promise<T[]> {
  const values: T[] = [];
  while (values.length < count) {
    const value = await nextWithin(iterator, ms);
    if (value === NOTHING) throw new Error(`only ${values.length} of ${count} messages arrived`);
    values.push(value);
  }
  return values;
}

/** Subscriptions of the buses `open` makes end when they fall this many messages behind. */
export const CONTRACT_MAX_BUFFERED = 500;

export function eventBusContract(open: (options: { maxBuffered: number }) => Promise<BusPair>): void {
  let pair: BusPair;
  let topic: (name: string) => string;
  beforeEach(async () => {
    pair = await open({ maxBuffered: CONTRACT_MAX_BUFFERED });
    const scope = randomUUID();
    topic = (name) => `contract:${scope}:${name}`;
  });
  afterEach(async () => {
    await pair.close();
  });

  const subscribe = async <T>(bus: EventBus, name: string): Promise<AsyncIterableIterator<T>> => {
    const subscription = bus.subscribe<T>(topic(name));
    await whenSubscribed(subscription);
    return subscription;
  };

  it("delivers a payload to the subscribers of its topic only", async () => {
    const mine = await subscribe<{ n: number }>(pair.b, "mine");
    const other = await subscribe<{ n: number }>(pair.b, "other");
    await pair.a.publish(topic("mine"), { n: 1 });
    expect(await take(mine, 1)).toEqual([{ n: 1 }]);
    expect(await nextWithin(other, 100)).toBe(NOTHING);
  });

  it("gives every subscriber every message, in publish order", async () => {
    const first = await subscribe<number>(pair.b, "fan");
    const second = await subscribe<number>(pair.b, "fan");
    const local = await subscribe<number>(pair.a, "fan");
    const sent = Array.from({ length: 300 }, (_, i) => i);
    for (const n of sent) await pair.a.publish(topic("fan"), n);
    expect(await take(first, sent.length)).toEqual(sent);
    expect(await take(second, sent.length)).toEqual(sent);
    expect(await take(local, sent.length)).toEqual(sent);
  });

  it("keeps order when publishes are not awaited one by one", async () => {
    const sub = await subscribe<number>(pair.b, "burst");
    const sent = Array.from({ length: 200 }, (_, i) => i);
    await Promise.all(sent.map((n) => pair.a.publish(topic("burst"), n)));
    expect(await take(sub, sent.length)).toEqual(sent);
  });

  it("round-trips JSON payloads, Dates included, without reading data as tags or prototypes", async () => {
    const sub = await subscribe<unknown>(pair.b, "json");
    const at = new Date("2024-05-06T07:08:09.123Z");
    const payload = {
      runId: "r1",
      seq: 3,
      at,
      nested: { list: [1, "two", null, true, { deep: at }], empty: {}, text: 'ünïcødé \u2028 "quoted"' },
      literal: { $date: "not a date tag" },
      escaped: { $esc: { $date: "2020-01-01T00:00:00.000Z" } },
      // A computed key: an own property named __proto__, as user data parsed from JSON can have.
      ["__proto__"]: { polluted: true },
      negative: -1.5,
    };
    await pair.a.publish(topic("json"), payload);
    const [received] = await take(sub, 1);
    expect(received).toEqual(payload);
    const value = received as typeof payload;
    expect(value.at).toBeInstanceOf(Date);
    expect(value.at.getTime()).toBe(at.getTime());
    expect(value.literal).toEqual({ $date: "not a date tag" });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("delivers nothing published before the subscription (no replay: subscribers replay from the store)", async () => {
    await pair.a.publish(topic("late"), "early");
    const sub = await subscribe<string>(pair.b, "late");
    await pair.a.publish(topic("late"), "on time");
    expect(await take(sub, 1)).toEqual(["on time"]);
    expect(await nextWithin(sub, 100)).toBe(NOTHING);
  });

  it("return() ends a subscription at once, even with a next() pending, and stops its deliveries", async () => {
    const leaving = await subscribe<number>(pair.b, "leave");
    const staying = await subscribe<number>(pair.b, "leave");
    const pending = leaving.next();
    await leaving.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    await pair.a.publish(topic("leave"), 1);
    expect(await take(staying, 1)).toEqual([1]);
    expect(await leaving.next()).toEqual({ value: undefined, done: true });
  });

  it("a topic can be left by all and joined again", async () => {
    const first = await subscribe<number>(pair.b, "again");
    await first.return?.();
    const second = await subscribe<number>(pair.b, "again");
    await pair.a.publish(topic("again"), 2);
    expect(await take(second, 1)).toEqual([2]);
  });

  it("ends a subscription that falls too far behind (SlowConsumerError); the others keep receiving", async () => {
    const slow = await subscribe<number>(pair.b, "slow");
    const fast = await subscribe<number>(pair.b, "slow");
    const received: number[] = [];
    const reading = (async () => {
      for await (const n of fast) {
        received.push(n);
        if (n === CONTRACT_MAX_BUFFERED * 2) return;
      }
    })();
    for (let n = 1; n <= CONTRACT_MAX_BUFFERED * 2; n++) {
      await pair.a.publish(topic("slow"), n);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reading;
    expect(received).toHaveLength(CONTRACT_MAX_BUFFERED * 2);
    await expect(slow.next()).rejects.toMatchObject({ name: "SlowConsumerError" });
  });

  it("close() ends every open subscription; publishing afterwards does not throw", async () => {
    const sub = pair.b.subscribe<number>(topic("closing"));
    const pending = sub.next();
    await pair.b.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    await expect(pair.b.publish(topic("closing"), 1)).resolves.toBeUndefined();
  });
}
