/**
 * Live progress of background jobs (experiments, AutoML searches) over the EventBus, one topic per job.
 * A subscriber gets the job's current state first (so a late one sees where it is), then every later state,
 * none twice (states carry a per-job sequence number), until a terminal one.
 */
import type { EventBus } from "../events/event-bus.js";
import type { JobStatus } from "../store/records.js";

export interface ProgressState {
  seq: number;
  status: JobStatus;
}

const TERMINAL: ReadonlySet<JobStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

export class ProgressHub<P extends ProgressState> {
  private readonly current = new Map<string, P>();

  constructor(
    private readonly bus: EventBus,
    private readonly topic: (id: string) => string,
  ) {}

  /** The next sequence number for a job (1 for a job this process has not published yet). */
  nextSeq(id: string): number {
    return (this.current.get(id)?.seq ?? 0) + 1;
  }

  /** Records and broadcasts a state; terminal states are forgotten (the store has the final record). */
  async publish(id: string, state: P): Promise<void> {
    if (isTerminal(state.status)) this.current.delete(id);
    else this.current.set(id, state);
    await this.bus.publish(this.topic(id), state);
  }

  /**
   * Current state (this process's latest, else `fallback()` built from the stored record), then live states
   * until a terminal one. `fallback` runs after subscribing, so nothing published in between is lost.
   */
  async *stream(id: string, fallback: () => Promise<P>): AsyncGenerator<P> {
    const live = this.bus.subscribe<P>(this.topic(id));
    try {
      const first = this.current.get(id) ?? (await fallback());
      yield first;
      if (isTerminal(first.status)) return;
      let seq = first.seq;
      for await (const state of live) {
        if (state.seq <= seq) continue;
        seq = state.seq;
        yield state;
        if (isTerminal(state.status)) return;
      }
    } finally {
      await live.return?.();
    }
  }
}
