import { describe, expect, it } from "vitest";
import { applyRunEvent, foldRunEvents, initialProgress, type RunEvent, type RunEventType } from "./run-state.js";

let seq = 0;
const t0 = Date.parse("2026-01-01T00:00:00Z");
const ev = (
  type: RunEventType,
  nodeId: string | null = null,
  payload: Record<string, unknown> = {},
  atMs = seq * 1000,
): RunEvent => ({
  runId: "r",
  seq: ++seq,
  type,
  nodeId,
  payload,
  at: new Date(t0 + atMs),
});

describe("run state fold", () => {
  it("derives run and step status, metrics and durations from events", () => {
    seq = 0;
    const state = foldRunEvents(initialProgress(["a", "b"]), [
      ev("RUN_QUEUED"),
      ev("RUN_STARTED"),
      ev("STEP_STARTED", "a", { attempt: 1 }),
      ev("STEP_PROGRESS", "a", { rowsIn: 10 }),
      ev("STEP_SUCCEEDED", "a", { rowsIn: 100, rowsOut: 90, bytes: 4096 }),
      ev("STEP_STARTED", "b", { attempt: 1 }),
      ev("STEP_FAILED", "b", { error: 'column "q" not found' }),
      ev("RUN_FAILED", null, { reason: "step b failed" }),
    ]);
    expect(state.status).toBe("FAILED");
    expect(state.lastSeq).toBe(8);
    expect(state.error).toBe("step b failed");
    expect(state.durationMs).toBe(6000);
    expect(state.steps[0]).toMatchObject({
      nodeId: "a",
      status: "SUCCEEDED",
      rowsIn: 100,
      rowsOut: 90,
      bytes: 4096,
      attempts: 1,
      durationMs: 2000,
    });
    expect(state.steps[1]).toMatchObject({ nodeId: "b", status: "FAILED", error: 'column "q" not found' });
  });

  it("ignores events it has already applied", () => {
    seq = 0;
    const events = [ev("RUN_STARTED"), ev("STEP_STARTED", "a")];
    const once = foldRunEvents(initialProgress(["a"]), events);
    expect(foldRunEvents(once, events)).toEqual(once);
    expect(applyRunEvent(once, events[0] as RunEvent)).toBe(once);
  });

  it("counts attempts across retries", () => {
    seq = 0;
    const state = foldRunEvents(initialProgress(["a"]), [
      ev("STEP_STARTED", "a", { attempt: 1 }),
      ev("STEP_RETRIED", "a", { error: "timeout" }),
      ev("STEP_STARTED", "a", { attempt: 2 }),
      ev("STEP_SUCCEEDED", "a", { rowsOut: 1 }),
    ]);
    expect(state.steps[0]).toMatchObject({ status: "SUCCEEDED", attempts: 2, error: null });
  });

  it("leaves no step unfinished when the run is cancelled", () => {
    seq = 0;
    const state = foldRunEvents(initialProgress(["a", "b", "c"]), [
      ev("RUN_STARTED"),
      ev("STEP_SUCCEEDED", "a"),
      ev("STEP_STARTED", "b"),
      ev("RUN_CANCELLED", null, { reason: "cancelled by user" }),
    ]);
    expect(state.steps.map((s) => s.status)).toEqual(["SUCCEEDED", "CANCELLED", "CANCELLED"]);
  });
});
