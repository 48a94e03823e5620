/**
 * dashboardStats over 100,000 runs in the SQLite store: the figures come from aggregations in the store, and they
 * are exact. (How fast it answers is measured by bench/queries, not here.)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../api/src/common/clock.js";
import { newId } from "../../api/src/common/ids.js";
import { initialProgress, RUN_STATUSES, type RunStatus } from "../../api/src/runs/run-state.js";
import { utcDay } from "../../api/src/store/collections.js";
import { SQLITE_FILE_NAME } from "../../api/src/store/open-stores.js";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";
import type { RunRecord } from "../../api/src/store/records.js";
import { startTestServer, type TestServer } from "../support/millrace.js";

const RUNS = 100_000;
const DAYS = 30;
const WINDOW = 14;
const NOW = new Date("2026-05-31T12:00:00Z");
const DAY_MS = 86_400_000;
const clock: Clock = { now: () => NOW };

let server: TestServer;
const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
const perDay = new Map<string, { total: number; succeeded: number; failed: number; cancelled: number }>();
let windowDurationSum = 0;
let windowDurationCount = 0;

beforeAll(async () => {
  // Seeded through the store's own insert (the same documents and indexes as in production), in one transaction
  // so that 100,000 of them take seconds, before the server opens the file.
  const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-dashboard-scale-"));
  const stores = openSqliteStores(path.join(dataDir, SQLITE_FILE_NAME));
  const db = (stores.runs as unknown as { db: Database.Database }).db;
  const firstDay = utcDay(new Date(NOW.getTime() - (WINDOW - 1) * DAY_MS));
  const inserted: Promise<void>[] = [];
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const record = seeded(i);
      inserted.push(stores.runs.insert(record)); // synchronous underneath: it runs inside this transaction
      byStatus[record.status]++;
      if (record.day < firstDay) continue;
      const day = perDay.get(record.day) ?? { total: 0, succeeded: 0, failed: 0, cancelled: 0 };
      day.total++;
      if (record.status === "SUCCEEDED") day.succeeded++;
      if (record.status === "FAILED") day.failed++;
      if (record.status === "CANCELLED") day.cancelled++;
      perDay.set(record.day, day);
      if (record.durationMs !== null) {
        windowDurationSum += record.durationMs;
        windowDurationCount++;
      }
    }
  })();
  await Promise.all(inserted);
  await stores.close();
  server = await startTestServer({ clock, dataDir });
}, 240_000);
afterAll(async () => {
  await server.stop();
  await rm(server.dataDir, { recursive: true, force: true });
});

/** Run i: its status cycles through every status, its day through the last DAYS days, its duration through i % 97. */
function seeded(i: number): RunRecord {
  const status = RUN_STATUSES[i % RUN_STATUSES.length] as RunStatus;
  const createdAt = new Date(NOW.getTime() - (i % DAYS) * DAY_MS - 3_600_000);
  const finished = status === "SUCCEEDED" || status === "FAILED" || status === "CANCELLED";
  const active = status === "QUEUED" || status === "RUNNING";
  return {
    id: newId(),
    ...initialProgress(["a"]),
    status,
    startedAt: status === "QUEUED" ? null : createdAt,
    finishedAt: finished ? new Date(createdAt.getTime() + (i % 97) * 1000) : null,
    durationMs: finished ? (i % 97) * 1000 : null,
    pipelineId: `p${i % 50}`,
    pipelineName: "scale",
    pipelineVersion: 1,
    snapshot: { nodes: [], edges: [] },
    trigger: "API",
    params: {},
    parentRunId: null,
    day: utcDay(createdAt),
    createdAt,
    // Active runs hold a lease: the orphan sweeper must leave them as they are.
    leaseOwner: active ? "dashboard-scale-test" : null,
    leaseExpiresAt: active ? new Date(Date.now() + 3_600_000) : null,
    cancelRequestedAt: null,
  };
}

describe("dashboardStats with 100,000 runs (SQLite)", () => {
  it("counts every run exactly, per status and per day of the window", async () => {
    const res = await server.gql<{
      dashboardStats: {
        runCount: number;
        runsByStatus: Record<string, number>;
        successRate: number | null;
        avgDurationMs: number | null;
        runsPerDay: Array<{ day: string; total: number; succeeded: number; failed: number; cancelled: number }>;
        recentRuns: Array<{ id: string }>;
      };
    }>(
      `query($days: Int!) { dashboardStats(days: $days) { runCount successRate avgDurationMs
          runsByStatus { queued running succeeded failed cancelled }
          runsPerDay { day total succeeded failed cancelled }
          recentRuns { id } } }`,
      { days: WINDOW },
    );
    expect(res.errors).toBeUndefined();
    const stats = res.data!.dashboardStats;
    expect(stats.runCount).toBe(RUNS);
    expect(stats.runsByStatus).toStrictEqual({
      queued: byStatus.QUEUED,
      running: byStatus.RUNNING,
      succeeded: byStatus.SUCCEEDED,
      failed: byStatus.FAILED,
      cancelled: byStatus.CANCELLED,
    });
    expect(stats.successRate).toBeCloseTo(byStatus.SUCCEEDED / (byStatus.SUCCEEDED + byStatus.FAILED), 12);
    expect(stats.avgDurationMs).toBeCloseTo(windowDurationSum / windowDurationCount, 6);
    expect(stats.runsPerDay).toHaveLength(WINDOW);
    for (const day of stats.runsPerDay) {
      expect(day).toStrictEqual({ day: day.day, ...perDay.get(day.day) });
    }
    expect(stats.recentRuns).toHaveLength(10);
  }, 300_000);
});
