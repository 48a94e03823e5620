import { currentVersionOf } from "../../api/src/runs/run.service.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Clock } from "../../api/src/common/clock.js";
import { startTestServer, type TestServer } from "../support/millrace.js";

let server: TestServer;
let now = new Date("2026-03-10T12:00:00Z");
const clock: Clock = { now: () => now };

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true, clock });
});
afterAll(async () => {
  await server.stop();
});

async function finishedRun(day: string, outcome: "RUN_SUCCEEDED" | "RUN_FAILED", seconds: number): Promise<void> {
  now = new Date(`${day}T08:00:00Z`);
  const pipeline = await server.app.services.pipelines.get("hmp-etl");
  const run = await server.app.services.runs.create({ ...currentVersionOf(pipeline), trigger: "MANUAL" });
  const start = new Date(`${day}T08:00:00Z`);
  await server.app.services.runs.append(run.id, [
    { type: "RUN_STARTED", at: start },
    { type: outcome, at: new Date(start.getTime() + seconds * 1000) },
  ]);
}

describe("dashboardStats", () => {
  it("is computed from the stored runs", async () => {
    await finishedRun("2026-03-08", "RUN_SUCCEEDED", 10);
    await finishedRun("2026-03-08", "RUN_FAILED", 20);
    await finishedRun("2026-03-09", "RUN_SUCCEEDED", 30);
    await finishedRun("2026-02-01", "RUN_SUCCEEDED", 99); // outside the window, inside the totals
    now = new Date("2026-03-10T12:00:00Z");
    const pipeline = await server.app.services.pipelines.get("hmp-etl");
    await server.app.services.runs.create({ ...currentVersionOf(pipeline), trigger: "API" }); // still queued

    const res = await server.gql<{
      dashboardStats: Record<string, unknown> & { runsPerDay: Array<Record<string, unknown>> };
    }>(
      `{ dashboardStats(days: 3) { pipelineCount runCount successRate avgDurationMs datasetCount
          runsByStatus { queued running succeeded failed cancelled }
          runsPerDay { day total succeeded failed avgDurationMs }
          recentRuns { status } } }`,
    );
    const stats = res.data!.dashboardStats;
    expect(stats).toMatchObject({
      pipelineCount: 5,
      datasetCount: 1,
      runCount: 5,
      runsByStatus: { queued: 1, running: 0, succeeded: 3, failed: 1, cancelled: 0 },
      successRate: 0.75,
      avgDurationMs: 20_000,
    });
    expect(stats.runsPerDay).toEqual([
      { day: "2026-03-08", total: 2, succeeded: 1, failed: 1, avgDurationMs: 15_000 },
      { day: "2026-03-09", total: 1, succeeded: 1, failed: 0, avgDurationMs: 30_000 },
      { day: "2026-03-10", total: 1, succeeded: 0, failed: 0, avgDurationMs: null },
    ]);
    expect((stats["recentRuns"] as Array<{ status: string }>)[0]?.status).toBe("QUEUED");
  });

  it("computes once for requests that arrive while the same computation is running, and afresh after", async () => {
    const { services, stores } = server.app;
    const stats = vi.spyOn(stores.runs, "stats");
    try {
      const [a, b, c] = await Promise.all([
        services.dashboard.stats(7),
        services.dashboard.stats(7),
        services.dashboard.stats(7),
      ]);
      expect(stats).toHaveBeenCalledTimes(1);
      expect(b).toBe(a);
      expect(c).toBe(a);
      // A request after it finished sees what was written meanwhile.
      await finishedRun("2026-03-10", "RUN_SUCCEEDED", 5);
      now = new Date("2026-03-10T12:00:00Z");
      const later = await services.dashboard.stats(7);
      expect(stats).toHaveBeenCalledTimes(2);
      expect(later.runCount).toBe(a.runCount + 1);
    } finally {
      stats.mockRestore();
    }
  });

  it("rejects a window outside 1..366 days, naming the argument", async () => {
    const res = await server.gql(`{ dashboardStats(days: 0) { runCount } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "days" });
  });
});
