/**
 * The indexes every collection needs, ensured at open.
 */
import type { Db, IndexDescription } from "mongodb";
import type { CollectionSpec } from "../collections.js";
import { LISTING_ORDER } from "./mongo-entity-store.js";
import { RUN_SNAPSHOTS, RUN_STEPS } from "./mongo-run-parts.js";

export const RUN_EVENTS = "run_events";
export const STEP_CLAIMS = "step_claims";

export async function ensureIndexes(db: Db, specs: readonly CollectionSpec<never>[]): Promise<void> {
  await Promise.all([
    ...specs.map((spec) => ensureCollectionIndexes(db, spec.name, indexesOf(spec))),
    ensureCollectionIndexes(db, RUN_EVENTS, [{ key: { runId: 1, seq: 1 }, unique: true }]),
    // Unique: a claim is an insert that only one caller can win. Its runId prefix serves deleting a run's claims.
    ensureCollectionIndexes(db, STEP_CLAIMS, [{ key: { runId: 1, nodeId: 1, attempt: 1 }, unique: true }]),
    // Parts are read by _id; these serve deleting a run's (MongoDB only: FerretDB reads the collection anyway).
    ensureCollectionIndexes(db, RUN_SNAPSHOTS, [{ key: { runId: 1 } }]),
    ensureCollectionIndexes(db, RUN_STEPS, [{ key: { runId: 1 } }]),
  ]);
}

/**
 * One createIndexes per index, in turn: FerretDB 1.24 crashes the connection on a createIndexes of two or more
 * indexes that all exist already (that is, on every open after the first), but accepts them one at a time.
 */
async function ensureCollectionIndexes(
  db: Db,
  collection: string,
  indexes: readonly IndexDescription[],
): Promise<void> {
  for (const index of indexes) await db.collection(collection).createIndexes([index]);
}

function indexesOf(spec: CollectionSpec<never>): IndexDescription[] {
  const ascending = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, 1 as const]));
  return [
    { key: { ...LISTING_ORDER } },
    ...spec.indexes.map((fields) => ({ key: { ...ascending(fields), ...LISTING_ORDER } })),
    ...spec.unique.map((fields) => ({ key: ascending(fields), unique: true })),
  ];
}
