/**
 * The adapter-neutral rules of RowCollectionStore: what a valid collection name, row, filter and key are, a row's
 * identity under a key, physical naming of generations, and re-batching. Both adapters import this file, so they
 * validate and compare identically.
 */
import { randomBytes } from "node:crypto";
import { BadInputError } from "../common/errors.js";
import type { DataRow } from "./ports.js";

type Value = DataRow[string];

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** With the `u` flag a valid surrogate pair is one code point, so this matches lone surrogates only. */
const LONE_SURROGATE = /\p{Cs}/u;
export const MAX_SCAN_BATCH = 10_000;

export function checkCollection(name: unknown): string {
  if (typeof name !== "string" || !COLLECTION_NAME.test(name)) {
    throw new BadInputError("collection", "must match /^[A-Za-z][A-Za-z0-9_]{0,63}$/");
  }
  return name;
}

export function checkLoadId(loadId: unknown): string {
  if (typeof loadId !== "string" || loadId === "") throw new BadInputError("loadId", "must be a non-empty string");
  return loadId;
}

export function checkBatchSize(size: unknown): number {
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1 || size > MAX_SCAN_BATCH) {
    throw new BadInputError("batchSize", `must be an integer from 1 to ${MAX_SCAN_BATCH}`);
  }
  return size;
}

/**
 * A batch as rows of JSON scalars. Strings (names and values) must be well-formed Unicode: a lone surrogate
 * cannot survive BSON's UTF-8 and would not compare equal after a round trip.
 */
export function checkRows(batch: unknown): DataRow[] {
  if (!Array.isArray(batch)) throw new BadInputError("rows", "each batch must be an array of rows");
  for (const row of batch as unknown[]) {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new BadInputError("rows", "each row must be an object of column values");
    }
    for (const [column, value] of Object.entries(row)) checkValue(column, value, "row value");
  }
  return batch as DataRow[];
}

/** The filter's (column, value) pairs; any non-scalar value is rejected, so none can act as an operator. */
export function checkFilter(filter: unknown): [string, Value][] {
  if (filter === null || typeof filter !== "object" || Array.isArray(filter)) {
    throw new BadInputError("filter", "must be an object of column values");
  }
  const entries = Object.entries(filter);
  for (const [column, value] of entries) checkValue(column, value, "filter value");
  return entries as [string, Value][];
}

function checkValue(column: string, value: unknown, what: string): void {
  if (LONE_SURROGATE.test(column)) throw new BadInputError("rows", "column names must be well-formed Unicode");
  if (value === null || typeof value === "boolean") return;
  if (typeof value === "number" && Number.isFinite(value)) return;
  if (typeof value === "string" && !LONE_SURROGATE.test(value)) return;
  throw new BadInputError(column, `${what} must be a string, finite number, boolean or null`);
}

export function checkKey(key: unknown): readonly string[] {
  if (!Array.isArray(key) || key.length === 0 || !key.every((c) => typeof c === "string")) {
    throw new BadInputError("key", "must be a non-empty list of column names");
  }
  if (new Set(key).size !== key.length) throw new BadInputError("key", "lists a column twice");
  return key;
}

/** The row's identity under `key`: JSON keeps 1, "1", true and null apart. Throws naming a missing key column. */
export function rowKey(row: DataRow, key: readonly string[]): string {
  for (const column of key) {
    if (!Object.hasOwn(row, column)) throw new BadInputError(column, "key column missing from a row");
  }
  return JSON.stringify(key.map((column) => row[column]));
}

/** The identity of a stored row, or null when it lacks a key column (such a row matches no upserted row). */
export function storedRowKey(row: Record<string, unknown>, key: readonly string[]): string | null {
  const values: unknown[] = [];
  for (const column of key) {
    if (!Object.hasOwn(row, column)) return null;
    values.push(row[column]);
  }
  return JSON.stringify(values);
}

/**
 * Physical tables/collections are per generation: "rows__<name>__<gen>", gen = creation time (9 base-36 digits)
 * then 6 random ones. Only [0-9a-z] in gen, so collection "a" never claims "rows__a__b__<gen>" of collection "a__b".
 */
export function newPhysicalName(collection: string, now = Date.now()): string {
  const random = (randomBytes(4).readUInt32BE() % 36 ** 6).toString(36).padStart(6, "0");
  return `rows__${collection}__${now.toString(36).padStart(9, "0")}${random}`;
}

/** When `physical` is a generation of `collection`, its creation time in epoch ms; else null. */
export function generationTime(collection: string, physical: string): number | null {
  const prefix = `rows__${collection}__`;
  if (!physical.startsWith(prefix)) return null;
  const gen = physical.slice(prefix.length);
  return /^[0-9a-z]{15}$/.test(gen) ? parseInt(gen.slice(0, 9), 36) : null;
}

/**
 * Generations neither current nor younger than this are leftovers of a crashed load, dropped by the next replace or
 * drop of their collection. Younger ones may be another process's load in progress.
 */
export const STALE_GENERATION_MS = 6 * 60 * 60 * 1000;

export function isStaleGeneration(collection: string, physical: string, current: string | null, now: number): boolean {
  const created = generationTime(collection, physical);
  return created !== null && physical !== current && now - created > STALE_GENERATION_MS;
}

/**
 * Validates each incoming batch (whole, before any of its rows is passed on) and re-cuts batches of any sizes into
 * arrays of exactly `size` rows (the last may be shorter, none is empty): writers get write-sized chunks.
 */
export async function* rechunk<T>(batches: AsyncIterable<T[]>, size: number): AsyncGenerator<T[]> {
  let pending: T[] = [];
  for await (const batch of batches) {
    checkRows(batch);
    for (const item of batch) {
      pending.push(item);
      if (pending.length === size) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length > 0) yield pending;
}
