import type { RunEvent } from "./run-state.js";

export interface ProgressCoalescerOptions {
  /** At most this many STEP_PROGRESS events per node and second go out; 0 lets every one through. */
  perSecond: number;
  /** Milliseconds, monotonic (tests pass their own). */
  now?: () => number;
  /** Timers for the trailing edge (tests pass their own). */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

/**
 * Thins out a run's high-frequency STEP_PROGRESS events for live subscribers, in seq order, never touching any other
 * event (state changes, logs, metrics always go out, at once).
 *
 * Per node, a progress event goes out when the node's last one went out at least 1/perSecond ago; otherwise it is
 * held as the node's latest figures (replacing an older held one) and goes out when the interval ends. Output stays
 * in seq order: a held event that a later event overtakes (any event sent first) is dropped, since the node's next
 * progress or state change carries newer figures. So a subscriber sees at most `perSecond` progress events per node
 * and second, every other event, and seqs that only ever increase (gaps are coalesced progress; the store keeps all).
 */
export class ProgressCoalescer {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => { cancel(): void };
  /** When each node's last progress event went out. */
  private readonly lastSent = new Map<string, number>();
  /** The newest held progress event of each node, in arrival (= seq) order. */
  private readonly held = new Map<string, RunEvent>();
  private timer: { cancel(): void } | null = null;
  private lastSeq = 0;
  private closed = false;

  constructor(
    private readonly emit: (event: RunEvent) => void,
    options: ProgressCoalescerOptions,
  ) {
    this.intervalMs = options.perSecond > 0 ? 1000 / options.perSecond : 0;
    this.now = options.now ?? (() => performance.now());
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        t.unref();
        return { cancel: () => clearTimeout(t) };
      });
  }

  /** Events must come in seq order. */
  push(event: RunEvent): void {
    if (this.closed) return;
    const nodeId = event.nodeId;
    if (event.type !== "STEP_PROGRESS" || nodeId === null || this.intervalMs === 0) {
      this.send(event);
      return;
    }
    const now = this.now();
    const last = this.lastSent.get(nodeId);
    if (last === undefined || now - last >= this.intervalMs) {
      this.held.delete(nodeId);
      this.lastSent.set(nodeId, now);
      this.send(event);
      return;
    }
    // Re-inserted so `held` stays in seq order.
    this.held.delete(nodeId);
    this.held.set(nodeId, event);
    this.arm();
  }

  /** Held progress events are dropped; nothing more goes out. */
  close(): void {
    this.closed = true;
    this.held.clear();
    this.timer?.cancel();
    this.timer = null;
  }

  /** How many progress events are held (for tests and figures). */
  get heldCount(): number {
    return this.held.size;
  }

  private send(event: RunEvent): void {
    // Whatever is held is older than this event: sending it afterwards would break seq order.
    for (const [nodeId, held] of this.held) if (held.seq < event.seq) this.held.delete(nodeId);
    this.lastSeq = event.seq;
    this.emit(event);
  }

  private arm(): void {
    if (this.timer !== null || this.held.size === 0) return;
    const now = this.now();
    let due = Number.POSITIVE_INFINITY;
    for (const nodeId of this.held.keys()) due = Math.min(due, (this.lastSent.get(nodeId) ?? now) + this.intervalMs);
    this.timer = this.setTimer(
      () => {
        this.timer = null;
        this.release();
      },
      Math.max(0, due - now),
    );
  }

  /** Sends the held events whose node's interval has ended (in seq order), then waits for the next ones. */
  private release(): void {
    if (this.closed) return;
    const now = this.now();
    for (const [nodeId, event] of [...this.held]) {
      if (this.held.get(nodeId) !== event) continue;
      if (now - (this.lastSent.get(nodeId) ?? 0) + 0.5 < this.intervalMs) continue;
      if (event.seq <= this.lastSeq) {
        this.held.delete(nodeId);
        continue;
      }
      this.held.delete(nodeId);
      this.lastSent.set(nodeId, now);
      this.send(event);
    }
    this.arm();
  }
}
