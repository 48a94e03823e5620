/**
 * Runs and their event log in MongoDB without transactions (FerretDB has none).
 *
 * Appending: events are inserted with seq = lastSeq+1.., and the unique (runId, seq) index decides who gets a
 * seq; a loser folds the winner's events and retries with the next seqs. The run is then saved with a filter on
 * the lastSeq it was read with, so a stale fold can never overwrite a newer one. Events stored but not yet folded
 * into the run (another appender in flight, or one that died between its two writes) are folded by whoever
 * appends next, so the run always converges on the fold of its stored events. An append saves the progress fields
 * only, so it never overwrites a lease or cancel request written meanwhile.
 *
 * Leases and cancel requests are conditional single-document updates: atomic on MongoDB; on FerretDB only within
 * this process (KeyedLock), so two engine processes on one FerretDB could both take a lease. Step claims rely on a
 * unique index, which FerretDB enforces across processes too.
 */
import type { Collection, Document, Filter } from "mongodb";
import { MongoBulkWriteError } from "mongodb";
import { BadInputError, NotFoundError } from "../../common/errors.js";
import { foldRunEvents, type NewRunEvent, type RunEvent, type RunProgress } from "../../runs/run-state.js";
import { runsSpec } from "../collections.js";
import type { RunFilter, RunStats, RunStore } from "../ports.js";
import type { RunRecord } from "../records.js";
import {
  ACTIVE_RUN_STATUSES,
  NO_LEASE,
  checkAttempt,
  checkInstant,
  checkLimit,
  checkOwner,
} from "../run-rules.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { RecordDoc } from "./mongo-codec.js";
import { LISTING_ORDER, MongoEntityStore } from "./mongo-entity-store.js";
import { insertedPrefix, isDuplicateKey } from "./mongo-errors.js";
import { contiguousAfter, decodeEvent, encodeEvent, type EventDoc } from "./mongo-run-events.js";
import { runStats } from "./mongo-run-stats.js";

/** Each failed attempt means another appender made progress, so this only bounds pathological contention. */
const MAX_ATTEMPTS = 1_000;

/** The run fields events change: the only ones an append writes, so concurrent `update`s of others survive. */
const PROGRESS_FIELDS: Record<keyof RunProgress, true> = {
  status: true,
  steps: true,
  error: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  lastSeq: true,
};

/** No lease, or an expired one; `$eq: null` also matches a missing field (runs stored before leases existed). */
function leaseFree(now: Date): Filter<RecordDoc>[] {
  return [{ leaseOwner: { $eq: null } }, { leaseExpiresAt: { $eq: null } }, { leaseExpiresAt: { $lte: now } }];
}

export class MongoRunStore extends MongoEntityStore<RunRecord, RunFilter> implements RunStore {
  constructor(
    runs: Collection<RecordDoc>,
    private readonly events: Collection<Document>,
    private readonly claims: Collection<Document>,
    lock: KeyedLock,
  ) {
    super(runs, runsSpec, lock);
  }

  async createRun(run: RunRecord, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    const initial: RunRecord = { ...run, lastSeq: 0 };
    await this.insert(initial);
    return events.length === 0 ? { run: initial, events: [] } : this.appendEvents(run.id, events);
  }

  async appendEvents(runId: string, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    const stored = await this.require(runId);
    let run = await this.catchUp(stored);
    const pending = [...events];
    const appended: RunEvent[] = [];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(`run ${runId}: could not append events after ${MAX_ATTEMPTS} attempts`);
      }
      const batch = pending.map((event, i) => encodeEvent(runId, run.lastSeq + 1 + i, event));
      const inserted = await this.insertPrefix(batch);
      const added = batch.slice(0, inserted).map(decodeEvent);
      appended.push(...added);
      pending.splice(0, inserted);
      run = foldRunEvents(run, added);
      // Someone else holds the next seq: fold what they stored, then retry the rest after it.
      if (pending.length > 0) run = await this.catchUp(run);
    }
    return { run: await this.save(stored.lastSeq, run), events: appended };
  }

  async listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    if (!Number.isInteger(limit) || limit < 0) throw new BadInputError("limit", "must be a non-negative integer");
    // limit(0) would mean "no limit" to MongoDB.
    if (limit === 0) return [];
    const docs = await this.events
      .find({ runId: { $eq: runId }, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
    return docs.map(decodeEvent);
  }

  async latestByPipeline(pipelineIds: readonly string[]): Promise<Map<string, RunRecord>> {
    // One indexed findOne per pipeline: "first per group" needs $first or $max, which FerretDB 1.24 lacks.
    const ids = [...new Set(pipelineIds)];
    const docs = await Promise.all(
      ids.map((id) => this.collection.findOne({ pipelineId: { $eq: id } }, { sort: LISTING_ORDER })),
    );
    const result = new Map<string, RunRecord>();
    docs.forEach((doc, i) => {
      if (doc) result.set(ids[i] as string, this.decode(doc));
    });
    return result;
  }

  async deleteByPipeline(pipelineId: string): Promise<number> {
    const runs = await this.collection.find({ pipelineId: { $eq: pipelineId } }, { projection: { _id: 1 } }).toArray();
    if (runs.length === 0) return 0;
    const ids = runs.map((doc) => doc._id);
    // Events and claims first: if we stop half-way, what is left is runs without them, never them without a run.
    await this.events.deleteMany({ runId: { $in: ids } });
    await this.claims.deleteMany({ runId: { $in: ids } });
    const result = await this.collection.deleteMany({ _id: { $in: ids } });
    return result.deletedCount;
  }

  override async delete(id: string): Promise<boolean> {
    await this.events.deleteMany({ runId: { $eq: id } });
    await this.claims.deleteMany({ runId: { $eq: id } });
    return super.delete(id);
  }

  async stats(sinceDay: string): Promise<RunStats> {
    return runStats(this.collection, sinceDay);
  }

  async acquireLease(runId: string, owner: string, now: Date, expiresAt: Date): Promise<boolean> {
    checkOwner(owner);
    checkInstant("now", now);
    checkInstant("expiresAt", expiresAt);
    const filter: Filter<RecordDoc> = {
      _id: { $eq: runId },
      status: { $in: [...ACTIVE_RUN_STATUSES] },
      $or: [...leaseFree(now), { leaseOwner: { $eq: owner } }],
    };
    const result = await this.writing(runId, () =>
      this.collection.updateOne(filter, { $set: { leaseOwner: owner, leaseExpiresAt: expiresAt } }),
    );
    return result.matchedCount === 1;
  }

  async releaseLease(runId: string, owner: string): Promise<void> {
    checkOwner(owner);
    await this.writing(runId, () =>
      this.collection.updateOne(
        { _id: { $eq: runId }, leaseOwner: { $eq: owner } },
        { $set: { leaseOwner: null, leaseExpiresAt: null } },
      ),
    );
  }

  async listOrphanedRuns(now: Date, limit: number): Promise<RunRecord[]> {
    checkInstant("now", now);
    checkLimit(limit);
    if (limit === 0) return [];
    // Served by the (status, createdAt, _id) index: active runs are few, whatever the number of finished ones.
    const docs = await this.collection
      .find({ status: { $in: [...ACTIVE_RUN_STATUSES] }, $or: leaseFree(now) })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => this.decode(doc));
  }

  async requestCancel(runId: string, at: Date): Promise<RunRecord | null> {
    checkInstant("at", at);
    const doc = await this.writing(runId, () =>
      this.collection.findOneAndUpdate(
        { _id: { $eq: runId }, cancelRequestedAt: { $eq: null } },
        { $set: { cancelRequestedAt: at } },
        { returnDocument: "after" },
      ),
    );
    // Not updated: already requested (the first request stands), or no such run.
    return doc ? this.decode(doc) : this.get(runId);
  }

  async claimStep(runId: string, nodeId: string, attempt: number, owner: string): Promise<boolean> {
    checkAttempt(attempt);
    checkOwner(owner);
    try {
      await this.claims.insertOne({ runId, nodeId, attempt, owner, claimedAt: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Runs stored before leases existed have none of their fields: they read back as null. */
  protected override decode(doc: RecordDoc): RunRecord {
    return { ...NO_LEASE, ...super.decode(doc) };
  }

  private async require(runId: string): Promise<RunRecord> {
    const run = await this.get(runId);
    if (run === null) throw new NotFoundError("Run", runId);
    return run;
  }

  /** Folds the stored events the run does not reflect yet. */
  private async catchUp(run: RunRecord): Promise<RunRecord> {
    const docs = await this.events
      .find({ runId: { $eq: run.id }, seq: { $gt: run.lastSeq } })
      .sort({ seq: 1 })
      .toArray();
    return foldRunEvents(run, contiguousAfter(run.lastSeq, docs.map(decodeEvent)));
  }

  /** Inserts in order; returns how many were stored before a seq turned out to be taken. */
  private async insertPrefix(batch: EventDoc[]): Promise<number> {
    try {
      await this.events.insertMany(batch, { ordered: true });
      return batch.length;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return error instanceof MongoBulkWriteError ? insertedPrefix(error) : 0;
    }
  }

  /** Writes the folded progress unless the stored run moved on since it was read as `readSeq`. */
  private async save(readSeq: number, folded: RunRecord): Promise<RunRecord> {
    let run = folded;
    let expectedSeq = readSeq;
    for (let attempt = 1; ; attempt++) {
      if (run.lastSeq === expectedSeq) return run;
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(`run ${run.id}: could not save its progress after ${MAX_ATTEMPTS} attempts`);
      }
      const [filter, set] = [{ _id: { $eq: run.id }, lastSeq: { $eq: expectedSeq } }, { $set: progressOf(run) }];
      const doc = await this.writing(run.id, () =>
        this.collection.findOneAndUpdate(filter, set, { returnDocument: "after" }),
      );
      if (doc) return this.decode(doc);
      // Another appender saved first. If its fold already covers our events we are done; else fold on top of it.
      const current = await this.require(run.id);
      if (current.lastSeq >= folded.lastSeq) return current;
      expectedSeq = current.lastSeq;
      run = await this.catchUp(current);
    }
  }
}

function progressOf(run: RunRecord): Record<string, unknown> {
  return Object.fromEntries((Object.keys(PROGRESS_FIELDS) as (keyof RunProgress)[]).map((key) => [key, run[key]]));
}
