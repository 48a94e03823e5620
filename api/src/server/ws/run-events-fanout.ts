import { execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { RunEventFeeds, RunFeed, RunFeedListener } from "../../runs/run-event-feeds.js";
import { TERMINAL_RUN_EVENTS, type RunEvent } from "../../runs/run-state.js";
import type { RunEventSource } from "../../runs/run-event-stream.js";
import type { Operation } from "./connection.js";
import type { GroupOutput } from "./live-groups.js";

/** Everything needed to execute the subscription's selection set on one event. */
export interface RunEventsQuery {
  /** (scope, document, operation, variables but `after`): members of one group get the same bytes. */
  key: string;
  runId: string;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variableValues: Record<string, unknown> | undefined;
  contextValue: () => unknown;
}

/** Payloads kept per group, by seq, for subscribers catching up on recent events (reconnect storms). */
const PAYLOAD_CACHE = 512;
/** Stored events read per page while a subscriber replays. */
const REPLAY_PAGE = 200;
/** Ended runs whose whole replay is kept, newest first out last; and for how long (a deleted run ages out). */
const ENDED_REPLAYS = 256;
const ENDED_REPLAY_BYTES = 32 * 1024 * 1024;
const ENDED_REPLAY_TTL_MS = 60_000;

/** Every payload of an ended run, seq 1 first: what any later subscriber of the same query receives. */
interface EndedReplay {
  payloads: Buffer[];
  bytes: number;
  expiresAt: number;
}

/**
 * `runEvents(runId, after)` for many subscribers at once. Each subscriber replays what it missed by itself (the
 * store, then the feed's recent events), then joins its group at the feed's head, in the same turn of the event
 * loop, so it receives every event exactly once and in order. A group executes and serialises each live event once
 * for all its members; the run's feed (one bus subscription per run) puts events in order and coalesces progress.
 */
export class RunEventsFanout {
  private readonly groups = new Map<string, RunEventsGroup>();
  /**
   * Replays of runs that have ended, by query key. An ended run's log never changes, and viewers of a run that just
   * finished come in crowds (a pipeline page, a reconnect storm): they get its bytes without a store read or an
   * execution. Only complete replays (seq 1 to the terminal event) are kept.
   */
  private readonly ended = new Map<string, EndedReplay>();
  private endedBytes = 0;

  constructor(
    private readonly feeds: RunEventFeeds,
    private readonly store: Pick<RunEventSource, "listEvents">,
    private readonly output: GroupOutput,
  ) {}

  /**
   * Resolves once the run's feed is live (rejects as the resolver would: unknown run); the replay then goes on by
   * itself. The operation's `onCancel` leaves the group.
   */
  async subscribe(query: RunEventsQuery, after: number, operation: Operation): Promise<void> {
    const ended = this.endedReplay(query.key);
    if (ended) {
      void this.replayEnded(ended, operation, after).catch((error: unknown) => {
        if (operation.active) this.output.fail(operation, error);
      });
      return;
    }
    let group = this.groups.get(query.key);
    if (!group || group.closed) {
      const created: RunEventsGroup = new RunEventsGroup(query, this.feeds, this.output, () => {
        if (this.groups.get(query.key) === created) this.groups.delete(query.key);
      });
      this.groups.set(query.key, created);
      group = created;
    }
    const joined = group;
    joined.add(operation);
    try {
      await joined.ready;
    } catch (error) {
      joined.leave(operation);
      throw error;
    }
    void this.catchUp(joined, operation, after).catch((error: unknown) => {
      if (operation.active) this.output.fail(operation, error);
      joined.leave(operation);
    });
  }

  /** Groups and members now (for tests and figures). */
  stats(): { groups: number; members: number; endedReplays: number } {
    let members = 0;
    for (const group of this.groups.values()) members += group.size;
    return { groups: this.groups.size, members, endedReplays: this.ended.size };
  }

  private async replayEnded(replay: EndedReplay, operation: Operation, after: number): Promise<void> {
    for (let i = Math.max(0, after); i < replay.payloads.length; i++) {
      if (i % REPLAY_PAGE === 0 && operation.conn.buffered > 0) await operation.conn.whenWritable();
      if (operation.cancelled) return;
      operation.deliver(replay.payloads[i] as Buffer);
    }
    if (!operation.cancelled) this.output.complete(operation);
  }

  private endedReplay(key: string): EndedReplay | null {
    const replay = this.ended.get(key);
    if (!replay) return null;
    this.ended.delete(key);
    if (replay.expiresAt <= Date.now()) {
      this.endedBytes -= replay.bytes;
      return null;
    }
    this.ended.set(key, replay); // most recently used last
    return replay;
  }

  /** Keeps the group's replay of its ended run, when it holds every payload from seq 1 to the terminal one. */
  private rememberEnded(group: RunEventsGroup, terminalSeq: number): void {
    const key = group.key;
    if (this.ended.has(key)) return;
    const payloads: Buffer[] = [];
    let bytes = 0;
    for (let seq = 1; seq <= terminalSeq; seq++) {
      const payload = group.cachedPayload(seq);
      if (!payload) return;
      payloads.push(payload);
      bytes += payload.length;
    }
    if (bytes > ENDED_REPLAY_BYTES / 4) return;
    this.ended.set(key, { payloads, bytes, expiresAt: Date.now() + ENDED_REPLAY_TTL_MS });
    this.endedBytes += bytes;
    for (const [oldKey, old] of this.ended) {
      if (this.ended.size <= ENDED_REPLAYS && this.endedBytes <= ENDED_REPLAY_BYTES) break;
      this.ended.delete(oldKey);
      this.endedBytes -= old.bytes;
    }
  }

  private async catchUp(group: RunEventsGroup, operation: Operation, after: number): Promise<void> {
    const feed = group.feed as RunFeed;
    let last = after;
    const send = async (event: RunEvent): Promise<boolean> => {
      operation.deliver(await group.payload(event));
      last = event.seq;
      if (TERMINAL_RUN_EVENTS.has(event.type)) {
        this.rememberEnded(group, event.seq);
        this.output.complete(operation);
        group.leave(operation);
        return true;
      }
      return false;
    };
    for (;;) {
      if (operation.cancelled) return;
      if (feed.failure) throw feed.failure;
      const recent = feed.recent(last);
      if (recent !== null) {
        let i = 0;
        // Payloads already made (the usual case) go out without yielding, then the member joins at the head.
        for (; i < recent.length; i++) {
          const event = recent[i] as RunEvent;
          const ready = group.cachedPayload(event.seq);
          if (!ready) break;
          operation.deliver(ready);
          last = event.seq;
          if (TERMINAL_RUN_EVENTS.has(event.type)) {
            this.rememberEnded(group, event.seq);
            this.output.complete(operation);
            group.leave(operation);
            return;
          }
        }
        if (i === recent.length) {
          if (operation.cancelled) return;
          if (feed.finished && last >= feed.head) {
            // The run ended before this subscriber's `after`: nothing more will come.
            this.output.complete(operation);
            group.leave(operation);
            return;
          }
          group.join(operation, last);
          return;
        }
        const event = recent[i] as RunEvent;
        if (await send(event)) return;
        continue;
      }
      if (operation.conn.buffered > 0) await operation.conn.whenWritable();
      if (operation.cancelled) return;
      const page = await this.store.listEvents(feed.runId, last, REPLAY_PAGE);
      if (page.length === 0) {
        // The store has nothing past `last` but the feed's head is beyond it: only possible if events were
        // deleted; nothing more can be replayed.
        if (feed.finished) {
          this.output.complete(operation);
          group.leave(operation);
          return;
        }
        group.join(operation, Math.max(last, feed.head));
        return;
      }
      for (const event of page) {
        if (operation.cancelled) return;
        if (await send(event)) return;
      }
    }
  }
}

type QueueItem = { event: RunEvent } | { end: Error | undefined };

class RunEventsGroup implements RunFeedListener {
  feed: RunFeed | null = null;
  readonly ready: Promise<void>;
  closed = false;
  /** Members replaying and members live. */
  private readonly members = new Set<Operation>();
  /** Live members, with the seq they joined at. */
  private readonly live = new Map<Operation, number>();
  private readonly cache = new Map<number, Buffer>();
  private readonly queue: QueueItem[] = [];
  private busy = false;
  private contextValue: unknown = undefined;

  constructor(
    readonly query: RunEventsQuery,
    feeds: RunEventFeeds,
    private readonly output: GroupOutput,
    private readonly remove: () => void,
  ) {
    this.ready = feeds.acquire(query.runId).then(
      (feed) => {
        this.feed = feed;
        if (this.closed) {
          feed.release();
          return;
        }
        feed.listen(this);
        if (feed.isClosed && !feed.finished && feed.failure) this.end(feed.failure);
      },
      (error: unknown) => {
        this.close();
        throw error;
      },
    );
  }

  get size(): number {
    return this.live.size;
  }

  get key(): string {
    return this.query.key;
  }

  cachedPayload(seq: number): Buffer | undefined {
    return this.cache.get(seq);
  }

  /** The event as this group's members see it, executed and serialised once (then cached by seq). */
  payload(event: RunEvent): Buffer | Promise<Buffer> {
    const cached = this.cache.get(event.seq);
    if (cached) return cached;
    this.contextValue ??= this.query.contextValue();
    const result = execute({
      schema: this.query.schema,
      document: this.query.document,
      operationName: this.query.operationName,
      variableValues: this.query.variableValues,
      contextValue: this.contextValue,
      rootValue: event,
    });
    const store = (value: ExecutionResult): Buffer => {
      const bytes = this.output.serialise(value);
      this.cache.set(event.seq, bytes);
      if (this.cache.size > PAYLOAD_CACHE) this.cache.delete(this.cache.keys().next().value as number);
      return bytes;
    };
    return result instanceof Promise ? result.then(store) : store(result);
  }

  /** A caught-up member: it has every event up to `last` and gets every live one after it. */
  join(operation: Operation, last: number): void {
    this.live.set(operation, last);
  }

  add(operation: Operation): void {
    this.members.add(operation);
    operation.onCancel = () => this.leave(operation);
  }

  leave(operation: Operation): void {
    if (!this.members.delete(operation)) return;
    this.live.delete(operation);
    operation.onCancel = null;
    if (this.members.size === 0) this.close();
  }

  event(event: RunEvent): void {
    this.queue.push({ event });
    if (!this.busy) void this.drain();
  }

  end(error?: Error): void {
    this.queue.push({ end: error });
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        const item = this.queue.shift() as QueueItem;
        if ("end" in item) {
          this.finish(item.end);
          continue;
        }
        const made = this.payload(item.event);
        const payload = made instanceof Promise ? await made : made;
        const seq = item.event.seq;
        for (const [member, after] of this.live) if (seq > after) member.deliver(payload);
      }
    } catch (error) {
      this.finish(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.busy = false;
    }
  }

  /** The feed ended: after the terminal event every live member completes; on failure every one fails. */
  private finish(error: Error | undefined): void {
    this.remove();
    const members = [...this.live.keys()];
    for (const member of members) {
      if (error) this.output.fail(member, error);
      else this.output.complete(member);
      this.leave(member);
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.remove();
    this.cache.clear();
    if (this.feed) {
      this.feed.unlisten(this);
      this.feed.release();
    }
  }
}
