/**
 * Reading runs in the Mongo adapter: a header document and the parts it names (mongo-run-parts.ts), consistent
 * with each other, and headers of runs stored whole before the split, which hold their parts themselves.
 */
import type { Collection } from "mongodb";
import type { RunRecord } from "../records.js";
import { NO_LEASE } from "../run-rules.js";
import { indexSteps, type RunSteps } from "../run-steps.js";
import type { DocCodec, RecordDoc } from "./mongo-codec.js";
import { byId } from "./mongo-filter.js";
import { overlay, type MongoRunParts, type PartsRef, type RunSnapshot, type StepDelta } from "./mongo-run-parts.js";

/** Reads of a header whose base was replaced (and collected) in between, before giving up on it. */
const MAX_READS = 5;
const EMPTY_SNAPSHOT: RunSnapshot = { nodes: [], edges: [] };

export type RunHeader = Omit<RunRecord, "snapshot" | "steps">;

/** A run as stored: its header and the parts that header names, read consistently. */
export interface StoredRun {
  header: RunHeader;
  /** Null for a run stored before the split, whose header document holds its snapshot and steps itself. */
  ref: PartsRef | null;
  snapshot: RunSnapshot;
  steps: RunSteps;
}

export interface DecodedHeader {
  header: RunHeader;
  ref: PartsRef | null;
  /** What a header stored whole holds (empty for a split one). */
  legacy: { snapshot: RunSnapshot; steps: RunRecord["steps"] };
}

export class MongoRunReader {
  constructor(
    private readonly runs: Collection<RecordDoc>,
    private readonly codec: DocCodec,
    private readonly parts: MongoRunParts,
  ) {}

  /** The run's header and parts, consistent with each other; null when there is no such run. */
  async read(runId: string, degrade = false): Promise<StoredRun | null> {
    for (let read = 1; ; read++) {
      const doc = await this.runs.findOne(byId(runId));
      if (doc === null) return null;
      const [run] = await this.storedRuns([doc]);
      if (run) return run;
      // Its base was replaced (and collected) between the two reads; after a few tries, the run is being deleted
      // or was damaged: read it with what is left rather than not at all.
      if (read >= MAX_READS) {
        if (degrade) return this.degraded(doc);
        throw new Error(`run ${runId}: the steps document its header names is missing`);
      }
    }
  }

  /** Whole runs from header documents: their parts memoised, else read by `_id`, all at once. */
  async decodeAll(docs: readonly RecordDoc[]): Promise<RunRecord[]> {
    const stored = await this.storedRuns(docs);
    return Promise.all(
      stored.map(async (run, i) => {
        const doc = docs[i] as RecordDoc;
        // Its base was replaced since the header was read: read it again (null: deleted since).
        const current = run ?? (await this.read(doc._id, true));
        return assemble(current ?? this.degraded(doc));
      }),
    );
  }

  decodeHeader(doc: RecordDoc): DecodedHeader {
    const { snapshotId, stepsId, stepsPrevId, stepsDelta, ...fields } = doc;
    const { snapshot, steps, ...header } = this.codec.decode(fields);
    const split = typeof snapshotId === "string" && typeof stepsId === "string";
    return {
      // Runs stored before leases existed have none of their fields: they read back as null.
      header: { ...NO_LEASE, ...header } as unknown as RunHeader,
      ref: split
        ? {
            snapshotId,
            stepsId,
            stepsPrevId: typeof stepsPrevId === "string" ? stepsPrevId : null,
            delta: (stepsDelta ?? []) as StepDelta[],
          }
        : null,
      legacy: {
        snapshot: (snapshot ?? EMPTY_SNAPSHOT) as RunSnapshot,
        steps: (steps ?? []) as RunRecord["steps"],
      },
    };
  }

  /** Each header with its parts; null where the base it names is missing. */
  private async storedRuns(docs: readonly RecordDoc[]): Promise<(StoredRun | null)[]> {
    const decoded = docs.map((doc) => this.decodeHeader(doc));
    const loaded = await this.parts.load(decoded.flatMap(({ ref }) => (ref ? [ref] : [])));
    let next = 0;
    return decoded.map(({ header, ref, legacy }) => {
      if (ref === null) return { header, ref, snapshot: legacy.snapshot, steps: indexSteps(legacy.steps) };
      const parts = loaded[next++];
      if (!parts?.base) return null;
      return { header, ref, snapshot: parts.snapshot ?? EMPTY_SNAPSHOT, steps: overlay(parts.base, ref.delta) };
    });
  }

  /** A run whose parts are gone (being deleted): its header, and the steps its delta still holds. */
  private degraded(doc: RecordDoc): StoredRun {
    const { header, ref } = this.decodeHeader(doc);
    const steps = (ref?.delta ?? []).map((d) => d.step);
    return { header, ref, snapshot: EMPTY_SNAPSHOT, steps: indexSteps(steps) };
  }
}

/** A RunRecord of its own: the steps array is copied, since a memoised base may be behind it. */
export function assemble(run: { header: RunHeader; snapshot: RunSnapshot; steps: RunSteps }): RunRecord {
  const { snapshot: _snapshot, steps: _steps, ...header } = run.header as RunHeader & Partial<RunRecord>;
  return { ...header, snapshot: run.snapshot, steps: [...run.steps.steps] };
}
