import { describe, expect, it } from "vitest";
import { applyOverlayEvent, applyOverlayEvents, emptyOverlay, type OverlayEvent } from "./run-overlay";

let seq = 0;
const at = (ms: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString();
const ev = (
  type: string,
  nodeId: string | null = null,
  payload: Record<string, unknown> = {},
  ms = 0,
): OverlayEvent => ({
  seq: ++seq,
  type,
  nodeId,
  payload,
  at: at(ms),
});

const fresh = () => {
  seq = 0;
  return emptyOverlay("run-1", ["src", "filter", "agg"]);
};

describe("the run overlay", () => {
  it("starts with the snapshot's nodes QUEUED and the run QUEUED", () => {
    const overlay = fresh();
    expect(overlay.status).toBe("QUEUED");
    expect(Object.values(overlay.nodes).map((n) => n.status)).toEqual(["QUEUED", "QUEUED", "QUEUED"]);
  });

  it("follows a successful run: running, rows, durations, output columns", () => {
    let overlay = fresh();
    overlay = applyOverlayEvents(overlay, [
      ev("RUN_QUEUED"),
      ev("RUN_STARTED", null, {}, 10),
      ev("STEP_STARTED", "src", { attempt: 1 }, 20),
    ]);
    expect(overlay.status).toBe("RUNNING");
    expect(overlay.nodes["src"]).toMatchObject({ status: "RUNNING", attempt: 1, startedAt: at(20) });

    overlay = applyOverlayEvents(overlay, [
      ev("LOG", "src", { level: "INFO", message: "generated 1,000 rows" }, 60),
      ev(
        "STEP_SUCCEEDED",
        "src",
        {
          rowsIn: 0,
          rowsOut: 1000,
          bytes: 37_345,
          durationMs: 72,
          output: { columns: [{ name: "id", type: "BIGINT" }] },
        },
        92,
      ),
      ev("STEP_STARTED", "filter", { attempt: 1 }, 100),
      ev("STEP_PROGRESS", "filter", { rowsIn: 1000 }, 110),
    ]);
    expect(overlay.nodes["src"]).toMatchObject({
      status: "SUCCEEDED",
      rowsIn: 0,
      rowsOut: 1000,
      bytes: 37_345,
      durationMs: 72,
      outputColumns: [{ name: "id", type: "BIGINT" }],
    });
    expect(overlay.nodes["filter"]).toMatchObject({ status: "RUNNING", rowsIn: 1000, rowsOut: null });
    expect(overlay.logs).toEqual([
      { seq: 4, at: at(60), level: "INFO", message: "generated 1,000 rows", nodeId: "src" },
    ]);

    overlay = applyOverlayEvents(overlay, [
      ev("STEP_SUCCEEDED", "filter", { rowsIn: 1000, rowsOut: 400 }, 130),
      ev("STEP_STARTED", "agg", { attempt: 1 }, 131),
      ev("STEP_SUCCEEDED", "agg", { rowsIn: 400, rowsOut: 5, durationMs: 9 }, 140),
      ev("RUN_SUCCEEDED", null, {}, 141),
    ]);
    expect(overlay.status).toBe("SUCCEEDED");
    expect(overlay.finishedAt).toBe(at(141));
    // No durationMs in the payload: measured from the step's start.
    expect(overlay.nodes["filter"]!.durationMs).toBe(30);
    expect(Object.values(overlay.nodes).every((n) => n.status === "SUCCEEDED")).toBe(true);
  });

  it("shows a failure with its error and location, and SKIPPED downstream", () => {
    const overlay = applyOverlayEvents(fresh(), [
      ev("RUN_STARTED"),
      ev("STEP_STARTED", "src", { attempt: 1 }),
      ev("STEP_SUCCEEDED", "src", { rowsOut: 10 }),
      ev("STEP_STARTED", "filter", { attempt: 1 }),
      ev("STEP_FAILED", "filter", { error: 'unknown column "nope"', location: { column: "nope" }, durationMs: 16 }),
      ev("STEP_SKIPPED", "agg", { reason: 'upstream step "filter" failed' }),
      ev("RUN_FAILED", null, { reason: "step filter failed" }),
    ]);
    expect(overlay.status).toBe("FAILED");
    expect(overlay.nodes["filter"]).toMatchObject({
      status: "FAILED",
      error: 'unknown column "nope"',
      errorLocation: { column: "nope" },
      durationMs: 16,
    });
    expect(overlay.nodes["agg"]).toMatchObject({ status: "SKIPPED", error: 'upstream step "filter" failed' });
    expect(overlay.logs.map((l) => [l.level, l.nodeId])).toEqual([
      ["ERROR", "filter"],
      ["ERROR", null],
    ]);
  });

  it("counts attempts through retries", () => {
    const overlay = applyOverlayEvents(fresh(), [
      ev("RUN_STARTED"),
      ev("STEP_STARTED", "src", { attempt: 1 }),
      ev("STEP_RETRIED", "src", { error: "timeout", attempt: 1, nextAttempt: 2, delayMs: 1000 }),
    ]);
    expect(overlay.nodes["src"]).toMatchObject({ status: "QUEUED", attempt: 1, error: "timeout" });
    expect(overlay.logs.at(-1)).toMatchObject({ level: "WARN", message: "retrying in 1000 ms after: timeout" });

    const second = applyOverlayEvents(overlay, [
      ev("STEP_STARTED", "src", { attempt: 2 }),
      ev("STEP_SUCCEEDED", "src", { rowsOut: 1 }),
    ]);
    expect(second.nodes["src"]).toMatchObject({ status: "SUCCEEDED", attempt: 2, error: null });
  });

  it("cancels every step still waiting or running when the run is cancelled", () => {
    const overlay = applyOverlayEvents(fresh(), [
      ev("RUN_STARTED"),
      ev("STEP_STARTED", "src", { attempt: 1 }),
      ev("STEP_SUCCEEDED", "src"),
      ev("STEP_STARTED", "filter", { attempt: 1 }),
      ev("STEP_CANCELLED", "filter", { attempt: 1, durationMs: 5 }),
      ev("RUN_CANCELLED"),
    ]);
    expect(overlay.status).toBe("CANCELLED");
    expect(overlay.nodes["src"]!.status).toBe("SUCCEEDED");
    expect(overlay.nodes["filter"]).toMatchObject({ status: "CANCELLED", durationMs: 5 });
    expect(overlay.nodes["agg"]!.status).toBe("CANCELLED");
  });

  it("fails the running step and skips the rest when the run fails without step events (engine died)", () => {
    const overlay = applyOverlayEvents(fresh(), [
      ev("RUN_STARTED"),
      ev("STEP_STARTED", "src", { attempt: 1 }),
      ev("RUN_FAILED", null, { reason: "the engine running it stopped" }),
    ]);
    expect(overlay.nodes["src"]).toMatchObject({ status: "FAILED", error: "the engine running it stopped" });
    expect(overlay.nodes["filter"]!.status).toBe("SKIPPED");
  });

  it("ignores duplicate and out-of-order events, returning the same object", () => {
    const base = applyOverlayEvents(fresh(), [ev("RUN_STARTED"), ev("STEP_STARTED", "src", { attempt: 1 })]);
    const duplicate = { ...ev("STEP_SUCCEEDED", "src"), seq: 2 };
    expect(applyOverlayEvent(base, duplicate)).toBe(base);
    const stale = { ...ev("STEP_FAILED", "src", { error: "late" }), seq: 1 };
    expect(applyOverlayEvent(base, stale)).toBe(base);
    expect(base.lastSeq).toBe(2);
  });

  it("changes only the node an event is about, so other nodes keep their identity", () => {
    const base = applyOverlayEvents(fresh(), [ev("RUN_STARTED")]);
    const next = applyOverlayEvent(base, ev("STEP_STARTED", "filter", { attempt: 1 }));
    expect(next.nodes["src"]).toBe(base.nodes["src"]);
    expect(next.nodes["filter"]).not.toBe(base.nodes["filter"]);
    const logged = applyOverlayEvent(next, ev("LOG", "filter", { level: "WARN", message: "hm" }));
    expect(logged.nodes).toBe(next.nodes);
  });

  it("tracks a node the snapshot did not list, and keeps the seq of unknown event types", () => {
    const overlay = applyOverlayEvents(fresh(), [ev("STEP_STARTED", "late", { attempt: 1 }), ev("FUTURE_EVENT")]);
    expect(overlay.nodes["late"]!.status).toBe("RUNNING");
    expect(overlay.lastSeq).toBe(2);
  });
});
