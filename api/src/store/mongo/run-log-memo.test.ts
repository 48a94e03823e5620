import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventType } from "../../runs/run-state.js";
import { RunLogMemo } from "./run-log-memo.js";

function events(from: number, to: number, last: RunEventType = "STEP_STARTED"): RunEvent[] {
  const out: RunEvent[] = [];
  for (let seq = from; seq <= to; seq++) {
    const type = seq === to ? last : "STEP_STARTED";
    out.push({ runId: "r", seq, type, nodeId: null, payload: {}, at: new Date(0) });
  }
  return out;
}
const seqs = (list: RunEvent[] | null) => list?.map((e) => e.seq) ?? null;

describe("RunLogMemo", () => {
  it("answers from the log of a run this process created and appended to", () => {
    const memo = new RunLogMemo();
    memo.created("r", []);
    memo.appended("r", events(1, 3));
    memo.appended("r", events(4, 5));
    expect(seqs(memo.after("r", 0, 10))).toStrictEqual([1, 2, 3, 4, 5]);
    expect(seqs(memo.after("r", 2, 2))).toStrictEqual([3, 4]);
    // Past what it knows of a live run: the store may have more.
    expect(memo.after("r", 5, 10)).toBeNull();
  });

  it("forgets a log at a gap (another process appended) and a run it never created", () => {
    const memo = new RunLogMemo();
    memo.created("r", []);
    memo.appended("r", events(1, 2));
    memo.appended("r", events(4, 4));
    expect(memo.after("r", 0, 10)).toBeNull();
    memo.appended("other", events(1, 1));
    expect(memo.after("other", 0, 10)).toBeNull();
  });

  it("keeps an ended run read whole from seq 1, and answers past its end with nothing", () => {
    const memo = new RunLogMemo();
    memo.read("r", 0, events(1, 3, "RUN_SUCCEEDED"));
    expect(seqs(memo.after("r", 1, 10))).toStrictEqual([2, 3]);
    expect(memo.after("r", 3, 10)).toStrictEqual([]);
  });

  it("does not keep partial reads: not from seq 1, or not through a terminal event", () => {
    const memo = new RunLogMemo();
    memo.read("a", 1, events(2, 3, "RUN_SUCCEEDED"));
    memo.read("b", 0, events(1, 3));
    expect(memo.after("a", 1, 10)).toBeNull();
    expect(memo.after("b", 0, 10)).toBeNull();
  });

  it("lets a live run's log expire, so a run another process took over is read from the store", () => {
    let now = 0;
    const memo = new RunLogMemo(() => now);
    memo.created("r", []);
    memo.appended("r", events(1, 2));
    now = 59_000;
    expect(seqs(memo.after("r", 0, 10))).toStrictEqual([1, 2]);
    now = 61_000;
    expect(memo.after("r", 0, 10)).toBeNull();
  });

  it("forgets a deleted run", () => {
    const memo = new RunLogMemo();
    memo.read("r", 0, events(1, 1, "RUN_FAILED"));
    memo.forget("r");
    expect(memo.after("r", 0, 10)).toBeNull();
  });
});
