import { describe, expect, it } from "vitest";
import { applyOverlayEvents, emptyOverlay } from "./run-overlay";
import { timelineOf } from "./timeline";

const at = (ms: number): string => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

describe("timelineOf", () => {
  const overlay = applyOverlayEvents(emptyOverlay("r", ["a", "b", "c"]), [
    { seq: 1, type: "RUN_STARTED", payload: {}, at: at(0) },
    { seq: 2, type: "STEP_STARTED", nodeId: "a", payload: { attempt: 1 }, at: at(10) },
    { seq: 3, type: "STEP_SUCCEEDED", nodeId: "a", payload: {}, at: at(110) },
    { seq: 4, type: "STEP_STARTED", nodeId: "b", payload: { attempt: 1 }, at: at(120) },
  ]);
  const labels = new Map([
    ["a", "Extract"],
    ["b", "Filter"],
  ]);

  it("places each started step from the run's start, a running one up to now, and leaves out steps not started", () => {
    const timeline = timelineOf(overlay, labels, Date.parse(at(300)));
    expect(timeline.bars).toEqual([
      { nodeId: "a", label: "Extract", status: "SUCCEEDED", offsetMs: 10, durationMs: 100 },
      { nodeId: "b", label: "Filter", status: "RUNNING", offsetMs: 120, durationMs: 180 },
    ]);
    expect(timeline.totalMs).toBe(300);
  });

  it("ends at the run's end once it finished", () => {
    const finished = applyOverlayEvents(overlay, [
      { seq: 5, type: "STEP_FAILED", nodeId: "b", payload: { error: "x" }, at: at(150) },
      { seq: 6, type: "RUN_FAILED", payload: {}, at: at(160) },
    ]);
    const timeline = timelineOf(finished, labels, Date.parse(at(10_000)));
    expect(timeline.totalMs).toBe(160);
    expect(timeline.bars[1]).toMatchObject({ status: "FAILED", durationMs: 30 });
  });
});
