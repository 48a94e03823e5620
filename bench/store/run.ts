/**
 * Run store cost: latency (p50/p99) of single-event appends to a 10-node and to a 1,000-node run, and of listing
 * 50 runs of 1,000 nodes, on SQLite and (when reachable) on MongoDB/FerretDB. Baseline in the same run: the
 * adapters as committed before the run split (see baseline.ts). Prints one JSON line.
 *
 * Options: --appends=N, --lists=N (SQLite; default 300, 20), --mongo-appends=N, --mongo-lists=N (default 100, 3:
 * before the split, one list took seconds on FerretDB), --only=sqlite|mongo, --baseline=<git ref>, --no-baseline.
 * MONGODB_URL (default mongodb://127.0.0.1:27017) selects the Mongo server.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MongoClient } from "mongodb";
import { newId } from "../../api/src/common/ids.js";
import { openMongoStores } from "../../api/src/store/mongo/open-mongo-stores.js";
import type { Stores } from "../../api/src/store/ports.js";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";
import { loadBaseline, type Baseline } from "./baseline.js";
import { measureStores, round, type Counts, type StoreFigures } from "./measure.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MONGODB_URL = process.env["MONGODB_URL"] ?? "mongodb://127.0.0.1:27017";

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

const sqliteCounts: Counts = { appends: Number(option("appends") ?? 300), lists: Number(option("lists") ?? 20) };
const mongoCounts: Counts = {
  appends: Number(option("mongo-appends") ?? 100),
  lists: Number(option("mongo-lists") ?? 3),
};
const withBaseline = !process.argv.includes("--no-baseline");
const only = option("only");

async function mongoReachable(): Promise<boolean> {
  const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 1_500 });
  try {
    await client.connect();
    await client.db("admin").command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

async function measure(
  open: () => Promise<Stores>,
  counts: Counts,
  dispose: () => Promise<void>,
): Promise<StoreFigures> {
  try {
    return await measureStores(open, counts);
  } finally {
    await dispose();
  }
}

async function sqliteFigures(open: (file: string) => Stores): Promise<StoreFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), "millrace-bench-store-"));
  const file = path.join(dir, "bench.sqlite");
  return measure(
    () => Promise.resolve().then(() => open(file)),
    sqliteCounts,
    () => rm(dir, { recursive: true, force: true }),
  );
}

function mongoFigures(open: (url: string, options: { dbName: string }) => Promise<Stores>): Promise<StoreFigures> {
  const dbName = `bench_store_${newId().replace(/-/g, "_")}`;
  return measure(
    () => open(MONGODB_URL, { dbName }),
    mongoCounts,
    async () => {
      const client = await new MongoClient(MONGODB_URL).connect();
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  );
}

/** How many times faster "after" is than "before", per measurement (p50). */
function speedup(before: StoreFigures, after: StoreFigures): Record<string, number> {
  const keys = ["append10", "append1000", "list50x1000", "list50x1000Again"] as const;
  return Object.fromEntries(keys.map((k) => [k, round(before[k].p50 / after[k].p50)]));
}

async function compare(
  after: () => Promise<StoreFigures>,
  before: (() => Promise<StoreFigures>) | null,
): Promise<Record<string, unknown>> {
  const figures = await after();
  if (!before) return { after: figures };
  const baseline = await before();
  return { after: figures, before: baseline, speedupP50: speedup(baseline, figures) };
}

const baseline: Baseline | null = withBaseline ? await loadBaseline(ROOT, option("baseline")) : null;
const sqlite =
  only === "mongo"
    ? { skipped: "--only=mongo" }
    : await compare(() => sqliteFigures(openSqliteStores), baseline ? () => sqliteFigures(baseline.openSqlite) : null);
const mongo =
  only === "sqlite"
    ? { skipped: "--only=sqlite" }
    : (await mongoReachable())
      ? await compare(() => mongoFigures(openMongoStores), baseline ? () => mongoFigures(baseline.openMongo) : null)
      : { skipped: `no MongoDB at ${MONGODB_URL}` };

const result = {
  bench: "store-runs",
  unit: "ms per call",
  counts: { sqlite: sqliteCounts, mongo: mongoCounts },
  sqlite,
  mongo,
  baseline: baseline ? `adapters at ${baseline.ref.slice(0, 12)} (before the run split), same run` : null,
  target: { append1000Over10: 2 },
};
process.stdout.write(`${JSON.stringify(result)}\n`);
