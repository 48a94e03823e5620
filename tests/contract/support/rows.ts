/**
 * Helpers for the row collection contract: row sources as async batches (well-behaved, failing or paused), and
 * reading a scan back.
 */
import { newId } from "../../../api/src/common/ids.js";
import type { DataRow } from "../../../api/src/store/ports.js";

/** A fresh valid collection name. */
export function collectionName(prefix = "c"): string {
  return `${prefix}_${newId().replace(/-/g, "_")}`;
}

/** Narrow rows i = from..from+count-1, as a pipeline would load them. */
export function numbered(count: number, from = 0, tag = "r"): DataRow[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return { i, name: `${tag} ${i}`, even: i % 2 === 0, score: i / 4 };
  });
}

// eslint-disable-next-line @typescript-eslint/require-await -- async like a pipeline's source, with nothing to await
export async function* batchesOf(rows: readonly DataRow[], size = 1_000): AsyncGenerator<DataRow[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Yields `rows` in batches, then throws: a source that breaks mid-load. */
export async function* failingAfter(rows: readonly DataRow[], error: Error): AsyncGenerator<DataRow[]> {
  yield* batchesOf(rows);
  throw error;
}

/**
 * A source that yields `first`, then waits until released before yielding `rest`. `reached` resolves once the
 * loader has taken all of `first` and asked for more, so whatever of `first` it writes eagerly is written.
 */
export function pausedSource(
  first: readonly DataRow[],
  rest: readonly DataRow[],
): { batches: AsyncGenerator<DataRow[]>; reached: Promise<void>; release(): void } {
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  async function* batches(): AsyncGenerator<DataRow[]> {
    yield [...first];
    reach();
    await released;
    yield [...rest];
  }
  return { batches: batches(), reached, release };
}

/** Every row of a scan, and the size of each batch it came in. */
export async function readScan(scan: AsyncIterable<DataRow[]>): Promise<{ rows: DataRow[]; sizes: number[] }> {
  const rows: DataRow[] = [];
  const sizes: number[] = [];
  for await (const batch of scan) {
    rows.push(...batch);
    sizes.push(batch.length);
  }
  return { rows, sizes };
}

/** Awaits the first batch of a scan: how a consumer sees the scan's validation errors. */
export async function firstBatch(scan: AsyncIterable<DataRow[]>): Promise<DataRow[] | undefined> {
  for await (const batch of scan) return batch;
  return undefined;
}

/**
 * Column names and values a store must keep exactly: operator- and path-looking names, characters BSON or
 * FerretDB refuse in field names, escapes, the empty name, prototype names, and values of every scalar kind.
 */
export function oddRow(): DataRow {
  return Object.fromEntries<DataRow[string]>([
    ["count(*)", 3],
    ["a.b", "dotted"],
    ["$x", "dollar"],
    ["$where", "1 == 1"],
    ["x$", true],
    ["", "empty name"],
    ["_id", "not the id"],
    ["_l", "not the load"],
    ["c", "the prefix"],
    ["%2E", "looks escaped"],
    ["%", "percent"],
    ['a"b', "quote"],
    ["a\\b", "backslash"],
    ["line\nbreak", "newline"],
    ["tab\there", "tab"],
    ["nul\u0000byte", "nul"],
    ["__proto__", "not a prototype"],
    ["constructor", "plain"],
    ["ünï😀", "unicode"],
    ["null", null],
    ["false", false],
    ["zero", 0],
    ["negative", -12.5],
    ["big", 2 ** 53],
    ["tiny", 1e-300],
    ["quote value", '"$ne": null \\ \u0000 😀'],
  ]);
}
