/**
 * The EventBus contract on both adapters (in-memory, Redis), plus what only the Redis adapter has: one Redis
 * channel subscription per topic per process, and surviving lost connections (at-most-once, never throwing).
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryEventBus } from "../../api/src/events/memory-event-bus.js";
import { RedisEventBus } from "../../api/src/events/redis-event-bus.js";
import { eventBusContract, take, whenSubscribed } from "./support/event-bus-contract.js";
import { describeWithRedis, testRedis } from "./support/redis.js";

const availability = await testRedis();
afterAll(async () => {
  await availability.redis?.stop();
});

describe("EventBus contract: MemoryEventBus", () => {
  eventBusContract(({ maxBuffered }) => {
    const bus = new MemoryEventBus(maxBuffered);
    return Promise.resolve({ a: bus, b: bus, close: () => bus.close() });
  });
});

describeWithRedis("EventBus contract: RedisEventBus (two instances, as two processes)", availability, () => {
  eventBusContract(async ({ maxBuffered }) => {
    const url = availability.redis!.url;
    const a = await RedisEventBus.connect(url, { maxBuffered });
    const b = await RedisEventBus.connect(url, { maxBuffered });
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  });
});

describeWithRedis("RedisEventBus", availability, () => {
  const url = (): string => availability.redis!.url;
  /** Subscribers of the topic's channel in Redis (channels are `<prefix>:<topic>`, prefix "millrace"). */
  const numsub = async (admin: Redis, topic: string): Promise<number> => {
    const reply = (await admin.call("PUBSUB", "NUMSUB", `millrace:${topic}`)) as [string, number];
    return Number(reply[1]);
  };

  it("holds one Redis subscription per topic, however many local subscribers, and drops it with the last", async () => {
    const bus = await RedisEventBus.connect(url());
    const admin = new Redis(url());
    const topic = `refcount:${randomUUID()}`;
    try {
      const subs = [bus.subscribe(topic), bus.subscribe(topic), bus.subscribe(topic)];
      await Promise.all(subs.map(whenSubscribed));
      expect(await numsub(admin, topic)).toBe(1);
      expect(bus.subscriberCount(topic)).toBe(3);
      await subs[0]!.return?.();
      await subs[1]!.return?.();
      expect(await numsub(admin, topic)).toBe(1);
      await subs[2]!.return?.();
      // UNSUBSCRIBE is sent on the subscriber connection; a PING on it comes back after it was applied.
      await waitUntil(async () => (await numsub(admin, topic)) === 0);
      expect(bus.subscribedTopics).not.toContain(topic);
    } finally {
      admin.disconnect();
      await bus.close();
    }
  });

  it("publishing while the connection is lost neither throws nor waits; both connections recover", async () => {
    const publisher = await RedisEventBus.connect(url());
    const subscriber = await RedisEventBus.connect(url());
    const admin = new Redis(url());
    const topic = `recover:${randomUUID()}`;
    const connectionOf = (bus: RedisEventBus, name: "pub" | "sub"): Redis =>
      (bus as unknown as Record<string, Redis>)[name]!;
    try {
      const sub = subscriber.subscribe<number>(topic);
      await whenSubscribed(sub);

      const pubId = String(await connectionOf(publisher, "pub").call("CLIENT", "ID"));
      await admin.call("CLIENT", "KILL", "ID", pubId);
      await waitUntil(() => Promise.resolve(connectionOf(publisher, "pub").status !== "ready"));
      const started = Date.now();
      await expect(publisher.publish(topic, 1)).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1_000);

      // Kill the subscriber connection too: ioredis reconnects and subscribes again.
      const subId = String(
        ((await admin.call("CLIENT", "LIST", "TYPE", "pubsub")) as string)
          .split("\n")
          .find((line) => line.includes("name=millrace:bus-sub") && line.includes(`sub=1`))
          ?.match(/id=(\d+)/)?.[1],
      );
      expect(subId).toMatch(/^\d+$/);
      await admin.call("CLIENT", "KILL", "ID", subId);

      await waitUntil(async () => {
        await publisher.publish(topic, 2);
        return connectionOf(publisher, "pub").status === "ready" && (await numsub(admin, topic)) === 1;
      });
      await publisher.publish(topic, 3);
      const received = await take(sub, 1);
      // At-most-once: what was published while disconnected may be lost, never duplicated or reordered.
      expect(received[0]).toBeGreaterThanOrEqual(2);
    } finally {
      admin.disconnect();
      await publisher.close();
      await subscriber.close();
    }
  });

  it("keeps installations with different prefixes apart on one Redis", async () => {
    const mine = await RedisEventBus.connect(url(), { prefix: `a-${randomUUID()}` });
    const theirs = await RedisEventBus.connect(url(), { prefix: `b-${randomUUID()}` });
    try {
      const sub = theirs.subscribe<string>("runs");
      await whenSubscribed(sub);
      const own = mine.subscribe<string>("runs");
      await whenSubscribed(own);
      await mine.publish("runs", "mine");
      await theirs.publish("runs", "theirs");
      expect(await take(sub, 1)).toEqual(["theirs"]);
      expect(await take(own, 1)).toEqual(["mine"]);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it("fails to connect with a clear message when Redis does not answer", async () => {
    await expect(RedisEventBus.connect("redis://127.0.0.1:1", { connectTimeoutMs: 2_000 })).rejects.toThrow(
      /could not connect to Redis at redis:\/\/127\.0\.0\.1:1 \(bus-pub\)/,
    );
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
