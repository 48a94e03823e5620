/** Leases of background ML jobs: orphans of dead processes fail, live ones are left alone, remote cancels land. */
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../api/src/common/logger.js";
import { JobKeeper } from "../../api/src/experiments/job-keeper.js";
import type { ExperimentRecord } from "../../api/src/store/records.js";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";

const stores = openSqliteStores(":memory:");
afterAll(() => stores.close());
let now = new Date("2026-11-26T12:00:00Z");
const clock = { now: () => now };

function job(id: string, patch: Partial<ExperimentRecord>): ExperimentRecord {
  return {
    id,
    name: id,
    status: "RUNNING",
    algorithm: "knn",
    datasetId: null,
    runId: null,
    target: "y",
    features: ["x"],
    params: {},
    metrics: {},
    confusionMatrix: null,
    classLabels: [],
    tags: {},
    source: "MILLRACE",
    error: null,
    createdAt: now,
    startedAt: now,
    finishedAt: null,
    durationMs: null,
    ...patch,
  };
}

const keeper = (owner: string) =>
  new JobKeeper(stores.experiments, {
    owner,
    leaseTtlMs: 30_000,
    heartbeatMs: 10_000,
    clock,
    logger: createLogger("silent"),
    kind: "experiment",
    orphanPatch: { stage: "DONE" },
  });

describe("JobKeeper", () => {
  it("fails jobs whose lease expired, and only those", async () => {
    const mine = keeper("me");
    await stores.experiments.insert(
      job("expired", { leaseOwner: "dead", leaseExpiresAt: new Date(now.getTime() - 1) }),
    );
    await stores.experiments.insert(job("no-lease", { status: "QUEUED" }));
    await stores.experiments.insert(
      job("alive", { leaseOwner: "other", leaseExpiresAt: new Date(now.getTime() + 5000) }),
    );
    await stores.experiments.insert(job("local", { leaseOwner: "me", leaseExpiresAt: new Date(now.getTime() - 1) }));
    await stores.experiments.insert(job("done", { status: "SUCCEEDED", leaseExpiresAt: null }));
    mine.track("local", new AbortController());
    expect(await mine.sweep()).toBe(2);
    const status = async (id: string) => (await stores.experiments.get(id))!.status;
    expect(await status("expired")).toBe("FAILED");
    expect(await status("no-lease")).toBe("FAILED");
    expect(await status("alive")).toBe("RUNNING");
    expect(await status("local")).toBe("RUNNING");
    expect(await status("done")).toBe("SUCCEEDED");
    expect((await stores.experiments.get("expired"))!.error).toMatch(/stopped \(dead\) before it finished/);
    // The other process stops renewing: after the TTL its job is an orphan too.
    now = new Date(now.getTime() + 6000);
    expect(await mine.sweep()).toBe(1);
    expect(await status("alive")).toBe("FAILED");
  });

  it("renews the leases of its jobs and aborts one whose cancellation another process requested", async () => {
    const mine = keeper("me-2");
    const controller = new AbortController();
    await stores.experiments.insert(job("renewed", mine.lease()));
    mine.track("renewed", controller);
    now = new Date(now.getTime() + 20_000);
    await mine.renew();
    const renewed = await stores.experiments.get("renewed");
    expect(renewed!.leaseExpiresAt!.getTime()).toBe(now.getTime() + 30_000);
    expect(controller.signal.aborted).toBe(false);
    await stores.experiments.update("renewed", { cancelRequestedAt: now });
    await mine.renew();
    expect(controller.signal.aborted).toBe(true);
    expect((controller.signal.reason as Error).message).toBe("cancelled by request");
  });

  it("marks an orphan whose cancellation was requested CANCELLED, not FAILED", async () => {
    await stores.experiments.insert(
      job("asked-to-stop", { leaseOwner: "dead", leaseExpiresAt: new Date(0), cancelRequestedAt: now }),
    );
    await keeper("me-3").sweep();
    expect(await stores.experiments.get("asked-to-stop")).toMatchObject({ status: "CANCELLED", stage: "DONE" });
  });
});
