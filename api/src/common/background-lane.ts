/**
 * Puts background work (the engine's bookkeeping: event appends, step starts) behind I/O on one event loop.
 *
 * Why: since libuv 1.45 (Node 20) a listening socket accepts ONE connection per turn of the event loop, so a
 * process whose turns last 40 ms takes 25 connections a second, however idle its cores are otherwise. Work that
 * waits its turn here runs in the loop's check phase, at most `budgetMs` of it per turn, so every turn also polls
 * sockets (accepts, reads, writes) promptly while 50 runs are executing; when nothing else is waiting, the loop
 * turns over at once and background work gets all the time there is.
 */
export class BackgroundLane {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** @param budgetMs background work started per turn of the event loop, in milliseconds of wall time. */
  constructor(
    private readonly budgetMs = 5,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves when the caller may go on: in a later turn of the event loop, in the order callers asked. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** Callers waiting for their turn. */
  get pending(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    const start = this.now();
    // The first waiter always goes, so that a budget smaller than one slice still makes progress.
    do {
      this.waiting.shift()?.();
      // Let the woken caller run up to its next real wait before the clock is read again.
      await Promise.resolve();
    } while (this.waiting.length > 0 && this.now() - start < this.budgetMs);
    this.scheduled = false;
    if (this.waiting.length > 0) this.schedule();
  }
}
