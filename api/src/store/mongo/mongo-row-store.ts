/**
 * Row collections in MongoDB, without transactions (FerretDB 1.24 has none, nor renameCollection with dropTarget).
 *
 * A catalog document per collection (`row_collections`: name → physical collection, last seq) points at the
 * current generation. replace fills a fresh physical collection, repoints the catalog (one single-document write)
 * and only then drops the old one: readers resolve the catalog once, so they read one generation or the other,
 * and a failed load never touched the live one. append and upsert write to the current generation, taking seqs
 * from the catalog; a replace in between makes them fail with CONFLICT instead of writing to a dropped collection.
 *
 * Writers of one collection are serialised within this process (KeyedLock): FerretDB's conditional updates are
 * not atomic. Across processes on FerretDB two writers of one collection can still race; on MongoDB they cannot.
 */
import type { Collection, Db } from "mongodb";
import { DomainError } from "../../common/errors.js";
import type { DataRow, RowCollectionStore } from "../ports.js";
import {
  checkBatchSize,
  checkCollection,
  checkFilter,
  checkKey,
  checkLoadId,
  isStaleGeneration,
  newPhysicalName,
  rechunk,
  rowKey,
  storedRowKey,
} from "../row-rules.js";
import type { KeyedLock } from "./keyed-lock.js";
import { isDuplicateKey } from "./mongo-errors.js";
import { decodeRow, encodeRow, fieldOf, rowFilter, type RowDoc } from "./mongo-row-codec.js";

export const ROW_CATALOG = "row_collections";
export const ROW_LOADS = "row_loads";

/** insertMany size: a few thousand documents per round trip. */
const CHUNK_ROWS = 5_000;
/** Each retry means another process changed the catalog in between; this only bounds pathological contention. */
const MAX_ATTEMPTS = 100;

interface CatalogDoc {
  _id: string;
  coll: string;
  /** The highest seq handed out in `coll`. */
  seq: number;
}

/** An append in progress or done: `_id` is "<collection>/<loadId>" (names cannot contain "/"). */
interface LoadDoc {
  _id: string;
  name: string;
  coll: string;
}

export class MongoRowStore implements RowCollectionStore {
  private readonly catalog: Collection<CatalogDoc>;
  private readonly loads: Collection<LoadDoc>;

  constructor(
    private readonly db: Db,
    private readonly lock: KeyedLock,
  ) {
    this.catalog = db.collection<CatalogDoc>(ROW_CATALOG);
    this.loads = db.collection<LoadDoc>(ROW_LOADS);
  }

  async replace(collection: string, batches: AsyncIterable<DataRow[]>): Promise<number> {
    checkCollection(collection);
    return this.writing(collection, async () => {
      const coll = newPhysicalName(collection);
      let count = 0;
      let old: string | null;
      try {
        for await (const chunk of rechunk(batches, CHUNK_ROWS)) {
          const docs = chunk.map((row, i) => encodeRow(count + 1 + i, row));
          await this.rows(coll).insertMany(docs, { ordered: false });
          count += chunk.length;
        }
        old = await this.point(collection, coll, count);
      } catch (error) {
        // The load's own error is the one to report.
        await bestEffort(() => this.dropCollection(coll));
        throw error;
      }
      // The new rows are live: cleaning up after them must not turn the replace into a failure.
      await bestEffort(async () => {
        if (old !== null) await this.dropCollection(old);
        await this.loads.deleteMany({ name: { $eq: collection }, coll: { $ne: coll } });
        await this.dropStale(collection);
      });
      return count;
    });
  }

  async append(collection: string, loadId: string, batches: AsyncIterable<DataRow[]>): Promise<number> {
    checkCollection(collection);
    checkLoadId(loadId);
    return this.writing(collection, async () => {
      const { coll } = await this.ensure(collection);
      const loadKey = `${collection}/${loadId}`;
      // Only a load seen before costs a delete (a full scan on FerretDB): the registry says whether there was one.
      const previous = await this.loads.findOne({ _id: { $eq: loadKey } });
      if (previous?.coll === coll) await this.rows(coll).deleteMany({ _l: { $eq: loadId } });
      // Recorded before any row is written, so a retry after a crash mid-insert knows to remove them.
      await this.recordLoad({ _id: loadKey, name: collection, coll });
      let count = 0;
      for await (const chunk of rechunk(batches, CHUNK_ROWS)) {
        const first = await this.allocate(collection, coll, chunk.length, "append");
        await this.rows(coll).insertMany(
          chunk.map((row, i) => encodeRow(first + i, row, loadId)),
          { ordered: false },
        );
        count += chunk.length;
      }
      return count;
    });
  }

  async upsert(collection: string, key: readonly string[], batches: AsyncIterable<DataRow[]>): Promise<number> {
    checkCollection(collection);
    const columns = checkKey(key);
    return this.writing(collection, async () => {
      const { coll } = await this.ensure(collection);
      const seqsByKey = await this.identities(coll, columns);
      let count = 0;
      for await (const chunk of rechunk(batches, CHUNK_ROWS)) {
        // The last row of each identity wins, placed where it came last.
        const latest = new Map<string, DataRow>();
        for (const row of chunk) {
          const k = rowKey(row, columns);
          latest.delete(k);
          latest.set(k, row);
        }
        let seq = await this.allocate(collection, coll, latest.size, "upsert");
        const docs: RowDoc[] = [];
        const replaced: number[] = [];
        for (const [k, row] of latest) {
          docs.push(encodeRow(seq, row));
          replaced.push(...(seqsByKey.get(k) ?? []));
          seqsByKey.set(k, [seq++]);
        }
        // New rows before removing the old: a crash in between leaves both (the next upsert of the key removes the
        // old ones) rather than neither.
        await this.rows(coll).insertMany(docs, { ordered: false });
        if (replaced.length > 0) await this.rows(coll).deleteMany({ _id: { $in: replaced } });
        count += chunk.length;
      }
      return count;
    });
  }

  async *scan(collection: string, filter: DataRow, batchSize: number): AsyncIterable<DataRow[]> {
    checkCollection(collection);
    const query = rowFilter(checkFilter(filter));
    checkBatchSize(batchSize);
    const entry = await this.catalog.findOne({ _id: { $eq: collection } });
    if (entry === null) return;
    // One cursor, not pages: FerretDB sorts in memory, so every page query would sort the whole collection again.
    const cursor = this.rows(entry.coll).find(query).sort({ _id: 1 }).batchSize(batchSize);
    try {
      let batch: DataRow[] = [];
      for (;;) {
        const doc = await cursor.next().catch(async (error: unknown) => {
          // A replace dropped the generation under the cursor: report that, not the driver's "cursor not found".
          throw (await this.currentColl(collection)) === entry.coll ? error : conflict(collection, "scan");
        });
        if (doc === null) break;
        batch.push(decodeRow(doc));
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
      // Replaced meanwhile: the old generation may have been dropped before the cursor read all of it (a find on
      // a dropped collection just ends), so the end we saw may not be the end.
      if ((await this.currentColl(collection)) !== entry.coll) throw conflict(collection, "scan");
      if (batch.length > 0) yield batch;
    } finally {
      await cursor.close();
    }
  }

  async count(collection: string, filter: DataRow = {}): Promise<number> {
    checkCollection(collection);
    const query = rowFilter(checkFilter(filter));
    for (let attempt = 1; ; attempt++) {
      const coll = await this.currentColl(collection);
      if (coll === null) return 0;
      const n = await this.rows(coll).countDocuments(query);
      // Counted a generation that was replaced meanwhile (possibly already dropped, reading 0): count again.
      if ((await this.currentColl(collection)) === coll || attempt >= MAX_ATTEMPTS) return n;
    }
  }

  async list(): Promise<Array<{ name: string; rows: number }>> {
    const entries = await this.catalog
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return Promise.all(entries.map(async ({ _id }) => ({ name: _id, rows: await this.count(_id) })));
  }

  async drop(collection: string): Promise<void> {
    checkCollection(collection);
    await this.writing(collection, async () => {
      const entry = await this.catalog.findOneAndDelete({ _id: { $eq: collection } });
      if (entry !== null) await this.dropCollection(entry.coll);
      await this.loads.deleteMany({ name: { $eq: collection } });
      await this.dropStale(collection);
    });
  }

  private writing<T>(collection: string, task: () => Promise<T>): Promise<T> {
    return this.lock.run(`${ROW_CATALOG}/${collection}`, task);
  }

  private rows(coll: string): Collection<RowDoc> {
    return this.db.collection<RowDoc>(coll);
  }

  private async currentColl(collection: string): Promise<string | null> {
    return (await this.catalog.findOne({ _id: { $eq: collection } }))?.coll ?? null;
  }

  /** The collection's catalog entry, created (empty) when the collection does not exist yet. */
  private async ensure(collection: string): Promise<CatalogDoc> {
    for (let attempt = 1; ; attempt++) {
      const entry = await this.catalog.findOne({ _id: { $eq: collection } });
      if (entry !== null) return entry;
      const created: CatalogDoc = { _id: collection, coll: newPhysicalName(collection), seq: 0 };
      try {
        await this.catalog.insertOne(created);
        return created;
      } catch (error) {
        // Another process created it first: use theirs.
        if (!isDuplicateKey(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Points the catalog at `coll` holding seqs 1..`seq`; returns the generation it replaced. */
  private async point(collection: string, coll: string, seq: number): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.catalog.findOne({ _id: { $eq: collection } });
      try {
        if (current === null) {
          await this.catalog.insertOne({ _id: collection, coll, seq });
          return null;
        }
        const swapped = await this.catalog.findOneAndUpdate(
          { _id: { $eq: collection }, coll: { $eq: current.coll } },
          { $set: { coll, seq } },
        );
        if (swapped !== null) return current.coll;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      if (attempt >= MAX_ATTEMPTS) throw conflict(collection, "replace");
    }
  }

  /** Reserves `n` seqs in `coll`; returns the first. CONFLICT when `coll` is no longer the current generation. */
  private async allocate(collection: string, coll: string, n: number, operation: string): Promise<number> {
    const entry = await this.catalog.findOneAndUpdate(
      { _id: { $eq: collection }, coll: { $eq: coll } },
      { $inc: { seq: n } },
      { returnDocument: "after" },
    );
    if (entry === null) throw conflict(collection, operation);
    return entry.seq - n + 1;
  }

  /** The seqs of the stored rows of each identity under `columns` (one projected pass over the generation). */
  private async identities(coll: string, columns: readonly string[]): Promise<Map<string, number[]>> {
    const projection = Object.fromEntries(columns.map((column) => [fieldOf(column), 1]));
    const seqsByKey = new Map<string, number[]>();
    for await (const doc of this.rows(coll).find({}, { projection })) {
      const k = storedRowKey(decodeRow(doc), columns);
      if (k === null) continue;
      const seqs = seqsByKey.get(k);
      if (seqs === undefined) seqsByKey.set(k, [doc._id]);
      else seqs.push(doc._id);
    }
    return seqsByKey;
  }

  private async recordLoad(load: LoadDoc): Promise<void> {
    const { _id, ...fields } = load;
    const upsert = () => this.loads.updateOne({ _id: { $eq: _id } }, { $set: fields }, { upsert: true });
    try {
      await upsert();
    } catch (error) {
      // Two upserts of a new key can both decide to insert; the loser finds the document now exists.
      if (!isDuplicateKey(error)) throw error;
      await upsert();
    }
  }

  private async dropCollection(coll: string): Promise<void> {
    await this.rows(coll).drop();
  }

  /** Drops the generations that loads of this collection left behind when their process died. */
  private async dropStale(collection: string): Promise<void> {
    const current = await this.currentColl(collection);
    const now = Date.now();
    const found = await this.db
      .listCollections({ name: { $regex: `^rows__${collection}__` } }, { nameOnly: true })
      .toArray();
    for (const { name } of found) {
      if (isStaleGeneration(collection, name, current, now)) await this.dropCollection(name);
    }
  }
}

/** Runs a cleanup whose failure only leaves a generation behind, which a later replace or drop removes as stale. */
async function bestEffort(cleanup: () => Promise<unknown>): Promise<void> {
  try {
    await cleanup();
  } catch {
    // Left for the stale-generation sweep.
  }
}

function conflict(collection: string, operation: string): DomainError {
  return new DomainError(
    "CONFLICT",
    `rows "${collection}" were replaced or dropped during this ${operation}; retry it`,
    { collection },
  );
}
