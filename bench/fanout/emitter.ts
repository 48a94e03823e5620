/**
 * A steady event source for the fan-out servers: `rate` events per second on a fixed schedule. Each event carries its
 * scheduled time `t` (epoch ms, sub-ms precision): latency is measured from when the event was due, so a server that
 * falls behind (a late timer, a slow append) shows it instead of hiding it.
 */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export class Emitter {
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  emitted = 0;
  /** How late the emitter itself fired, ms (max over the run). */
  maxLateMs = 0;

  constructor(
    private readonly rate: number,
    private readonly emit: (t: number, index: number) => void,
  ) {}

  get intervalMs(): number {
    return 1000 / this.rate;
  }

  /** Starts now; returns the first event's scheduled time. */
  start(): number {
    this.next = epochNow();
    const first = this.next;
    this.timer = setTimeout(this.tick, 0);
    return first;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * One event per turn of the event loop: a server that falls behind emits the overdue events back to back but
   * still reads its sockets and IPC in between (the lateness shows in the events' latency, nothing is skipped).
   */
  private readonly tick = (): void => {
    if (this.timer === null) return;
    const now = epochNow();
    this.maxLateMs = Math.max(this.maxLateMs, now - this.next);
    if (this.next <= now) {
      this.emit(this.next, this.emitted++);
      this.next += this.intervalMs;
    }
    this.timer = setTimeout(this.tick, Math.max(0, this.next - epochNow()));
  };
}

/** Memory after a full collection (the server runs with --expose-gc). */
export function memory(): { rss: number; heapUsed: number; external: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}
