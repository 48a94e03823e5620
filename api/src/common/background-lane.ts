/**
 * Puts background work (the engine's bookkeeping: event appends, step starts) behind I/O on one event loop.
 *
 * Why: since libuv 1.45 (Node 20) a listening socket accepts ONE connection per turn of the event loop, so a
 * process whose turns last 40 ms takes 25 connections a second, however idle its cores are otherwise. Work that
 * waits its turn here runs in the loop's check phase, at most `budgetMs` of it per turn, so every turn also polls
 * sockets (accepts, reads, writes) promptly while 50 runs are executing; when nothing else is waiting, the loop
 * turns over at once and background work gets all the time there is. The budget adapts: what the engine does also
 * makes work for the loop (each run state it records goes to every subscriber), so when turns grow long anyway the
 * engine gets less per turn, down to one slice, and runs slow down rather than connections waiting.
 */
export class BackgroundLane {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;
  private budget: number;
  private lastDrain = 0;
  /** The last drain left work waiting, so the next one follows it by one turn of the loop. */
  private backlogged = false;

  /**
   * @param budgetMs the most background work started per turn of the event loop, in milliseconds of wall time.
   * @param turnTargetMs the turn length the lane aims for: when turns run longer (sockets and the work this lane let
   *   through keep the loop busy), the budget halves, down to one slice a turn; while they are shorter it grows back.
   */
  constructor(
    private readonly budgetMs = 5,
    private readonly now: () => number = () => performance.now(),
    private readonly turnTargetMs = 8,
  ) {
    this.budget = budgetMs;
  }

  /** The budget of the next turn (for tests and figures). */
  get currentBudgetMs(): number {
    return this.budget;
  }

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
    // The time since the last drain is how long a turn of the loop takes now (drains follow each other turn by turn
    // while work waits): additive increase, multiplicative decrease, as congestion control does.
    // After an idle spell the gap measures the idleness, not a turn, and the loop had time to spare: full budget.
    const turn = start - this.lastDrain;
    if (!this.backlogged) this.budget = this.budgetMs;
    else if (turn > this.turnTargetMs) this.budget /= 2;
    else this.budget = Math.min(this.budgetMs, this.budget + this.budgetMs / 10);
    this.lastDrain = start;
    // The first waiter always goes, so that a budget smaller than one slice still makes progress.
    do {
      this.waiting.shift()?.();
      // Let the woken caller run up to its next real wait before the clock is read again.
      await Promise.resolve();
    } while (this.waiting.length > 0 && this.now() - start < this.budget);
    this.scheduled = false;
    this.backlogged = this.waiting.length > 0;
    if (this.backlogged) this.schedule();
  }
}
