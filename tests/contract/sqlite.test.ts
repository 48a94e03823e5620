/**
 * The storage contract against the SQLite adapter, plus what only SQLite has: several connections (and
 * processes) on one file, the pragmas and the schema.
 */
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Stores } from "../../api/src/store/ports.js";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";
import { SqliteEntityStore } from "../../api/src/store/sqlite/sqlite-entity-store.js";
import { createCollectionSchema } from "../../api/src/store/sqlite/sqlite-schema.js";
import { StatementCache } from "../../api/src/store/sqlite/statement-cache.js";
import { newPhysicalName } from "../../api/src/store/row-rules.js";
import { LEASE_SQL } from "../../api/src/store/sqlite/sqlite-run-leases.js";
import { expectDomainError } from "./support/contract-target.js";
import { expectConsistentRun } from "./runs.contract.js";
import { storeContract } from "./store-contract.js";
import { raceWorkers, startScript } from "./support/child-process.js";
import { expectScalarFiltersToHold, gadgetsSpec, type Gadget, type GadgetFilter } from "./support/gadget-spec.js";
import { event, run } from "./support/records.js";
import { batchesOf, collectionName, numbered, pausedSource } from "./support/rows.js";
import { lazyTempDir, sqliteRowTables, sqliteTarget } from "./support/sqlite-target.js";

storeContract(sqliteTarget());

describe("SQLite adapter", () => {
  const temp = lazyTempDir();
  const shared = () => temp.file("shared.sqlite");
  const opened: Stores[] = [];
  const open = (target = shared()) => {
    const stores = openSqliteStores(target);
    opened.push(stores);
    return stores;
  };
  afterAll(async () => {
    for (const stores of opened) await stores.close();
    temp.remove();
  });

  it("serialises appenders on two connections to one file", async () => {
    const [a, b] = [open(), open()];
    const initial = run();
    await a.runs.createRun(initial, [event("RUN_STARTED", 0)]);
    const batch = (node: string) =>
      Array.from({ length: 50 }, (_, i) => event("STEP_PROGRESS", i, node, { rowsIn: i }));
    await Promise.all([a.runs.appendEvents(initial.id, batch("src")), b.runs.appendEvents(initial.id, batch("out"))]);
    await Promise.all([
      (async () => {
        for (let i = 0; i < 10; i++) await a.runs.appendEvents(initial.id, [event("LOG", i)]);
      })(),
      (async () => {
        for (let i = 0; i < 10; i++) await b.runs.appendEvents(initial.id, [event("METRIC", i)]);
      })(),
    ]);
    await expectConsistentRun(a.runs, initial, 121);
    expect(await b.runs.get(initial.id)).toStrictEqual(await a.runs.get(initial.id));
  });

  it("serialises appenders in separate processes on one file", async () => {
    const stores = open();
    const initial = run();
    await stores.runs.createRun(initial, [event("RUN_STARTED", 0)]);
    const workers = ["src", "out", "src"].map((node) =>
      startScript("./append-worker.ts", [shared(), initial.id, "60", node]),
    );
    await Promise.all(workers.map((w) => w.waitFor("ready")));
    for (const w of workers) w.process.stdin?.end("go\n");
    const codes = await Promise.all(workers.map((w) => w.exit(20_000)));
    expect(codes, workers.map((w) => w.stderr()).join("\n")).toStrictEqual([0, 0, 0]);

    const events = await expectConsistentRun(stores.runs, initial, 181);
    // Each worker's events are in the order it appended them.
    for (const node of ["src", "out"]) {
      const rows = events.filter((e) => e.nodeId === node).map((e) => e.payload["rowsIn"] as number);
      expect(rows).toHaveLength(node === "src" ? 120 : 60);
      if (node === "out") expect(rows).toStrictEqual(Array.from({ length: 60 }, (_, i) => i));
    }
  }, 30_000);

  it("gives a run's lease and a step attempt to exactly one of several processes on one file", async () => {
    const stores = open();
    const initial = run();
    await stores.runs.insert(initial);
    const owners = ["p0", "p1", "p2", "p3"];
    const results = await raceWorkers(owners.map((owner) => ["sqlite", shared(), initial.id, owner]));
    const leased = results.map(([lease]) => lease);
    expect(leased.filter(Boolean)).toHaveLength(1);
    expect(results.filter(([, claimed]) => claimed)).toHaveLength(1);
    expect((await stores.runs.get(initial.id))?.leaseOwner).toBe(owners[leased.indexOf(true)]);
  }, 30_000);

  it("reads runs stored before leases existed with null lease fields, and leases them", async () => {
    const stores = open();
    const old = run({ createdAt: new Date(Date.UTC(1980, 0, 1)) });
    await stores.runs.insert(old);
    const db = new Database(shared());
    try {
      db.prepare(
        "UPDATE runs SET doc = json_remove(doc, '$.leaseOwner', '$.leaseExpiresAt', '$.cancelRequestedAt') WHERE id = ?",
      ).run(old.id);
      expect(
        JSON.parse((db.prepare("SELECT doc FROM runs WHERE id = ?").get(old.id) as { doc: string }).doc),
      ).not.toHaveProperty("leaseOwner");
    } finally {
      db.close();
    }
    expect(await stores.runs.get(old.id)).toStrictEqual(old);
    expect((await stores.runs.listOrphanedRuns(new Date(), 1))[0]).toStrictEqual(old);
    expect(await stores.runs.acquireLease(old.id, "engine", new Date(0), new Date(1))).toBe(true);
  });

  it("fails an append whose collection is replaced mid-load with CONFLICT; its retry lands in the new rows", async () => {
    const stores = open();
    const name = collectionName();
    const source = pausedSource(numbered(6_000), numbered(10, 6_000));
    const appending = stores.rows.append(name, "run/load", source.batches);
    await source.reached;
    await stores.rows.replace(name, batchesOf(numbered(2, 0, "replaced")));
    source.release();
    await expectDomainError(appending, "CONFLICT");
    expect(await stores.rows.count(name)).toBe(2);
    expect(await stores.rows.append(name, "run/load", batchesOf(numbered(3)))).toBe(3);
    expect(await stores.rows.count(name)).toBe(5);
  });

  it("drops generation tables that a crashed load left behind, once they are old", async () => {
    const stores = open();
    const name = collectionName();
    const db = new Database(shared());
    const [stale, young] = [newPhysicalName(name, Date.now() - 7 * 3_600_000), newPhysicalName(name)];
    try {
      for (const tbl of [stale, young]) db.exec(`CREATE TABLE "${tbl}" (seq INTEGER PRIMARY KEY, doc TEXT)`);
    } finally {
      db.close();
    }
    await stores.rows.replace(name, batchesOf(numbered(1)));
    const tables = sqliteRowTables(shared(), name);
    expect(tables).toHaveLength(2);
    expect(tables).toContain(young);
    expect(tables).not.toContain(stale);
  });

  it("runs in WAL mode with the listing, secondary and unique indexes", () => {
    open();
    const db = new Database(shared(), { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const indexes = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as {
          name: string;
        }[]
      ).map((row) => row.name);
      expect(indexes).toEqual(
        expect.arrayContaining([
          "pipelines_by_created",
          "runs_by_pipelineId",
          "runs_by_status",
          "runs_by_day",
          "models_unique_name_version",
          "runs_active",
        ]),
      );
      const orphans = db.prepare(`EXPLAIN QUERY PLAN ${LEASE_SQL.orphaned}`).all({ now: 0, limit: 5 }) as {
        detail: string;
      }[];
      // The partial index of active runs, already in age order: no sort.
      expect(orphans.map((row) => row.detail)).toStrictEqual(["SCAN runs USING INDEX runs_active"]);
      const plan = db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT id FROM runs WHERE json_extract(doc, '$.pipelineId') = ? ORDER BY created_at DESC, id DESC LIMIT 5",
        )
        .all("x") as { detail: string }[];
      expect(plan.map((row) => row.detail).join(" ")).toContain("runs_by_pipelineId");
    } finally {
      db.close();
    }
  });

  it("compares booleans, number sets, boolean arrays and other dates like MongoDB does", async () => {
    const db = new Database(":memory:");
    try {
      createCollectionSchema(db, gadgetsSpec);
      await expectScalarFiltersToHold(
        new SqliteEntityStore<Gadget, GadgetFilter>(db, new StatementCache(db), gadgetsSpec),
      );
    } finally {
      db.close();
    }
  });

  it("works in memory", async () => {
    const stores = open(":memory:");
    const initial = run();
    await stores.runs.createRun(initial, [event("RUN_STARTED", 0)]);
    expect((await stores.runs.get(initial.id))?.status).toBe("RUNNING");
    expect((await stores.ping()).ok).toBe(true);
  });

  it("lets the process exit once the stores are closed", async () => {
    const child = startScript("./open-close.ts", ["sqlite", temp.file("exit.sqlite")]);
    expect(await child.exit(15_000), child.stderr()).toBe(0);
    expect(JSON.parse(child.stdout())).toMatchObject({ ok: true, kind: "sqlite" });
  }, 20_000);
});
