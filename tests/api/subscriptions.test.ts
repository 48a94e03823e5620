import { currentVersionOf } from "../../api/src/runs/run.service.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../api/src/store/records.js";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";

let server: TestServer;
let run: RunRecord;

const RUN_EVENTS = `subscription($runId: ID!, $after: Int) { runEvents(runId: $runId, after: $after) { seq type nodeId payload } }`;
type EventMsg = { runEvents: { seq: number; type: string; nodeId: string | null; payload: Record<string, unknown> } };

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
});
afterAll(async () => {
  await server.stop();
});

async function newRun(): Promise<RunRecord> {
  const pipeline = await server.app.services.pipelines.get("hmp-etl");
  return server.app.services.runs.create({ ...currentVersionOf(pipeline), trigger: "MANUAL" });
}

const log = (i: number) => ({
  type: "LOG" as const,
  nodeId: "extract",
  payload: { level: "INFO", message: `line ${i}` },
  at: new Date(),
});

describe("runEvents subscription over graphql-ws", () => {
  beforeAll(async () => {
    run = await newRun();
  });

  it("replays stored events, then streams appended ones in order", async () => {
    await server.app.services.runs.append(run.id, [{ type: "RUN_STARTED", at: new Date() }]);
    const client = server.wsClient();
    const sub = collect<EventMsg>(client, RUN_EVENTS, { runId: run.id, after: 0 }, 12);
    // Appends race the subscription's replay on purpose: every event must arrive exactly once, in order.
    for (let i = 0; i < 10; i++) await server.app.services.runs.append(run.id, [log(i)]);
    const events = await sub.done;
    expect(events.map((e) => e.runEvents.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(events[0]?.runEvents.type).toBe("RUN_QUEUED");
    expect(events[11]?.runEvents.payload).toEqual({ level: "INFO", message: "line 9" });
  });

  it("a client that reconnects with its last seq receives exactly the missed events", async () => {
    const first = server.wsClient();
    const before = collect<EventMsg>(first, RUN_EVENTS, { runId: run.id, after: 0 }, 12);
    const seen = await before.done;
    const lastSeq = seen[seen.length - 1]!.runEvents.seq;
    await first.dispose(); // the socket is gone; events keep happening
    for (let i = 10; i < 15; i++) await server.app.services.runs.append(run.id, [log(i)]);

    const second = server.wsClient();
    const resumed = collect<EventMsg>(second, RUN_EVENTS, { runId: run.id, after: lastSeq }, 6);
    await server.app.services.runs.append(run.id, [{ type: "RUN_SUCCEEDED", at: new Date() }]);
    const missed = await resumed.done;
    expect(missed.map((e) => e.runEvents.seq)).toEqual([13, 14, 15, 16, 17, 18]);
    expect(missed.map((e) => e.runEvents.type)).toEqual(["LOG", "LOG", "LOG", "LOG", "LOG", "RUN_SUCCEEDED"]);
  });

  it("completes after the terminal event, also for a late subscriber", async () => {
    const client = server.wsClient();
    const all = collect<EventMsg>(client, RUN_EVENTS, { runId: run.id, after: 15 }, 100);
    const events = await all.done; // resolves on `complete`, not on the count
    expect(events.map((e) => e.runEvents.seq)).toEqual([16, 17, 18]);
  });

  it("reports an unknown run as NOT_FOUND", async () => {
    const client = server.wsClient();
    const sub = collect<EventMsg>(client, RUN_EVENTS, { runId: "missing", after: 0 }, 1);
    await expect(sub.done).rejects.toThrow(/NOT_FOUND/);
  });
});

describe("pipelineRuns and logs subscriptions", () => {
  it("streams run state changes of one pipeline", async () => {
    const client = server.wsClient();
    const sub = collect<{
      pipelineRuns: { id: string; status: string; steps: Array<{ nodeId: string; status: string }> };
    }>(client, `subscription { pipelineRuns(pipelineId: "hmp-etl") { id status steps { nodeId status } } }`, {}, 3);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the subscription reach the server
    const fresh = await newRun();
    await server.app.services.runs.append(fresh.id, [{ type: "RUN_STARTED", at: new Date() }]);
    await server.app.services.runs.append(fresh.id, [
      { type: "STEP_STARTED", nodeId: "extract", payload: { attempt: 1 }, at: new Date() },
    ]);
    const updates = await sub.done;
    expect(updates.map((u) => u.pipelineRuns.status)).toEqual(["QUEUED", "RUNNING", "RUNNING"]);
    expect(updates[2]?.pipelineRuns.steps.find((s) => s.nodeId === "extract")?.status).toBe("RUNNING");
  });

  it("tails log lines at or above a level", async () => {
    const client = server.wsClient();
    const sub = collect<{ logs: { level: string; message: string; source: string } }>(
      client,
      `subscription { logs(level: WARN) { level message source } }`,
      {},
      Number.POSITIVE_INFINITY,
    );
    const r = await newRun();
    // The tail is live only: probe until the subscription is known to be listening (a fixed sleep races on a busy
    // machine), then send the lines under test.
    let probes = 0;
    while (sub.values.length === 0) {
      if (probes++ > 200) throw new Error("the logs subscription never delivered a probe line");
      await server.app.services.runs.append(r.id, [
        { type: "LOG", payload: { level: "WARN", message: "probe" }, at: new Date() },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.app.services.runs.append(r.id, [
      { type: "LOG", payload: { level: "INFO", message: "quiet" }, at: new Date() },
      { type: "LOG", payload: { level: "WARN", message: "careful" }, at: new Date() },
      { type: "LOG", payload: { level: "ERROR", message: "broken" }, at: new Date() },
    ]);
    await expect.poll(() => sub.values.some((l) => l.logs.message === "broken"), { timeout: 10_000 }).toBe(true);
    sub.stop();
    const lines = sub.values.filter((l) => l.logs.message !== "probe");
    expect(lines.map((l) => `${l.logs.level}:${l.logs.message}`)).toEqual(["WARN:careful", "ERROR:broken"]);
    expect(lines[0]?.logs.source).toBe("pipeline:hmp-etl");
    const stored = await server.gql<{ logs: { totalCount: number } }>(
      `query($r: ID) { logs(filter: { runId: $r }) { totalCount } }`,
      { r: r.id },
    );
    expect(stored.data?.logs.totalCount).toBe(3 + probes);
  });
});
