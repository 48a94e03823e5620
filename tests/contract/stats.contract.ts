/**
 * Contract: run statistics, and store health.
 */
import { describe, expect, it } from "vitest";
import { RUN_STATUSES, type RunStatus } from "../../api/src/runs/run-state.js";
import type { RunStats } from "../../api/src/store/ports.js";
import { expectDomainError, type ContractTarget, type StoresRef } from "./support/contract-target.js";
import { run } from "./support/records.js";

function statusDelta(before: RunStats, after: RunStats): Record<RunStatus, number> {
  return Object.fromEntries(RUN_STATUSES.map((s) => [s, after.byStatus[s] - before.byStatus[s]])) as Record<
    RunStatus,
    number
  >;
}

export function statsContract(stores: StoresRef, target: ContractTarget): void {
  describe("stats", () => {
    it("counts every status over all runs and groups days from sinceDay by status, with duration sums", async () => {
      // Far-future days: no other test creates runs there, so perDay is exactly this test's.
      const [before1, day1, day2] = ["2998-12-31", "2999-01-01", "2999-01-02"];
      const before = await stores().runs.stats(day1);
      const make = (day: string, status: RunStatus, durationMs: number | null) =>
        run({ day, status, durationMs, createdAt: new Date(`${day}T12:00:00.000Z`) });
      const runs = [
        make(before1, "SUCCEEDED", 5),
        make(day1, "SUCCEEDED", 100),
        make(day1, "SUCCEEDED", 250),
        make(day1, "FAILED", null),
        make(day1, "RUNNING", null),
        make(day2, "CANCELLED", 0),
        make(day2, "FAILED", 40),
        make(day2, "FAILED", null),
      ];
      for (const r of runs) await stores().runs.insert(r);

      const after = await stores().runs.stats(day1);
      expect(Object.keys(after.byStatus).sort()).toStrictEqual([...RUN_STATUSES].sort());
      expect(statusDelta(before, after)).toStrictEqual({
        QUEUED: 0,
        RUNNING: 1,
        SUCCEEDED: 3,
        FAILED: 3,
        CANCELLED: 1,
      });
      // Rows by day, then in RUN_STATUSES order; a run without a duration counts but adds no duration.
      expect(after.perDay).toStrictEqual([
        { day: day1, status: "RUNNING", count: 1, durationSumMs: 0, durationCount: 0 },
        { day: day1, status: "SUCCEEDED", count: 2, durationSumMs: 350, durationCount: 2 },
        { day: day1, status: "FAILED", count: 1, durationSumMs: 0, durationCount: 0 },
        { day: day2, status: "FAILED", count: 2, durationSumMs: 40, durationCount: 1 },
        { day: day2, status: "CANCELLED", count: 1, durationSumMs: 0, durationCount: 1 },
      ]);
      expect((await stores().runs.stats(day2)).perDay.map((row) => row.day)).toStrictEqual([day2, day2]);
    });

    it("rejects a sinceDay that is not YYYY-MM-DD with BAD_USER_INPUT", async () => {
      await expectDomainError(stores().runs.stats("2024-1-1"), "BAD_USER_INPUT");
    });
  });

  describe("health", () => {
    it("pings the database", async () => {
      const health = await stores().ping();
      expect(health).toMatchObject({ ok: true, kind: target.kind });
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      expect(health.detail).not.toBe("");
      expect(stores().kind).toBe(target.kind);
    });

    it("reports a closed handle as not ok instead of throwing", async () => {
      const other = await target.open();
      await other.close();
      const health = await other.ping();
      expect(health).toMatchObject({ ok: false, kind: target.kind });
      expect(health.detail).not.toBe("");
    });
  });
}
