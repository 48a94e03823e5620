/**
 * The run event document: one per (runId, seq), unique on that pair. The payload is engine-produced JSON with
 * arbitrary keys (metric names, ...), so it is stored as text like the opaque record fields.
 */
import type { Document } from "mongodb";
import type { NewRunEvent, RunEvent } from "../../runs/run-state.js";

export interface EventDoc {
  runId: string;
  seq: number;
  type: RunEvent["type"];
  nodeId: string | null;
  payload: string;
  at: Date;
}

export function encodeEvent(runId: string, seq: number, event: NewRunEvent): EventDoc {
  return {
    runId,
    seq,
    type: event.type,
    nodeId: event.nodeId ?? null,
    payload: JSON.stringify(event.payload ?? {}),
    at: event.at,
  };
}

export function decodeEvent(doc: Document): RunEvent {
  const event = doc as unknown as EventDoc;
  return {
    runId: event.runId,
    seq: event.seq,
    type: event.type,
    nodeId: event.nodeId,
    payload: JSON.parse(event.payload) as Record<string, unknown>,
    at: event.at,
  };
}

/** Those of `events` that continue `lastSeq` without a gap (a gap means a write we must not fold past yet). */
export function contiguousAfter(lastSeq: number, events: readonly RunEvent[]): RunEvent[] {
  const result: RunEvent[] = [];
  for (const event of events) {
    if (event.seq !== lastSeq + 1 + result.length) break;
    result.push(event);
  }
  return result;
}
