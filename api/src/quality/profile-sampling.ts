/**
 * Approximate profiles of large tables: which rows and values are sampled, and how far the estimates can be from
 * the exact figures. Both samples are deterministic (a hash decides, not a random generator), so profiling the
 * same table twice gives the same figures.
 *
 * - Distinct counts sample the value space: a value is in the sample when hash(value) falls in the lowest
 *   fraction p of the 64-bit hash range, so every row holding it is in too. The sampled distinct count D is
 *   Binomial(d, p) for d distinct values, and D / p estimates d (the scheme of Gibbons' distinct sampling).
 * - Quantiles are those of a row sample: rows whose hash(row number) falls in the lowest fraction p. By the
 *   Dvoretzky–Kiefer–Wolfowitz inequality, a sample of s values puts every sample quantile within a rank
 *   distance of sqrt(ln(2 / alpha) / (2 s)) of the exact quantile, with probability 1 - alpha (one more 1 / s
 *   covers the interpolation between two sampled values).
 */

/** Confidence of the stated error bounds. */
export const ESTIMATE_CONFIDENCE = 0.999;
/** About this many rows (or distinct values) are sampled per column, whatever the table's size. */
export const SAMPLE_TARGET = 65_536;

const ALPHA = 1 - ESTIMATE_CONFIDENCE;

/** A sampling rate of 2^-shift: the share of the hash range (and so of rows or values) sampled. */
export interface SampleRate {
  shift: number;
  rate: number;
  /** SQL condition on a UBIGINT hash: TRUE for the sampled share. */
  test(hashSql: string): string;
}

/** The power-of-two rate that samples about SAMPLE_TARGET of `count` items (1 when there are few). */
export function sampleRate(count: number): SampleRate {
  const shift = count > SAMPLE_TARGET ? Math.min(48, Math.ceil(Math.log2(count / SAMPLE_TARGET))) : 0;
  const bound = (1n << BigInt(64 - shift)).toString();
  return {
    shift,
    rate: 2 ** -shift,
    test: (hashSql) => (shift === 0 ? "true" : `${hashSql} < CAST(${bound} AS UBIGINT)`),
  };
}

/** The distinct-count estimate from `sampled` distinct values at `rate`, and its relative error bound. */
export function distinctEstimate(sampled: number, rate: number): { estimate: number; relativeError: number } {
  if (rate >= 1) return { estimate: sampled, relativeError: 0 };
  // Chernoff: P(|D - dp| >= delta dp) <= 2 exp(-delta^2 dp / 3); dp taken as the observed D.
  const relativeError = sampled > 0 ? Math.sqrt((3 * Math.log(2 / ALPHA)) / sampled) : 1;
  return { estimate: Math.round(sampled / rate), relativeError: Math.min(1, relativeError) };
}

/** The rank error bound of quantiles interpolated in a sample of `size` values. */
export function quantileRankError(size: number): number {
  if (size <= 0) return 1;
  return Math.min(1, Math.sqrt(Math.log(2 / ALPHA) / (2 * size)) + 1 / size);
}
