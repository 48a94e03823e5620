import { ProgressCoalescer } from "./progress-coalescer.js";
import { TERMINAL_RUN_EVENTS, type RunEvent } from "./run-state.js";
import type { RunEventSource } from "./run-event-stream.js";

/** What a shared feed reads: the stored log, the bus, and where a run stands. */
export interface RunFeedSource extends RunEventSource {
  /** The run's last seq and whether it has ended; rejects with NOT_FOUND for an unknown run. */
  position(runId: string): Promise<{ lastSeq: number; finished: boolean }>;
}

export interface RunFeedListener {
  /** A live event, in seq order (STEP_PROGRESS thinned out, see ProgressCoalescer). */
  event(event: RunEvent): void;
  /** No more events: after the run's terminal event (no error), or the feed failed. */
  end(error?: Error): void;
}

export interface RunEventFeedsOptions {
  /** STEP_PROGRESS events per node and second that live listeners get; 0 = all. */
  progressPerSecond: number;
  /** How many of the newest events a feed keeps, so a subscriber catching up rarely reads the store. */
  recentEvents?: number;
}

const PAGE = 500;

/**
 * One live feed per run, shared by every subscriber of it in this process: one bus subscription, events put in
 * order once (duplicates dropped, gaps filled from the store), the newest ones kept in memory, progress coalesced
 * once. Subscribers replay what they missed themselves (from the store, then `recent()`), and join the live
 * listeners when they have caught up with `head`: see `server/ws/run-events-fanout.ts`.
 */
export class RunEventFeeds {
  private readonly feeds = new Map<string, RunFeed>();

  constructor(
    private readonly source: RunFeedSource,
    private readonly options: RunEventFeedsOptions,
  ) {}

  /** The run's feed once it is live (its `head` known); `release()` it when done. Rejects for an unknown run. */
  async acquire(runId: string): Promise<RunFeed> {
    let feed = this.feeds.get(runId);
    if (!feed || feed.isClosed) {
      const created: RunFeed = new RunFeed(runId, this.source, this.options, () => {
        if (this.feeds.get(runId) === created) this.feeds.delete(runId);
      });
      this.feeds.set(runId, created);
      feed = created;
    }
    feed.refs++;
    try {
      await feed.ready;
    } catch (error) {
      feed.release();
      throw error;
    }
    return feed;
  }

  /** Feeds open now (for tests and figures). */
  get size(): number {
    return this.feeds.size;
  }

  close(): void {
    for (const feed of [...this.feeds.values()]) feed.close();
    this.feeds.clear();
  }
}

export class RunFeed {
  /** The last seq this feed has taken in (every event up to it is stored); live events come after it. */
  head = 0;
  /** The run's terminal event is at or below `head`: no live event will follow. */
  finished = false;
  failure: Error | null = null;
  refs = 0;
  readonly ready: Promise<void>;
  private readonly listeners = new Set<RunFeedListener>();
  private readonly ring: (RunEvent | undefined)[];
  private ringCount = 0;
  private readonly live: AsyncIterableIterator<RunEvent> & { readonly ready?: Promise<void> };
  private readonly coalescer: ProgressCoalescer;
  private closed = false;

  constructor(
    readonly runId: string,
    private readonly source: RunFeedSource,
    options: RunEventFeedsOptions,
    private readonly onClose: () => void,
  ) {
    this.ring = new Array<RunEvent | undefined>(Math.max(1, options.recentEvents ?? 256));
    this.coalescer = new ProgressCoalescer((event) => this.emit(event), { perSecond: options.progressPerSecond });
    // Subscribed before reading the position, so nothing appended in between is missed.
    this.live = source.subscribe(runId);
    this.ready = this.start();
    this.ready.catch(() => undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Events with seq in (after, head], all still in memory, oldest first; null when some are only in the store. */
  recent(after: number): RunEvent[] | null {
    if (after >= this.head) return [];
    const count = this.head - after;
    if (count > this.ringCount) return null;
    const out: RunEvent[] = [];
    for (let seq = after + 1; seq <= this.head; seq++) out.push(this.ring[seq % this.ring.length] as RunEvent);
    return out;
  }

  listen(listener: RunFeedListener): void {
    this.listeners.add(listener);
  }

  unlisten(listener: RunFeedListener): void {
    this.listeners.delete(listener);
  }

  release(): void {
    this.refs--;
    if (this.refs <= 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.coalescer.close();
    void this.live.return?.();
    this.onClose();
  }

  private async start(): Promise<void> {
    try {
      await this.live.ready;
      const position = await this.source.position(this.runId);
      this.head = position.lastSeq;
      this.finished = position.finished;
    } catch (error) {
      this.close();
      throw error;
    }
    if (this.finished) this.close();
    else void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      while (!this.closed) {
        const next = await this.live.next();
        if (next.done || this.closed) break;
        const event = next.value;
        if (event.seq <= this.head) continue;
        if (event.seq > this.head + 1) await this.fill(event.seq - 1);
        if (this.closed || this.finished) break;
        if (event.seq === this.head + 1) this.accept(event);
        if (this.finished) break;
      }
      if (!this.finished && !this.closed) this.fail(new Error("the run's event feed closed"));
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** An event published before the bus subscription was ready, but stored after the position was read. */
  private async fill(upTo: number): Promise<void> {
    while (!this.closed && !this.finished && this.head < upTo) {
      const page = await this.source.listEvents(this.runId, this.head, Math.min(PAGE, upTo - this.head));
      if (this.closed) return;
      for (const event of page)
        if (event.seq === this.head + 1 && event.seq <= upTo && !this.finished) this.accept(event);
      if (page.length === 0) return;
    }
  }

  private accept(event: RunEvent): void {
    this.ring[event.seq % this.ring.length] = event;
    this.ringCount = Math.min(this.ring.length, this.ringCount + 1);
    this.head = event.seq;
    const terminal = TERMINAL_RUN_EVENTS.has(event.type);
    if (terminal) this.finished = true;
    this.coalescer.push(event);
    if (terminal) {
      for (const listener of [...this.listeners]) listener.end();
      this.listeners.clear();
      this.close();
    }
  }

  private emit(event: RunEvent): void {
    for (const listener of this.listeners) listener.event(event);
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure = error;
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.close();
    for (const listener of listeners) listener.end(error);
  }
}
