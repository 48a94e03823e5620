import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../api/src/common/clock.js";
import { createLogger } from "../../api/src/common/logger.js";
import { Scheduler, type SchedulerDeps } from "../../api/src/schedules/scheduler.js";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline } from "../support/runs.js";

let server: TestServer;
let now = new Date("2026-06-01T10:00:30Z");
const clock: Clock = { now: () => now };

beforeAll(async () => {
  // The server's own scheduler is off: the test plays several "processes" with schedulers it ticks by hand.
  // Dev mode: the clock jumps days ahead, past any access token's expiry (auth has its own tests).
  server = await startTestServer({ clock, env: { SCHEDULER_ENABLED: "false", AUTH_MODE: "off" } });
});
afterAll(async () => {
  await server.stop();
});

function schedulers(count: number, engineOverride?: SchedulerDeps["engine"]): Scheduler[] {
  const { stores, services } = server.app;
  return Array.from(
    { length: count },
    (_, i) =>
      new Scheduler({
        pipelines: stores.pipelines,
        runs: stores.runs,
        ticks: stores.scheduleTicks,
        engine: engineOverride ?? {
          runPipeline: (...args) => services.engine.runPipeline(...args),
          owner: `process-${i}`,
        },
        clock,
        logger: createLogger("silent"),
      }),
  );
}

async function ticks(pipelineId: string): Promise<Array<{ fireAt: string; status: string; runId: string | null }>> {
  const res = await server.gql<{
    scheduleTicks: { nodes: Array<{ fireAt: string; status: string; runId: string | null }> };
  }>(`query($p: ID!) { scheduleTicks(pipelineId: $p, first: 100) { nodes { fireAt status runId } } }`, {
    p: pipelineId,
  });
  return res.data!.scheduleTicks.nodes.reverse();
}

async function runsOf(pipelineId: string): Promise<Array<{ trigger: string }>> {
  return (await server.app.stores.runs.list({ pipelineId }, { first: 500 })).items;
}

const quick = { nodes: [{ id: "gen", kind: "extract_synthetic", config: { rows: 10, seed: 1 } }] };
const minutes = (n: number) => n * 60_000;

describe("schedules with a controlled clock", () => {
  it("fires each tick exactly once across three processes, in the schedule's time zone", async () => {
    now = new Date("2026-06-01T10:00:30Z");
    const id = await createPipeline(server, {
      name: "Every minute",
      ...quick,
      schedule: { cron: "* * * * *", timezone: "Europe/Oslo", overlap: "ALLOW" },
    });
    const processes = schedulers(3);
    for (let i = 1; i <= 3; i++) {
      now = new Date(now.getTime() + minutes(1));
      await Promise.all(processes.map((s) => s.tick()));
    }
    const recorded = await ticks(id);
    expect(recorded.map((t) => [t.fireAt, t.status])).toEqual([
      ["2026-06-01T10:01:00.000Z", "STARTED"],
      ["2026-06-01T10:02:00.000Z", "STARTED"],
      ["2026-06-01T10:03:00.000Z", "STARTED"],
    ]);
    expect(new Set(recorded.map((t) => t.runId)).size).toBe(3);
    const runs = await runsOf(id);
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.trigger === "SCHEDULE")).toBe(true);
    const next = await server.gql<{ pipeline: { nextFireTimes: string[] } }>(
      `query($id: ID!) { pipeline(id: $id) { nextFireTimes(count: 2) } }`,
      { id },
    );
    expect(next.data?.pipeline.nextFireTimes).toHaveLength(2);
  });

  it("catches up after downtime as configured: NONE, LATEST, or ALL up to the limit", async () => {
    now = new Date("2026-06-02T00:00:10Z");
    const none = await createPipeline(server, {
      name: "none",
      ...quick,
      schedule: { cron: "*/5 * * * *", catchUp: "NONE" },
    });
    const latest = await createPipeline(server, {
      name: "latest",
      ...quick,
      schedule: { cron: "*/5 * * * *", catchUp: "LATEST" },
    });
    const all = await createPipeline(server, {
      name: "all",
      ...quick,
      schedule: { cron: "*/5 * * * *", catchUp: "ALL", catchUpLimit: 3, overlap: "ALLOW" },
    });
    now = new Date("2026-06-02T01:02:00Z"); // an hour of downtime: ticks at 00:05 … 01:00 were missed
    await schedulers(1)[0]!.tick();
    expect((await runsOf(none)).length).toBe(0);
    expect((await ticks(none)).map((t) => t.status)).toEqual(["MISSED"]);
    expect((await ticks(latest)).map((t) => [t.fireAt, t.status])).toEqual([["2026-06-02T01:00:00.000Z", "STARTED"]]);
    expect((await ticks(all)).map((t) => [t.fireAt, t.status])).toEqual([
      ["2026-06-02T00:50:00.000Z", "STARTED"],
      ["2026-06-02T00:55:00.000Z", "STARTED"],
      ["2026-06-02T01:00:00.000Z", "STARTED"],
    ]);
    // Nothing is fired again on the next tick of the same minute.
    await schedulers(1)[0]!.tick();
    expect((await runsOf(all)).length).toBe(3);
  });

  it("skips or queues a tick that finds the previous run still going", async () => {
    now = new Date("2026-06-03T08:00:30Z");
    const engine = server.app.services.engine;
    const slowEngine: SchedulerDeps["engine"] = {
      owner: "slow",
      runPipeline: (...args) => engine.runPipeline(...args),
    };
    const skip = await createPipeline(server, {
      name: "skip",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 30_000_000, numericColumns: 6, seed: 2 } },
        { id: "s", kind: "sort", config: { by: [{ column: "x1" }] } },
      ],
      edges: [{ source: "gen", target: "s" }],
      schedule: { cron: "* * * * *", overlap: "SKIP" },
    });
    const [scheduler] = schedulers(1, slowEngine);
    now = new Date(now.getTime() + minutes(1));
    await scheduler!.tick();
    now = new Date(now.getTime() + minutes(1));
    await scheduler!.tick();
    const recorded = await ticks(skip);
    expect(recorded.map((t) => t.status)).toEqual(["STARTED", "SKIPPED"]);
    const first = recorded[0]!.runId!;
    await server.gql(`mutation($id: ID!) { cancelRun(runId: $id) { status } }`, { id: first });

    const queue = await createPipeline(server, {
      name: "queue",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 30_000_000, numericColumns: 6, seed: 3 } },
        { id: "s", kind: "sort", config: { by: [{ column: "x1" }] } },
      ],
      edges: [{ source: "gen", target: "s" }],
      schedule: { cron: "* * * * *", overlap: "QUEUE" },
    });
    now = new Date(now.getTime() + minutes(1));
    await scheduler!.tick();
    now = new Date(now.getTime() + minutes(1));
    await scheduler!.tick();
    let queued = await ticks(queue);
    expect(queued.map((t) => t.status)).toEqual(["STARTED", "QUEUED"]);
    await server.gql(`mutation($id: ID!) { cancelRun(runId: $id) { status } }`, { id: queued[0]!.runId! });
    await scheduler!.tick(); // same minute: the queued tick starts now that nothing is running
    queued = await ticks(queue);
    expect(queued.map((t) => t.status)).toEqual(["STARTED", "STARTED"]);
    expect(queued[1]!.runId).not.toBeNull();
    await server.gql(`mutation($id: ID!) { cancelRun(runId: $id) { status } }`, { id: queued[1]!.runId! });
  });

  it("refuses a bad schedule by field", async () => {
    const cron = await server.gql(
      `mutation { createPipeline(input: { name: "x", schedule: { cron: "61 * * * *" } }) { __typename } }`,
    );
    expect(cron.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "schedule.cron" });
    const zone = await server.gql(
      `mutation { createPipeline(input: { name: "x", schedule: { cron: "0 * * * *", timezone: "Mars/Olympus" } }) { __typename } }`,
    );
    expect(zone.errors?.[0]?.extensions).toMatchObject({ field: "schedule.timezone" });
  });
});
