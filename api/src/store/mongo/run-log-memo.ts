/**
 * The event logs this process knows whole, kept so that replays need no store read. Every read of a store that
 * filters on anything but `_id` costs FerretDB 1.24 the whole event collection, and the replays of a busy server
 * (viewers of live and just-ended runs) outnumber the engine's own writes.
 *
 * A log is known whole from seq 1: a run this process created (then extended by each of its own appends, and
 * forgotten at the first gap, i.e. when another process appended to it), or an ended run read from seq 1 through
 * its terminal event. Logs of live runs are forgotten LIVE_TTL_MS after this process last appended to them (it
 * lost the run's lease, or stopped), so a run another process took over is read from the store again.
 */
import { TERMINAL_RUN_EVENTS, type RunEvent } from "../../runs/run-state.js";

/** Runs whose logs are kept, least recently used out first; and events in all, so that one huge log cannot pile up. */
const MAX_RUNS = 1_024;
const MAX_EVENTS = 200_000;
const LIVE_TTL_MS = 60_000;
const ENDED_TTL_MS = 10 * 60_000;

interface Log {
  events: RunEvent[];
  ended: boolean;
  expiresAt: number;
}

export class RunLogMemo {
  private readonly logs = new Map<string, Log>();
  private eventCount = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Events of a new run, from seq 1 (none yet is fine). */
  created(runId: string, events: readonly RunEvent[]): void {
    this.forget(runId);
    if (events.length > 0 && events[0]?.seq !== 1) return;
    this.keep(runId, [...events]);
  }

  /** Events this process just stored: kept when they continue the known log, else the log is forgotten. */
  appended(runId: string, events: readonly RunEvent[]): void {
    const log = this.logs.get(runId);
    if (!log || events.length === 0) return;
    if (log.ended || events[0]?.seq !== log.events.length + 1) {
      this.forget(runId);
      return;
    }
    // Extended in place: copying the log on every append would cost O(n²) over a long run.
    this.forget(runId);
    for (const event of events) log.events.push(event);
    this.keep(runId, log.events);
  }

  /** A store read from seq 1: kept when it holds the whole log of an ended run. */
  read(runId: string, afterSeq: number, events: readonly RunEvent[]): void {
    const last = events[events.length - 1];
    if (afterSeq !== 0 || !last || !TERMINAL_RUN_EVENTS.has(last.type) || last.seq !== events.length) return;
    if (this.logs.has(runId)) return;
    this.keep(runId, [...events]);
  }

  /** Events after `afterSeq` (at most `limit`) when the log is known past it; null means "ask the store". */
  after(runId: string, afterSeq: number, limit: number): RunEvent[] | null {
    const log = this.logs.get(runId);
    if (!log) return null;
    if (log.expiresAt <= this.now()) {
      this.forget(runId);
      return null;
    }
    // Past what this process knows of a live run: another process may have stored more.
    if (afterSeq >= log.events.length && !log.ended) return null;
    this.logs.delete(runId);
    this.logs.set(runId, log); // most recently used last
    return log.events.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit);
  }

  forget(runId: string): void {
    const log = this.logs.get(runId);
    if (!log) return;
    this.logs.delete(runId);
    this.eventCount -= log.events.length;
  }

  private keep(runId: string, events: RunEvent[]): void {
    if (events.length > MAX_EVENTS / 8) return;
    const last = events[events.length - 1];
    const ended = last !== undefined && TERMINAL_RUN_EVENTS.has(last.type);
    this.logs.set(runId, { events, ended, expiresAt: this.now() + (ended ? ENDED_TTL_MS : LIVE_TTL_MS) });
    this.eventCount += events.length;
    for (const [oldest, log] of this.logs) {
      if (this.logs.size <= MAX_RUNS && this.eventCount <= MAX_EVENTS) break;
      this.logs.delete(oldest);
      this.eventCount -= log.events.length;
    }
  }
}
