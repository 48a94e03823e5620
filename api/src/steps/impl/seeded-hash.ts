/**
 * A 32-bit integer hash (lowbias32, by Chris Wellons) in JS and as DuckDB SQL, for seeded draws that are the same
 * on every run, thread count and DuckDB version (DuckDB's hash() and random() promise neither).
 */

/** lowbias32 of a 32-bit unsigned integer. */
export function lowbias32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const MOD = "4294967296::UBIGINT";

/**
 * lowbias32 as a SQL expression over a UBIGINT expression below 2^32. Products of two 32-bit values fit in a
 * UBIGINT, so the arithmetic is exact; the input is repeated 8 times, so pass a column, not a big expression.
 */
export function hash32Sql(x: string): string {
  const a = `((xor((${x}), (${x}) >> 16) * 2146121005::UBIGINT) % ${MOD})`;
  const b = `((xor(${a}, ${a} >> 15) * 2221713035::UBIGINT) % ${MOD})`;
  return `xor(${b}, ${b} >> 16)`;
}

/** The per-stream key of a seed: different streams (columns) of one seed draw independently. */
export function streamKey(seed: number, stream: number): number {
  return lowbias32(lowbias32(seed % 4294967296) ^ Math.imul(stream + 1, 0x9e3779b9));
}
