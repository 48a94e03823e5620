import { AsyncQueue } from "../common/async-queue.js";
import { TERMINAL_RUN_EVENTS, type RunEvent } from "./run-state.js";

export interface RunEventSource {
  /** Stored events with seq > afterSeq, ascending, at most `limit`. */
  listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]>;
  /** Live events of the run, from the moment of the call (`ready`: from when delivery is assured). */
  subscribe(runId: string): AsyncIterableIterator<RunEvent> & { readonly ready?: Promise<void> };
}

const PAGE = 500;
/** Replay waits while this many events are queued for the consumer, so a long history is not all buffered. */
const REPLAY_HIGH_WATER = 100;

/**
 * Every event of a run with seq > `after`, in order, exactly once: replays the store, then streams live.
 *
 * The live subscription is opened before the replay so nothing published meanwhile is lost; live events at or
 * below the last emitted seq are dropped (already replayed), and a gap in the live sequence (an event published
 * before we subscribed but stored after our replay read) is filled from the store. Ends after a terminal event.
 */
export function streamRunEvents(source: RunEventSource, runId: string, after: number): AsyncIterableIterator<RunEvent> {
  const live = source.subscribe(runId);
  const out = new AsyncQueue<RunEvent>(() => void live.return?.());
  let last = after;
  let finished = false;

  const emit = (event: RunEvent): void => {
    out.push(event);
    last = event.seq;
    if (TERMINAL_RUN_EVENTS.has(event.type)) finished = true;
  };

  const replayUpTo = async (limitSeq: number): Promise<void> => {
    while (!finished && !out.isClosed && last < limitSeq) {
      await out.whenBelow(REPLAY_HIGH_WATER);
      const page = await source.listEvents(runId, last, Math.min(PAGE, limitSeq - last));
      for (const event of page) if (event.seq <= limitSeq && !finished) emit(event);
      if (page.length === 0) break;
    }
  };

  const pump = async (): Promise<void> => {
    await live.ready;
    await replayUpTo(Number.MAX_SAFE_INTEGER);
    while (!finished && !out.isClosed) {
      // Live events wait in the bus subscription (bounded) while the consumer catches up.
      await out.whenBelow(REPLAY_HIGH_WATER);
      const next = await live.next();
      if (next.done) break;
      const event = next.value;
      if (event.seq <= last) continue;
      if (event.seq > last + 1) await replayUpTo(event.seq - 1);
      if (!finished && event.seq === last + 1) emit(event);
    }
  };

  pump().then(
    () => out.end(),
    (error: unknown) => out.end(error),
  );
  return out;
}
