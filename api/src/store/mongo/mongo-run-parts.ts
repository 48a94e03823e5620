/**
 * Where the Mongo adapter keeps a run's DAG snapshot and steps, apart from its header document in `runs`:
 *  - `run_snapshots` {_id, runId, snapshot: JSON text}: written once at creation, never changed;
 *  - `run_steps` {_id, runId, steps}: an immutable base of the steps. The header names its base (`stepsId`) and
 *    carries the steps changed since (`stepsDelta`, at most MAX_DELTA of them); an append that would outgrow the
 *    delta writes a new base instead and names it in the same header update.
 *
 * Why: FerretDB 1.24 applies every update by reading, decoding and rewriting the whole document, and answers any
 * filter but a bare `{_id}` by reading the whole collection. So an append costs what the header weighs (bounded),
 * never what the run weighs, and parts are always read by `_id`. The header stays the one document an append
 * writes: its update is the commit point (lastSeq, progress, which base, which delta), as atomic as before.
 *
 * Bases and snapshots never change once written, so this process memoises them by `_id`.
 */
import type { Collection } from "mongodb";
import { newId } from "../../common/ids.js";
import type { StepState } from "../../runs/run-state.js";
import type { RunRecord } from "../records.js";
import { LruMap, indexSteps, type RunSteps } from "../run-steps.js";
import type { RecordDoc } from "./mongo-codec.js";
import { byId } from "./mongo-filter.js";

export const RUN_SNAPSHOTS = "run_snapshots";
export const RUN_STEPS = "run_steps";

/** Header size versus how often a base is rewritten: 32 steps are a few KB, and 1/32 of step changes. */
export const MAX_DELTA = 32;
/** Per kind of part: those of the runs this process works on, with a few superseded bases. */
const MEMOISED = 64;

export type RunSnapshot = RunRecord["snapshot"];

/** A step changed since the base, at its position in node order. */
export interface StepDelta {
  i: number;
  step: StepState;
}

/** What a (split) header document names. */
export interface PartsRef {
  snapshotId: string;
  stepsId: string;
  /** The base this one replaced: deleted when this one is replaced in turn (see `save` in the run store). */
  stepsPrevId: string | null;
  delta: StepDelta[];
}

export interface LoadedParts {
  /** Null when absent: the run is being deleted, or its snapshot was lost. */
  snapshot: RunSnapshot | null;
  /** Null when absent: replaced (and collected) since the header was read, or the run is being deleted. */
  base: RunSteps | null;
}

export class MongoRunParts {
  private readonly snapshotMemo = new LruMap<string, RunSnapshot>(MEMOISED);
  private readonly baseMemo = new LruMap<string, RunSteps>(MEMOISED);

  constructor(
    private readonly snapshots: Collection<RecordDoc>,
    private readonly bases: Collection<RecordDoc>,
  ) {}

  /** The parts each ref names: memoised, else read with one query per collection for all of them. */
  async load(refs: readonly PartsRef[]): Promise<LoadedParts[]> {
    const [snapshots, bases] = await Promise.all([
      fetch(
        this.snapshots,
        this.snapshotMemo,
        refs.map((ref) => ref.snapshotId),
        decodeSnapshot,
      ),
      fetch(
        this.bases,
        this.baseMemo,
        refs.map((ref) => ref.stepsId),
        decodeBase,
      ),
    ]);
    return refs.map((ref) => ({
      snapshot: snapshots.get(ref.snapshotId) ?? null,
      base: bases.get(ref.stepsId) ?? null,
    }));
  }

  async insertSnapshot(runId: string, snapshot: RunSnapshot): Promise<string> {
    const id = `${runId}:${newId()}`;
    await this.snapshots.insertOne({ _id: id, runId, snapshot: JSON.stringify(snapshot) });
    return id;
  }

  /**
   * Stores a new base. Steps the store folded itself are memoised as they are; a caller's (insert, update) are
   * not, so that its later changes to its own objects cannot reach this cache.
   */
  async insertBase(runId: string, steps: RunSteps | readonly StepState[]): Promise<string> {
    const id = `${runId}:${newId()}`;
    const folded = "positions" in steps;
    await this.bases.insertOne({ _id: id, runId, steps: folded ? steps.steps : steps });
    if (folded) this.baseMemo.set(id, steps);
    return id;
  }

  async deleteBase(id: string): Promise<void> {
    this.baseMemo.delete(id);
    await this.bases.deleteOne(byId(id));
  }

  async deleteSnapshot(id: string): Promise<void> {
    this.snapshotMemo.delete(id);
    await this.snapshots.deleteOne(byId(id));
  }

  /** Every part of the runs (superseded bases and ones a crashed append left unnamed included). */
  async deleteOfRuns(runIds: readonly string[]): Promise<void> {
    const filter = { runId: { $in: [...runIds] } };
    await this.bases.deleteMany(filter);
    await this.snapshots.deleteMany(filter);
  }
}

/**
 * The documents with these ids, memoised or read (and memoised). One is read by its bare `_id`; more in one `$in`
 * query: FerretDB 1.24 reads the whole collection for either (the bare `_id` one in SQL, without its index), so one
 * pass for all beats one per id, and MongoDB answers both from the `_id` index.
 */
async function fetch<V>(
  collection: Collection<RecordDoc>,
  memo: LruMap<string, V>,
  ids: readonly string[],
  decode: (doc: RecordDoc) => V,
): Promise<Map<string, V>> {
  const found = new Map<string, V>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const hit = memo.get(id);
    if (hit === undefined) missing.push(id);
    else found.set(id, hit);
  }
  if (missing.length === 0) return found;
  const [only] = missing;
  const docs =
    missing.length === 1 && only !== undefined
      ? [await collection.findOne(byId(only))]
      : await collection.find({ _id: { $in: missing } }).toArray();
  for (const doc of docs) {
    if (doc === null) continue;
    const value = decode(doc);
    memo.set(doc._id, value);
    found.set(doc._id, value);
  }
  return found;
}

function decodeSnapshot(doc: RecordDoc): RunSnapshot {
  return JSON.parse(doc["snapshot"] as string) as RunSnapshot;
}

function decodeBase(doc: RecordDoc): RunSteps {
  return indexSteps(doc["steps"] as StepState[]);
}

/** The steps a header stands for: its base with its delta applied. */
export function overlay(base: RunSteps, delta: readonly StepDelta[]): RunSteps {
  if (delta.length === 0) return base;
  const steps = [...base.steps];
  let positions = base.positions;
  for (const { i, step } of delta) {
    // Past the base's end: a step the fold appended (for a node the run did not have) since the base was written.
    if (i >= base.steps.length && !positions.has(step.nodeId)) {
      positions = new Map(positions).set(step.nodeId, i);
    }
    steps[i] = step;
  }
  return { steps, positions };
}

/** The delta once the steps at `changed` are folded in: one entry per position, ascending. */
export function mergeDelta(delta: readonly StepDelta[], steps: RunSteps, changed: Iterable<number>): StepDelta[] {
  const byPosition = new Map(delta.map((d) => [d.i, d.step]));
  for (const i of changed) byPosition.set(i, steps.steps[i] as StepState);
  return [...byPosition].sort(([a], [b]) => a - b).map(([i, step]) => ({ i, step }));
}
