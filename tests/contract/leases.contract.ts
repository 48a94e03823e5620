/**
 * Contract: run leases (acquire, renew, takeover, release), orphaned runs, cancellation requests and step claims.
 */
import { describe, expect, it } from "vitest";
import { newId } from "../../api/src/common/ids.js";
import { foldRunEvents, type RunStatus } from "../../api/src/runs/run-state.js";
import type { RunRecord } from "../../api/src/store/records.js";
import { allEvents } from "./runs.contract.js";
import { expectDomainError, type StoresRef } from "./support/contract-target.js";
import { event, run } from "./support/records.js";

/** The lease clock: any instants will do, the store compares the ones it is given. */
function clock(seconds: number): Date {
  return new Date(Date.UTC(2030, 0, 1) + seconds * 1000);
}

export function leaseContract(stores: StoresRef): void {
  const insert = async (overrides: Partial<RunRecord> = {}): Promise<RunRecord> => {
    const record = run(overrides);
    await stores().runs.insert(record);
    return record;
  };

  describe("run leases", () => {
    it("takes a free lease, renews it for its owner only, and hands it over once expired", async () => {
      const { id } = await insert();
      const runs = stores().runs;
      expect(await runs.acquireLease(id, "engine-a", clock(0), clock(10))).toBe(true);
      expect(await runs.get(id)).toMatchObject({ leaseOwner: "engine-a", leaseExpiresAt: clock(10) });

      expect(await runs.acquireLease(id, "engine-b", clock(5), clock(15))).toBe(false);
      expect(await runs.acquireLease(id, "engine-b", clock(9.999), clock(15))).toBe(false);
      expect(await runs.get(id)).toMatchObject({ leaseOwner: "engine-a", leaseExpiresAt: clock(10) });

      expect(await runs.acquireLease(id, "engine-a", clock(5), clock(20))).toBe(true);
      expect(await runs.get(id)).toMatchObject({ leaseOwner: "engine-a", leaseExpiresAt: clock(20) });

      // Expired at exactly `now`: free.
      expect(await runs.acquireLease(id, "engine-b", clock(20), clock(30))).toBe(true);
      expect(await runs.get(id)).toMatchObject({ leaseOwner: "engine-b", leaseExpiresAt: clock(30) });
      expect(await runs.acquireLease(id, "engine-a", clock(21), clock(40))).toBe(false);
    });

    it("leases QUEUED and RUNNING runs only, and no unknown run", async () => {
      const statuses: RunStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];
      for (const status of statuses) {
        const { id } = await insert({ status });
        const active = status === "QUEUED" || status === "RUNNING";
        expect(await stores().runs.acquireLease(id, "engine", clock(0), clock(10)), status).toBe(active);
        expect((await stores().runs.get(id))?.leaseOwner, status).toBe(active ? "engine" : null);
      }
      expect(await stores().runs.acquireLease(newId(), "engine", clock(0), clock(10))).toBe(false);
    });

    it("gives a free run's lease to exactly one of many concurrent acquirers", async () => {
      const { id } = await insert({ status: "RUNNING" });
      const owners = Array.from({ length: 8 }, (_, i) => `engine-${i}`);
      const results = await Promise.all(
        owners.map((owner) => stores().runs.acquireLease(id, owner, clock(0), clock(10))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await stores().runs.get(id))?.leaseOwner).toBe(owners[results.indexOf(true)]);
    });

    it("releases the lease of its owner only", async () => {
      const { id } = await insert();
      await stores().runs.acquireLease(id, "engine-a", clock(0), clock(10));
      await stores().runs.releaseLease(id, "engine-b");
      expect(await stores().runs.get(id)).toMatchObject({ leaseOwner: "engine-a", leaseExpiresAt: clock(10) });
      await stores().runs.releaseLease(id, "engine-a");
      expect(await stores().runs.get(id)).toMatchObject({ leaseOwner: null, leaseExpiresAt: null });
      expect(await stores().runs.acquireLease(id, "engine-b", clock(1), clock(10))).toBe(true);
      await stores().runs.releaseLease(newId(), "engine-b");
    });

    it("rejects an empty owner and invalid instants with BAD_USER_INPUT", async () => {
      const { id } = await insert();
      await expectDomainError(stores().runs.acquireLease(id, "", clock(0), clock(1)), "BAD_USER_INPUT");
      await expectDomainError(stores().runs.acquireLease(id, "e", new Date(NaN), clock(1)), "BAD_USER_INPUT");
      await expectDomainError(stores().runs.releaseLease(id, ""), "BAD_USER_INPUT");
    });
  });

  describe("orphaned runs", () => {
    it("lists active runs whose lease is absent or expired, oldest first, at most limit", async () => {
      // 1990: older than every other run the suite creates, so these come first.
      const created = (minute: number) => new Date(Date.UTC(1990, 0, 1, 0, minute));
      const now = clock(100);
      const lease = (owner: string, expires: Date) => ({ leaseOwner: owner, leaseExpiresAt: expires });
      const queued = await insert({ status: "QUEUED", createdAt: created(1) });
      const expired = await insert({ status: "RUNNING", createdAt: created(2), ...lease("dead", clock(99)) });
      await insert({ status: "RUNNING", createdAt: created(3), ...lease("alive", clock(101)) });
      await insert({ status: "SUCCEEDED", createdAt: created(4) });
      const expiresNow = await insert({ status: "RUNNING", createdAt: created(5), ...lease("dead", now) });
      await insert({ status: "FAILED", createdAt: created(6), ...lease("dead", clock(0)) });
      const newest = await insert({ status: "QUEUED", createdAt: created(7) });

      const ids = async (limit: number) => (await stores().runs.listOrphanedRuns(now, limit)).map((r) => r.id);
      expect(await ids(4)).toStrictEqual([queued.id, expired.id, expiresNow.id, newest.id]);
      expect(await ids(2)).toStrictEqual([queued.id, expired.id]);
      expect(await ids(0)).toStrictEqual([]);
      expect((await stores().runs.listOrphanedRuns(now, 1))[0]).toStrictEqual(queued);
      await expectDomainError(stores().runs.listOrphanedRuns(now, -1), "BAD_USER_INPUT");
    });
  });

  describe("cancellation requests", () => {
    it("keeps the first request's time and returns the run; null for an unknown run", async () => {
      const record = await insert({ status: "RUNNING" });
      expect(await stores().runs.requestCancel(record.id, clock(1))).toStrictEqual({
        ...record,
        cancelRequestedAt: clock(1),
      });
      expect((await stores().runs.requestCancel(record.id, clock(2)))?.cancelRequestedAt).toStrictEqual(clock(1));
      expect((await stores().runs.get(record.id))?.cancelRequestedAt).toStrictEqual(clock(1));
      expect(await stores().runs.requestCancel(newId(), clock(1))).toBeNull();
    });
  });

  describe("appends and leases together", () => {
    it("never lose a lease or cancel request written while events are being appended", async () => {
      const initial = run();
      await stores().runs.createRun(initial, [event("RUN_QUEUED", 0)]);
      const appender = async (node: string) => {
        for (let i = 0; i < 10; i++) {
          await stores().runs.appendEvents(initial.id, [event("STEP_PROGRESS", i, node, { rowsIn: i })]);
        }
      };
      const [, leased, , cancelled] = await Promise.all([
        appender("src"),
        stores().runs.acquireLease(initial.id, "engine", clock(0), clock(60)),
        appender("out"),
        stores().runs.requestCancel(initial.id, clock(3)),
        appender("src"),
      ]);
      expect(leased).toBe(true);
      expect(cancelled?.cancelRequestedAt).toStrictEqual(clock(3));
      const events = await allEvents(stores().runs, initial.id);
      expect(events).toHaveLength(31);
      expect(await stores().runs.get(initial.id)).toStrictEqual({
        ...foldRunEvents({ ...initial, lastSeq: 0 }, events),
        leaseOwner: "engine",
        leaseExpiresAt: clock(60),
        cancelRequestedAt: clock(3),
      });
    });
  });

  describe("step claims", () => {
    it("grants each (run, node, attempt) once, whoever asks", async () => {
      const runId = newId();
      expect(await stores().runs.claimStep(runId, "src", 1, "engine-a")).toBe(true);
      expect(await stores().runs.claimStep(runId, "src", 1, "engine-a")).toBe(false);
      expect(await stores().runs.claimStep(runId, "src", 1, "engine-b")).toBe(false);
      expect(await stores().runs.claimStep(runId, "src", 2, "engine-b")).toBe(true);
      expect(await stores().runs.claimStep(runId, "out", 1, "engine-b")).toBe(true);
      expect(await stores().runs.claimStep(newId(), "src", 1, "engine-b")).toBe(true);
    });

    it("grants a step attempt to exactly one of many concurrent claimers", async () => {
      const runId = newId();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => stores().runs.claimStep(runId, "src", 0, `engine-${i}`)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("forgets the claims of a deleted run and of a deleted pipeline's runs", async () => {
      const single = await insert();
      const pipelineId = newId();
      const ofPipeline = [await insert({ pipelineId }), await insert({ pipelineId })];
      const kept = await insert();
      for (const r of [single, ...ofPipeline, kept])
        expect(await stores().runs.claimStep(r.id, "src", 1, "a")).toBe(true);
      await stores().runs.delete(single.id);
      await stores().runs.deleteByPipeline(pipelineId);
      for (const r of [single, ...ofPipeline]) expect(await stores().runs.claimStep(r.id, "src", 1, "b")).toBe(true);
      expect(await stores().runs.claimStep(kept.id, "src", 1, "b")).toBe(false);
    });

    it("rejects an attempt that is not a non-negative integer, and an empty owner", async () => {
      await expectDomainError(stores().runs.claimStep(newId(), "src", -1, "a"), "BAD_USER_INPUT");
      await expectDomainError(stores().runs.claimStep(newId(), "src", 1.5, "a"), "BAD_USER_INPUT");
      await expectDomainError(stores().runs.claimStep(newId(), "src", 1, ""), "BAD_USER_INPUT");
    });
  });
}
