/**
 * Runs and their event log in MongoDB without transactions (FerretDB has none). A run is a header document in
 * `runs` (progress, lease and the rest, plus which snapshot and steps base it stands for, and the steps changed
 * since that base) and its parts (see mongo-run-parts.ts).
 *
 * Appending: events are inserted with seq = lastSeq+1.., and the unique (runId, seq) index decides who gets a
 * seq; a loser folds the winner's events and retries with the next seqs. The fold reads and changes only the steps
 * the events touch (run-steps.ts). The header is then saved with a filter on the lastSeq and base it was read with,
 * so a stale fold can never overwrite a newer one; that one update is the commit. Events stored but not yet folded
 * into the run (another appender in flight, or one that died between its two writes) are folded by whoever
 * appends next, so the run always converges on the fold of its stored events. An append saves the progress fields
 * and the steps delta only, so it never overwrites a lease or cancel request written meanwhile.
 *
 * Leases and cancel requests are conditional single-document updates: atomic on MongoDB; on FerretDB only within
 * this process (KeyedLock), so two engine processes on one FerretDB could both take a lease. Step claims rely on a
 * unique index, which FerretDB enforces across processes too.
 */
import type { Collection, Document, Filter } from "mongodb";
import { MongoBulkWriteError } from "mongodb";
import { BadInputError, NotFoundError } from "../../common/errors.js";
import { TERMINAL_RUN_STATUSES, type NewRunEvent, type RunEvent, type RunProgress } from "../../runs/run-state.js";
import { runsSpec } from "../collections.js";
import type { RunFilter, RunStats, RunStore, VersionConflict } from "../ports.js";
import type { RunRecord } from "../records.js";
import { ACTIVE_RUN_STATUSES, checkAttempt, checkInstant, checkLimit, checkOwner } from "../run-rules.js";
import { foldTouchedSteps, type RunSteps } from "../run-steps.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { RecordDoc } from "./mongo-codec.js";
import { LISTING_ORDER, MongoEntityStore } from "./mongo-entity-store.js";
import { byId } from "./mongo-filter.js";
import { insertedPrefix, isDuplicateKey } from "./mongo-errors.js";
import { contiguousAfter, decodeEvent, encodeEvent, type EventDoc } from "./mongo-run-events.js";
import { MAX_DELTA, mergeDelta, type MongoRunParts } from "./mongo-run-parts.js";
import { MongoRunReader, assemble, type StoredRun } from "./mongo-run-reader.js";
import { runStats, runStatsOnePass } from "./mongo-run-stats.js";
import { GatedReads } from "./gated-reads.js";
import { RunLogMemo } from "./run-log-memo.js";

/** Each failed attempt means another appender made progress, so this only bounds pathological contention. */
const MAX_ATTEMPTS = 1_000;
/**
 * Event reads from the store at once (replays, mostly): each costs FerretDB 1.24 a pass over every stored event, so
 * a crowd of them would fill the connection pool and starve the engine's appends.
 */
const CONCURRENT_EVENT_READS = 4;

/** The run fields events change besides the steps: written by an append, with the steps delta. */
const PROGRESS_FIELDS: Record<Exclude<keyof RunProgress, "steps">, true> = {
  status: true,
  error: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  lastSeq: true,
};

/** A fold on top of a stored run: where it started, where it got to, and which steps it changed. */
interface Folding {
  from: StoredRun;
  run: RunRecord;
  steps: RunSteps;
  changed: ReadonlySet<number>;
}

/** No lease, or an expired one; `$eq: null` also matches a missing field (runs stored before leases existed). */
function leaseFree(now: Date): Filter<RecordDoc>[] {
  return [{ leaseOwner: { $eq: null } }, { leaseExpiresAt: { $eq: null } }, { leaseExpiresAt: { $lte: now } }];
}

export class MongoRunStore extends MongoEntityStore<RunRecord, RunFilter> implements RunStore {
  private readonly reader: MongoRunReader;
  private readonly logs = new RunLogMemo();
  private readonly eventReads = new GatedReads<RunEvent[]>(CONCURRENT_EVENT_READS);

  constructor(
    runs: Collection<RecordDoc>,
    private readonly events: Collection<Document>,
    private readonly claims: Collection<Document>,
    private readonly parts: MongoRunParts,
    lock: KeyedLock,
    /** FerretDB 1.24: reads that filter on anything but a bare `_id` read the whole collection. */
    private readonly idFiltersOnly = false,
  ) {
    super(runs, runsSpec, lock);
    this.reader = new MongoRunReader(runs, this.codec, parts);
  }

  /** Writes the parts first, so that a header any reader can see always names parts that exist. */
  override async insert(record: RunRecord): Promise<void> {
    const { snapshot, steps, ...header } = record;
    const [snapshotId, stepsId] = await Promise.all([
      this.parts.insertSnapshot(record.id, snapshot),
      this.parts.insertBase(record.id, steps),
    ]);
    try {
      await super.insert({ ...header, snapshotId, stepsId, stepsPrevId: null, stepsDelta: [] } as unknown as RunRecord);
    } catch (error) {
      await Promise.all([this.parts.deleteSnapshot(snapshotId), this.parts.deleteBase(stepsId)]).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Parts in the patch are written as new documents, which the header names in the same update. Only those: a
   * snapshot patch leaves the steps (base and delta) to concurrent appends. A run stored whole gets both.
   */
  override async update(
    id: string,
    patch: Partial<Omit<RunRecord, "id" | "createdAt">>,
    options: { ifVersion?: number } = {},
  ): Promise<RunRecord | null | VersionConflict> {
    const { snapshot, steps, ...fields } = patch;
    if (snapshot === undefined && steps === undefined) return super.update(id, fields, options);
    const current = await this.reader.read(id);
    if (current === null) return null;
    const named: Record<string, unknown> = {};
    if (snapshot !== undefined || current.ref === null) {
      named["snapshotId"] = await this.parts.insertSnapshot(id, snapshot ?? current.snapshot);
    }
    if (steps !== undefined || current.ref === null) {
      named["stepsId"] = await this.parts.insertBase(id, steps ?? current.steps.steps);
      Object.assign(named, { stepsPrevId: current.ref?.stepsId ?? null, stepsDelta: [] });
    }
    return super.update(id, { ...fields, ...named }, options);
  }

  async createRun(run: RunRecord, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    const initial: RunRecord = { ...run, lastSeq: 0 };
    await this.insert(initial);
    this.logs.created(run.id, []);
    return events.length === 0 ? { run: initial, events: [] } : this.appendEvents(run.id, events);
  }

  async appendEvents(runId: string, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    // No read of stored events first: ordered inserts leave no gap, so lastSeq+1 is taken exactly when events are
    // stored but not folded yet, and the insert below then fails on it (reading them costs FerretDB all events).
    let folding = started(await this.require(runId));
    const pending = [...events];
    const appended: RunEvent[] = [];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(`run ${runId}: could not append events after ${MAX_ATTEMPTS} attempts`);
      }
      const batch = pending.map((event, i) => encodeEvent(runId, folding.run.lastSeq + 1 + i, event));
      const inserted = await this.insertPrefix(batch);
      const added = batch.slice(0, inserted).map(decodeEvent);
      this.logs.appended(runId, added);
      appended.push(...added);
      pending.splice(0, inserted);
      folding = folded(folding, added);
      // Someone else holds the next seq: fold what they stored, then retry the rest after it.
      if (pending.length > 0) folding = await this.catchUp(folding);
    }
    return { run: await this.save(folding), events: appended };
  }

  async listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    if (!Number.isInteger(limit) || limit < 0) throw new BadInputError("limit", "must be a non-negative integer");
    // limit(0) would mean "no limit" to MongoDB.
    if (limit === 0) return [];
    const known = this.logs.after(runId, afterSeq, limit);
    if (known) return known;
    const read = await this.eventReads.read(`${runId}\u0000${afterSeq}\u0000${limit}`, async () => {
      const docs = await this.events
        .find({ runId: { $eq: runId }, seq: { $gt: afterSeq } })
        .sort({ seq: 1 })
        .limit(limit)
        .toArray();
      const events = docs.map(decodeEvent);
      this.logs.read(runId, afterSeq, events);
      return events;
    });
    // Callers that shared the read each get their own array.
    return [...read];
  }

  async latestByPipeline(pipelineIds: readonly string[]): Promise<Map<string, RunRecord>> {
    // One indexed findOne per pipeline: "first per group" needs $first or $max, which FerretDB 1.24 lacks.
    const ids = [...new Set(pipelineIds)];
    const docs = await Promise.all(
      ids.map((id) => this.collection.findOne({ pipelineId: { $eq: id } }, { sort: LISTING_ORDER })),
    );
    const found = ids.flatMap((pipelineId, i) => {
      const doc = docs[i];
      return doc ? [{ pipelineId, doc }] : [];
    });
    const runs = await this.decodeAll(found.map(({ doc }) => doc));
    return new Map(found.map(({ pipelineId }, i) => [pipelineId, runs[i] as RunRecord]));
  }

  async deleteByPipeline(pipelineId: string): Promise<number> {
    const runs = await this.collection.find({ pipelineId: { $eq: pipelineId } }, { projection: { _id: 1 } }).toArray();
    if (runs.length === 0) return 0;
    const ids = runs.map((doc) => doc._id);
    // Events, claims and parts first: if we stop half-way, what is left is runs without them (which read with
    // what is left, and can be deleted again), never them without a run.
    await this.events.deleteMany({ runId: { $in: ids } });
    // After the events are gone: a read in flight before could have kept a log again.
    for (const id of ids) this.logs.forget(id);
    await this.claims.deleteMany({ runId: { $in: ids } });
    await this.parts.deleteOfRuns(ids);
    const result = await this.collection.deleteMany({ _id: { $in: ids } });
    return result.deletedCount;
  }

  override async delete(id: string): Promise<boolean> {
    await this.events.deleteMany({ runId: { $eq: id } });
    this.logs.forget(id);
    await this.claims.deleteMany({ runId: { $eq: id } });
    await this.parts.deleteOfRuns([id]);
    return super.delete(id);
  }

  async stats(sinceDay: string): Promise<RunStats> {
    return this.idFiltersOnly ? runStatsOnePass(this.collection, sinceDay) : runStats(this.collection, sinceDay);
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
    return this.decodeAll(docs);
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
    return doc ? this.decodeOne(doc) : this.get(runId);
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

  /** Whole runs: each header with the parts it names. */
  protected override decodeAll(docs: readonly RecordDoc[]): Promise<RunRecord[]> {
    return this.reader.decodeAll(docs);
  }

  private async require(runId: string): Promise<StoredRun> {
    const run = await this.reader.read(runId);
    if (run === null) throw new NotFoundError("Run", runId);
    return run;
  }

  /** Folds the stored events the run does not reflect yet. */
  private async catchUp(folding: Folding): Promise<Folding> {
    const { id, lastSeq } = folding.run;
    const docs = await this.events
      .find({ runId: { $eq: id }, seq: { $gt: lastSeq } })
      .sort({ seq: 1 })
      .toArray();
    return folded(folding, contiguousAfter(lastSeq, docs.map(decodeEvent)));
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

  /** Writes the fold's header unless the stored one moved on since it was read (then folds on top of that). */
  private async save(done: Folding): Promise<RunRecord> {
    let folding = done;
    for (let attempt = 1; ; attempt++) {
      const { from, run } = folding;
      if (run.lastSeq === from.header.lastSeq) return assemble({ ...from, header: run, steps: folding.steps });
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(`run ${run.id}: could not save its progress after ${MAX_ATTEMPTS} attempts`);
      }
      const write = await this.headerWrite(folding);
      // The lastSeq condition is the commit.
      const doc = await this.writing(run.id, () =>
        this.commit(run.id, { lastSeq: from.header.lastSeq, stepsId: from.ref?.stepsId ?? null }, write.update),
      );
      if (doc) {
        // Collect the base two generations back. The one just replaced is kept: readers that read the header a
        // moment ago still fetch it, and so may (on FerretDB, across processes) a racing save that still names it.
        if (write.collect) await this.parts.deleteBase(write.collect).catch(() => undefined);
        const { header } = this.reader.decodeHeader(doc);
        return assemble({ ...from, header, steps: folding.steps });
      }
      // Another appender saved first: what this attempt wrote is named by no header.
      await write.discard().catch(() => undefined);
      const current = await this.require(run.id);
      if (current.header.lastSeq >= run.lastSeq) return assemble(current);
      folding = await this.catchUp(started(current));
    }
  }

  /**
   * Updates the header if it still has the lastSeq and base the fold started from; null if not. MongoDB checks
   * that in the update itself. FerretDB would read every header for that filter (it pushes down a bare `_id`
   * only) and its findAndModify is a read then a write anyway: the same check is done here, between a read and an
   * update by bare `_id`, under this process's lock on the run (`writing`).
   */
  private async commit(
    id: string,
    expected: { lastSeq: number; stepsId: string | null },
    update: Document,
  ): Promise<RecordDoc | null> {
    const after = { returnDocument: "after" } as const;
    if (!this.idFiltersOnly) {
      const filter = { _id: { $eq: id }, lastSeq: { $eq: expected.lastSeq }, stepsId: { $eq: expected.stepsId } };
      return this.collection.findOneAndUpdate(filter, update, after);
    }
    const current = await this.collection.findOne(byId(id));
    if (current?.["lastSeq"] !== expected.lastSeq || (current["stepsId"] ?? null) !== expected.stepsId) return null;
    return this.collection.findOneAndUpdate(byId(id), update, after);
  }

  /**
   * The header update committing a fold: its progress fields and its steps delta, or, once the delta would
   * outgrow MAX_DELTA, when the run ends, or for a run stored whole, a new base.
   */
  private async headerWrite(folding: Folding): Promise<{
    update: Document;
    collect: string | null;
    discard: () => Promise<void>;
  }> {
    const { from, run, steps, changed } = folding;
    const set: Document = Object.fromEntries(
      (Object.keys(PROGRESS_FIELDS) as (keyof typeof PROGRESS_FIELDS)[]).map((key) => [key, run[key]]),
    );
    const delta = from.ref ? mergeDelta(from.ref.delta, steps, changed) : [];
    // An ended run's steps go into a base of their own: its header, which every listing and count on FerretDB
    // decodes (ended runs are nearly all of them), then carries no delta.
    const settled = TERMINAL_RUN_STATUSES.has(run.status) && delta.length > 0;
    if (from.ref && delta.length <= MAX_DELTA && !settled) {
      if (changed.size > 0) set["stepsDelta"] = delta;
      return { update: { $set: set }, collect: null, discard: () => Promise.resolve() };
    }
    const stepsId = await this.parts.insertBase(run.id, steps);
    const snapshotId = from.ref?.snapshotId ?? (await this.parts.insertSnapshot(run.id, run.snapshot));
    Object.assign(set, { snapshotId, stepsId, stepsPrevId: from.ref?.stepsId ?? null, stepsDelta: [] });
    // A run stored whole loses its embedded parts in the same update that names their documents.
    const update = from.ref ? { $set: set } : { $set: set, $unset: { snapshot: "", steps: "" } };
    const discard = async () => {
      await this.parts.deleteBase(stepsId);
      if (!from.ref) await this.parts.deleteSnapshot(snapshotId);
    };
    return { update, collect: from.ref?.stepsPrevId ?? null, discard };
  }
}

function started(from: StoredRun): Folding {
  return { from, run: assemble(from), steps: from.steps, changed: new Set() };
}

function folded(folding: Folding, events: readonly RunEvent[]): Folding {
  if (events.length === 0) return folding;
  const next = foldTouchedSteps<RunRecord>(folding.run, folding.steps, events);
  return { ...folding, run: next.run, steps: next.steps, changed: new Set([...folding.changed, ...next.changed]) };
}
