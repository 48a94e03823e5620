/**
 * The storage contract against the MongoDB adapter (CI runs it on FerretDB 1.24), plus what only Mongo has:
 * recovery from an appender that died between its two writes, indexes created at open, the database name.
 */
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldRunEvents } from "../../api/src/runs/run-state.js";
import { KeyedLock } from "../../api/src/store/mongo/keyed-lock.js";
import { docCodec, type RecordDoc } from "../../api/src/store/mongo/mongo-codec.js";
import { runsSpec, utcDay } from "../../api/src/store/collections.js";
import { MongoEntityStore } from "../../api/src/store/mongo/mongo-entity-store.js";
import { decodeEvent, encodeEvent } from "../../api/src/store/mongo/mongo-run-events.js";
import { MAX_DELTA } from "../../api/src/store/mongo/mongo-run-parts.js";
import { runStats, runStatsOnePass } from "../../api/src/store/mongo/mongo-run-stats.js";
import { dbNameFromUrl, openMongoStores } from "../../api/src/store/mongo/open-mongo-stores.js";
import { openStores } from "../../api/src/store/open-stores.js";
import type { Stores } from "../../api/src/store/ports.js";
import { newPhysicalName } from "../../api/src/store/row-rules.js";
import { bigRun } from "./run-parts.contract.js";
import { expectConsistentRun } from "./runs.contract.js";
import { storeContract } from "./store-contract.js";
import { raceWorkers, startScript } from "./support/child-process.js";
import { expectScalarFiltersToHold, gadgetsSpec, type Gadget, type GadgetFilter } from "./support/gadget-spec.js";
import {
  MONGODB_URL,
  describeWithMongo,
  dropDatabase,
  mongoTarget,
  mongoRowCollections,
  mongoUnavailable,
  uniqueDbName,
  withDbName,
} from "./support/mongo-target.js";
import { event, run } from "./support/records.js";
import { batchesOf, collectionName, numbered, oddRow } from "./support/rows.js";

const unavailable = await mongoUnavailable();

describe("MongoDB database name", () => {
  it("comes from the URL path when there is one", () => {
    expect(dbNameFromUrl("mongodb://h:1/mine?w=1")).toBe("mine");
    expect(dbNameFromUrl("mongodb+srv://u:p@cluster.example/other")).toBe("other");
    expect(dbNameFromUrl("mongodb://a:1,b:2/?replicaSet=rs")).toBeUndefined();
    expect(dbNameFromUrl("mongodb://h:1")).toBeUndefined();
  });
});

describeWithMongo("MongoDB", unavailable, () => {
  storeContract(mongoTarget());

  describe("MongoDB adapter", () => {
    const dbName = uniqueDbName();
    let stores: Stores;
    let client: MongoClient;
    beforeAll(async () => {
      stores = await openMongoStores(MONGODB_URL, { dbName });
      client = await new MongoClient(MONGODB_URL).connect();
    });
    afterAll(async () => {
      await stores.close();
      await client.close();
      await dropDatabase(dbName);
    });

    it("replays the log of a run it created, and of an ended run it read whole, without reading the store", async () => {
      const created = run();
      await stores.runs.createRun(created, [event("RUN_QUEUED", 0)]);
      await stores.runs.appendEvents(created.id, [event("RUN_STARTED", 10), event("RUN_SUCCEEDED", 20)]);
      const other = await openMongoStores(MONGODB_URL, { dbName });
      try {
        const ended = run();
        await other.runs.createRun(ended, [event("RUN_QUEUED", 0), event("RUN_FAILED", 5)]);
        expect((await stores.runs.listEvents(ended.id, 0, 10)).map((e) => e.seq)).toStrictEqual([1, 2]);
        // Behind the stores' back: what they answer now comes from memory.
        await client
          .db(dbName)
          .collection("run_events")
          .deleteMany({ runId: { $in: [created.id, ended.id] } });
        expect((await stores.runs.listEvents(created.id, 1, 10)).map((e) => e.type)).toStrictEqual([
          "RUN_STARTED",
          "RUN_SUCCEEDED",
        ]);
        expect((await stores.runs.listEvents(ended.id, 0, 1)).map((e) => e.type)).toStrictEqual(["RUN_QUEUED"]);
        // Deleting a run forgets its log.
        await stores.runs.delete(created.id);
        expect(await stores.runs.listEvents(created.id, 0, 10)).toStrictEqual([]);
      } finally {
        await other.close();
      }
    });

    it("counts run statistics in one pass (FerretDB) exactly as the aggregates do (MongoDB)", async () => {
      const runs = client.db(dbName).collection<RecordDoc>("runs");
      const pipelineId = `stats-${uniqueDbName()}`;
      const day = (d: number) => new Date(Date.UTC(2031, 0, d, 12));
      for (const [status, d, durationMs] of [
        ["SUCCEEDED", 1, 100],
        ["SUCCEEDED", 1, 50],
        ["FAILED", 2, 7],
        ["RUNNING", 2, null],
        ["QUEUED", 3, null],
        ["SUCCEEDED", 3, 0],
      ] as const) {
        await stores.runs.insert(run({ pipelineId, status, durationMs, createdAt: day(d), day: utcDay(day(d)) }));
      }
      const aggregated = await runStats(runs, "2031-01-02");
      expect(aggregated.perDay.length).toBeGreaterThanOrEqual(4);
      expect(await runStatsOnePass(runs, "2031-01-02")).toStrictEqual(aggregated);
    });

    it("folds events a crashed appender stored but never folded, before appending after them", async () => {
      const initial = run();
      await stores.runs.createRun(initial, [event("RUN_QUEUED", 0)]);
      // What a process that died between "insert events" and "update run" leaves behind.
      await client
        .db(dbName)
        .collection("run_events")
        .insertMany([
          encodeEvent(initial.id, 2, event("RUN_STARTED", 10)),
          encodeEvent(initial.id, 3, event("STEP_STARTED", 20, "src")),
        ]);
      const appended = await stores.runs.appendEvents(initial.id, [event("RUN_SUCCEEDED", 50)]);
      expect(appended.events.map((e) => e.seq)).toStrictEqual([4]);
      expect(appended.run).toMatchObject({
        status: "SUCCEEDED",
        lastSeq: 4,
        startedAt: event("RUN_STARTED", 10).at,
        durationMs: 40,
      });
      const events = await expectConsistentRun(stores.runs, initial, 4);
      expect(appended.run).toStrictEqual(foldRunEvents({ ...initial, lastSeq: 0 }, events));
    });

    it("reads runs stored whole before snapshots and steps had documents, and splits one on its first append", async () => {
      const old = bigRun(25);
      const events = [event("RUN_STARTED", 0), event("STEP_STARTED", 5, "n3")];
      const stored = events.map((e, i) => encodeEvent(old.id, i + 1, e));
      const folded = foldRunEvents({ ...old, lastSeq: 0 }, stored.map(decodeEvent));
      // As the adapter wrote them before: the snapshot as text and the steps inside the run's document.
      await client.db(dbName).collection<RecordDoc>("runs").insertOne(docCodec(runsSpec).encode(folded));
      await client.db(dbName).collection("run_events").insertMany(stored);
      expect(await stores.runs.get(old.id)).toStrictEqual(folded);
      expect((await stores.runs.list({ pipelineId: old.pipelineId }, { first: 1 })).items).toStrictEqual([folded]);

      await stores.runs.appendEvents(old.id, [event("STEP_SUCCEEDED", 9, "n3")]);
      await expectConsistentRun(stores.runs, old, 3);
      const header = await client.db(dbName).collection<RecordDoc>("runs").findOne({ _id: old.id });
      expect(header).not.toHaveProperty("steps");
      expect(header).not.toHaveProperty("snapshot");
      expect(header).toMatchObject({ stepsDelta: [] });
    });

    it("gives an ended run a base of its settled steps and a header without delta", async () => {
      const initial = run();
      await stores.runs.createRun(initial, [event("RUN_STARTED", 0), event("STEP_STARTED", 1, "src")]);
      const runs = client.db(dbName).collection<RecordDoc>("runs");
      const before = (await runs.findOne({ _id: initial.id })) as RecordDoc;
      expect(before["stepsDelta"]).toHaveLength(1);
      await stores.runs.appendEvents(initial.id, [event("RUN_SUCCEEDED", 2)]);
      const after = (await runs.findOne({ _id: initial.id })) as RecordDoc;
      expect(after).toMatchObject({ status: "SUCCEEDED", stepsPrevId: before["stepsId"], stepsDelta: [] });
      expect(after["stepsId"]).not.toBe(before["stepsId"]);
      await expectConsistentRun(stores.runs, initial, 3);
    });

    it("rewrites neither the snapshot nor the steps base until the steps changed outgrow the delta", async () => {
      const initial = bigRun(2 * MAX_DELTA + 20);
      await stores.runs.createRun(initial, [event("RUN_STARTED", 0)]);
      const runs = client.db(dbName).collection<RecordDoc>("runs");
      const header = async () => (await runs.findOne({ _id: initial.id })) as RecordDoc;
      const bases = async () =>
        (await client.db(dbName).collection<RecordDoc>("run_steps").find({ runId: initial.id }).toArray()).map(
          (doc) => doc._id,
        );
      const first = await header();
      const touch = async (from: number, to: number) => {
        for (let i = from; i < to; i++) await stores.runs.appendEvents(initial.id, [event("STEP_STARTED", i, `n${i}`)]);
      };

      await touch(0, 5);
      expect(await header()).toMatchObject({ snapshotId: first["snapshotId"], stepsId: first["stepsId"] });
      expect((await header())["stepsDelta"]).toHaveLength(5);
      expect(await bases()).toStrictEqual([first["stepsId"]]);

      await touch(5, MAX_DELTA + 1);
      const second = await header();
      expect(second).toMatchObject({ snapshotId: first["snapshotId"], stepsPrevId: first["stepsId"], stepsDelta: [] });
      await touch(MAX_DELTA + 1, 2 * MAX_DELTA + 2);
      // Two bases on: the first is collected, the one it replaced is kept for a fold that read it a moment ago.
      const third = await header();
      expect(third).toMatchObject({ stepsPrevId: second["stepsId"], stepsDelta: [] });
      expect((await bases()).sort()).toStrictEqual([second["stepsId"], third["stepsId"]].sort());
      expect(await client.db(dbName).collection("run_snapshots").countDocuments({ runId: initial.id })).toBe(1);
      await expectConsistentRun(stores.runs, initial, 1 + 2 * MAX_DELTA + 2);
    });

    it("compares booleans, number sets, boolean arrays and other dates like SQLite does", async () => {
      const collection = client.db(dbName).collection<RecordDoc>(gadgetsSpec.name);
      await expectScalarFiltersToHold(
        new MongoEntityStore<Gadget, GadgetFilter>(collection, gadgetsSpec, new KeyedLock()),
      );
    });

    it("grants a step attempt to exactly one of several processes", async () => {
      const initial = run();
      await stores.runs.insert(initial);
      const results = await raceWorkers(
        ["p0", "p1", "p2", "p3"].map((o) => ["mongo", MONGODB_URL, dbName, initial.id, o]),
      );
      expect(results.filter(([, claimed]) => claimed)).toHaveLength(1);
      // Leases are not asserted across processes: FerretDB 1.24 applies a conditional update as find-then-write,
      // so two processes can both take one (within a process the KeyedLock prevents it; MongoDB itself is atomic).
      expect(results.filter(([leased]) => leased).length).toBeGreaterThanOrEqual(1);
    }, 30_000);

    it("reads runs stored before leases existed with null lease fields, and leases them", async () => {
      const old = run({ createdAt: new Date(Date.UTC(1980, 0, 1)) });
      await stores.runs.insert(old);
      const runs = client.db(dbName).collection<RecordDoc>("runs");
      await runs.updateOne({ _id: old.id }, { $unset: { leaseOwner: "", leaseExpiresAt: "", cancelRequestedAt: "" } });
      expect(await runs.findOne({ _id: old.id })).not.toHaveProperty("leaseOwner");
      expect(await stores.runs.get(old.id)).toStrictEqual(old);
      expect((await stores.runs.listOrphanedRuns(new Date(), 1))[0]).toStrictEqual(old);
      expect(await stores.runs.acquireLease(old.id, "engine", new Date(0), new Date(1))).toBe(true);
    });

    it("stores row columns as prefixed, escaped fields that MongoDB and FerretDB accept", async () => {
      const name = collectionName();
      await stores.rows.replace(name, batchesOf([oddRow()]));
      const [coll] = await mongoRowCollections(dbName, name);
      const doc = await client
        .db(dbName)
        .collection(coll ?? "missing")
        .findOne({});
      const fields = Object.keys(doc ?? {}).filter((field) => field !== "_id");
      expect(fields).toHaveLength(Object.keys(oddRow()).length);
      // eslint-disable-next-line no-control-regex -- no control character may be left in a field name
      for (const field of fields) expect(field).toMatch(/^c[^.$"\\\u0000-\u001f]*$/);
      expect(doc?.["_id"]).toBe(1);
    });

    it("drops generation collections that a crashed load left behind, once they are old", async () => {
      const name = collectionName();
      const [stale, young] = [newPhysicalName(name, Date.now() - 7 * 3_600_000), newPhysicalName(name)];
      for (const coll of [stale, young])
        await client
          .db(dbName)
          .collection(coll)
          .insertOne({ _id: 1 } as never);
      await stores.rows.replace(name, batchesOf(numbered(1)));
      const found = await mongoRowCollections(dbName, name);
      expect(found).toHaveLength(2);
      expect(found).toContain(young);
      expect(found).not.toContain(stale);
    });

    it("creates the listing, secondary and unique indexes at open", async () => {
      const keys = async (collection: string) =>
        (await client.db(dbName).collection(collection).indexes()).map((index) => [
          JSON.stringify(index.key),
          index.unique === true,
        ]);
      expect(await keys("runs")).toEqual(
        expect.arrayContaining([
          ['{"createdAt":-1,"_id":-1}', false],
          ['{"pipelineId":1,"createdAt":-1,"_id":-1}', false],
          ['{"day":1,"createdAt":-1,"_id":-1}', false],
        ]),
      );
      expect(await keys("models")).toEqual(expect.arrayContaining([['{"name":1,"version":1}', true]]));
      expect(await keys("run_events")).toEqual(expect.arrayContaining([['{"runId":1,"seq":1}', true]]));
      expect(await keys("step_claims")).toEqual(expect.arrayContaining([['{"runId":1,"nodeId":1,"attempt":1}', true]]));
    });

    it("is what openStores opens when a URL is configured", async () => {
      const name = uniqueDbName();
      const opened = await openStores({ mongodbUrl: withDbName(MONGODB_URL, name), dataDir: "/nonexistent" });
      try {
        expect(opened.kind).toBe("mongo");
        expect(await opened.ping()).toMatchObject({ ok: true, detail: expect.stringContaining(name) as unknown });
      } finally {
        await opened.close();
        await dropDatabase(name);
      }
    });

    it("lets the process exit once the stores are closed", async () => {
      const name = uniqueDbName();
      const child = startScript("./open-close.ts", ["mongo", MONGODB_URL, name]);
      try {
        expect(await child.exit(15_000), child.stderr()).toBe(0);
        expect(JSON.parse(child.stdout())).toMatchObject({ ok: true, kind: "mongo" });
      } finally {
        await dropDatabase(name);
      }
    }, 20_000);
  });
});
