/**
 * EventBus over Redis pub/sub, so that a subscriber on any API process receives what any process publishes.
 *
 * One publisher and one subscriber connection per process (a connection in subscribe mode can do nothing else).
 * Channel subscriptions are reference-counted: the first local subscriber of a topic SUBSCRIBEs, the last one to
 * leave UNSUBSCRIBEs; SUBSCRIBE and UNSUBSCRIBE go out in order on the one connection, so a quick leave-and-join
 * ends subscribed. Each message is decoded once and handed to every local subscriber of its topic.
 *
 * Delivery is at-most-once, like the port says: a message published while the subscriber connection is
 * reconnecting, or before a new SUBSCRIBE reached Redis (`ready`), is not delivered. Run-event subscribers replay
 * from the store. Publishing never fails the caller: when Redis is unreachable the message is dropped and logged
 * (the store, not the bus, is the source of truth), and it never waits for a reconnection.
 */
import type { Redis } from "ioredis";
import { AsyncQueue } from "../common/async-queue.js";
import type { Logger } from "../common/logger.js";
import type { BusSubscription, EventBus } from "./event-bus.js";
import { closeRedis, connectRedis } from "./redis-client.js";
import { decodeMessage, encodeMessage } from "./redis-codec.js";

export interface RedisEventBusOptions {
  logger?: Logger | undefined;
  /** Channels are `<prefix>:<topic>` (default "millrace"), so installations sharing a Redis stay apart. */
  prefix?: string;
  /** Messages one subscriber may fall behind before its subscription ends with a SlowConsumerError (default
   * 1000, as MemoryEventBus): memory stays bounded whatever a slow client does. */
  maxBuffered?: number;
  /** Longest wait for a publish's answer before it is dropped (default 2 s). */
  publishTimeoutMs?: number;
  connectTimeoutMs?: number;
}

interface Channel {
  queues: Set<AsyncQueue<unknown>>;
  ready: Promise<void>;
}

export class RedisEventBus implements EventBus {
  private readonly channels = new Map<string, Channel>();
  private closed = false;
  private lastDropReport = 0;
  private dropped = 0;
  private readonly channelPrefix: string;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly logger: Logger | undefined,
    prefix: string,
    private readonly maxBuffered: number,
  ) {
    this.channelPrefix = `${prefix}:`;
    sub.on("message", (channel: string, message: string) => {
      if (channel.startsWith(this.channelPrefix)) this.deliver(channel.slice(this.channelPrefix.length), message);
    });
  }

  /** Connects both connections (fails when Redis does not answer). */
  static async connect(url: string, options: RedisEventBusOptions = {}): Promise<RedisEventBus> {
    const common = { logger: options.logger, timeoutMs: options.connectTimeoutMs };
    const pub = await connectRedis(url, {
      ...common,
      role: "bus-pub",
      // Never queue a publish while disconnected, never retry it: at-most-once, and the engine must not wait.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.publishTimeoutMs ?? 2_000,
    });
    try {
      // Subscriptions wait for the connection (and are restored by ioredis after a reconnection).
      const sub = await connectRedis(url, { ...common, role: "bus-sub", maxRetriesPerRequest: null });
      return new RedisEventBus(pub, sub, options.logger, options.prefix ?? "millrace", options.maxBuffered ?? 1000);
    } catch (error) {
      await closeRedis(pub);
      throw error;
    }
  }

  async publish<T>(topic: string, payload: T): Promise<void> {
    if (this.closed) return;
    try {
      await this.pub.publish(this.channelPrefix + topic, encodeMessage(payload));
    } catch (error) {
      this.reportDrop(topic, error);
    }
  }

  subscribe<T>(topic: string): BusSubscription<T> {
    let channel = this.channels.get(topic);
    if (!channel) {
      const ready = this.closed
        ? Promise.resolve()
        : this.sub.subscribe(this.channelPrefix + topic).then(
            () => undefined,
            (error: unknown) => {
              this.logger?.warn({ err: error, topic }, "Redis SUBSCRIBE failed; the topic's messages are not received");
            },
          );
      channel = { queues: new Set(), ready };
      this.channels.set(topic, channel);
    }
    const current = channel;
    const queue: AsyncQueue<unknown> = new AsyncQueue(
      () => {
        current.queues.delete(queue);
        if (current.queues.size > 0 || this.channels.get(topic) !== current) return;
        this.channels.delete(topic);
        if (!this.closed) this.sub.unsubscribe(this.channelPrefix + topic).catch(() => undefined);
      },
      { maxBuffered: this.maxBuffered },
    );
    if (this.closed) queue.end();
    else current.queues.add(queue);
    return Object.assign(queue as AsyncQueue<T>, { ready: current.ready });
  }

  /** Local subscriptions on a topic (for tests and metrics). */
  subscriberCount(topic: string): number {
    return this.channels.get(topic)?.queues.size ?? 0;
  }

  /** Topics this process is subscribed to in Redis. */
  get subscribedTopics(): string[] {
    return [...this.channels.keys()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const channels = [...this.channels.values()];
    this.channels.clear();
    for (const channel of channels) for (const queue of [...channel.queues]) queue.end();
    await Promise.all([closeRedis(this.sub), closeRedis(this.pub)]);
  }

  private deliver(topic: string, message: string): void {
    const channel = this.channels.get(topic);
    if (!channel || channel.queues.size === 0) return;
    let payload: unknown;
    try {
      payload = decodeMessage(message);
    } catch (error) {
      this.logger?.warn({ err: error, topic }, "dropped a bus message that is not valid JSON");
      return;
    }
    for (const queue of channel.queues) queue.push(payload);
  }

  private reportDrop(topic: string, error: unknown): void {
    this.dropped++;
    const now = Date.now();
    if (now - this.lastDropReport < 10_000) return;
    this.lastDropReport = now;
    this.logger?.warn(
      { err: error, topic, droppedSinceLastReport: this.dropped },
      "Redis publish failed; messages dropped (subscribers of run events catch up from the store)",
    );
    this.dropped = 0;
  }
}
