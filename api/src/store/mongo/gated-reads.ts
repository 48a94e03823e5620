/**
 * Reads that share the store's connections with the engine's writes: at most `limit` run at once (the rest wait
 * here, in order, not in the driver's pool where they would hold back the writes), and concurrent reads of the same
 * key share one store round trip.
 */
export class GatedReads<T> {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(private readonly limit: number) {}

  read(key: string, load: () => Promise<T>): Promise<T> {
    const shared = this.inFlight.get(key);
    if (shared) return shared;
    const result = this.gated(load).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, result);
    return result;
  }

  /** Reads running and waiting now (for tests and figures). */
  get pending(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private async gated(load: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await load();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips below a queue's demand.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
