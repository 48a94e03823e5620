import { describe, expect, it } from "vitest";
import { ProgressCoalescer } from "../../api/src/runs/progress-coalescer.js";
import type { RunEvent, RunEventType } from "../../api/src/runs/run-state.js";

/** A coalescer on a fake clock: `advance` moves time and fires due timers. */
function harness(perSecond: number) {
  let now = 0;
  let timer: { at: number; fn: () => void } | null = null;
  const out: RunEvent[] = [];
  const coalescer = new ProgressCoalescer((e) => out.push(e), {
    perSecond,
    now: () => now,
    setTimer: (fn, ms) => {
      const entry = { at: now + ms, fn };
      timer = entry;
      return { cancel: () => (timer === entry ? (timer = null) : undefined) };
    },
  });
  let seq = 0;
  const push = (type: RunEventType, nodeId: string | null = "a"): RunEvent => {
    const event: RunEvent = { runId: "r", seq: ++seq, type, nodeId, payload: {}, at: new Date(now) };
    coalescer.push(event);
    return event;
  };
  const advance = (ms: number) => {
    const until = now + ms;
    while (timer && timer.at <= until) {
      const due = timer;
      timer = null;
      now = due.at;
      due.fn();
    }
    now = until;
  };
  return { coalescer, out, push, advance };
}

describe("ProgressCoalescer", () => {
  it("lets at most N progress events per node and second through, plus the latest one when a burst ends", () => {
    const { out, push, advance } = harness(10);
    for (let i = 0; i < 100; i++) {
      push("STEP_PROGRESS");
      advance(1); // 1,000 events per second
    }
    const last = push("STEP_PROGRESS");
    advance(1000);
    const sent = out.filter((e) => e.type === "STEP_PROGRESS");
    expect(sent.length).toBeLessThanOrEqual(2 + 1); // 101 ms of events at 10/s, and the trailing one
    expect(sent.at(-1)).toBe(last);
  });

  it("never holds back or drops an event that is not progress, and keeps seq order", () => {
    const { out, push, advance } = harness(5);
    const others: RunEvent[] = [];
    const types: RunEventType[] = ["STEP_STARTED", "LOG", "METRIC", "STEP_SUCCEEDED", "STEP_FAILED", "STEP_RETRIED"];
    for (let i = 0; i < 600; i++) {
      push("STEP_PROGRESS", i % 2 === 0 ? "a" : "b");
      if (i % 7 === 0) others.push(push(types[i % types.length]!, i % 3 === 0 ? null : "a"));
      advance(2);
    }
    others.push(push("RUN_SUCCEEDED", null));
    advance(1000);
    expect(out.filter((e) => e.type !== "STEP_PROGRESS")).toEqual(others);
    const order = out.map((e) => e.seq);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    for (const nodeId of ["a", "b"]) {
      // 1.2 s of progress at 5 per second and node.
      expect(out.filter((e) => e.type === "STEP_PROGRESS" && e.nodeId === nodeId).length).toBeLessThanOrEqual(8);
    }
  });

  it("passes everything with perSecond 0", () => {
    const { out, push } = harness(0);
    for (let i = 0; i < 50; i++) push("STEP_PROGRESS");
    expect(out).toHaveLength(50);
  });

  it("drops what it holds when closed", () => {
    const { coalescer, out, push, advance } = harness(1);
    push("STEP_PROGRESS");
    push("STEP_PROGRESS");
    expect(coalescer.heldCount).toBe(1);
    coalescer.close();
    advance(5000);
    expect(out).toHaveLength(1);
  });
});
