/** What a profile says about a table and its columns. */
import type { JsonValue } from "../data/data-engine.js";
import type { ColumnKind } from "./column-kinds.js";

/** The quantiles every numeric column gets. */
export const PROFILE_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** p05…p95 of a numeric column. */
export interface Quantiles {
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** One equal-width bin of a numeric histogram. */
export interface HistogramBin {
  /** Lower edge (inclusive). */
  from: number;
  /** Upper edge (exclusive, except for the last bin which holds the maximum). */
  to: number;
  count: number;
}

/** A value and how many rows hold it. */
export interface ValueCount {
  value: JsonValue;
  count: number;
}

/** Numeric columns: equal-width bins; text and booleans: the most frequent values. */
export type Histogram = { kind: "bins"; bins: HistogramBin[] } | { kind: "top"; values: ValueCount[] };

/** Everything profiled about one column. */
export interface ColumnProfile {
  name: string;
  type: string;
  kind: ColumnKind;
  /** Non-null values. */
  count: number;
  nulls: number;
  /** nulls / rows; null for an empty table. */
  nullRatio: number | null;
  /** Distinct non-null values: exact, unless `estimates.distinctRelativeError` says it is an estimate. */
  distinct: number;
  /** Smallest and largest value (numbers, strings, dates, booleans); null for other types or no values. */
  min: JsonValue;
  max: JsonValue;
  /** Numeric columns: mean; boolean columns: share of true. */
  mean: number | null;
  /** Sample standard deviation (n - 1), numeric columns with 2 or more values. */
  std: number | null;
  /**
   * Linear-interpolated quantiles (as pandas' default), numeric columns only: exact, unless
   * `estimates.quantileRankError` says they are a sample's.
   */
  quantiles: Quantiles | null;
  /** Numeric: equal-width bins between min and max over finite values; strings and booleans: the top values. */
  histogram: Histogram | null;
  /**
   * Most frequent non-null values, most frequent first, ties by value; exact counts. Empty when the column has
   * no values, or when an approximate profile estimated its distinct count (too many values to count each).
   */
  topValues: ValueCount[];
  /** null: every figure of the column is exact. Else which figures are estimates, and their error bounds. */
  estimates: ColumnEstimates | null;
}

/**
 * The estimated figures of a column of an approximate profile. Each bound holds with probability
 * ESTIMATE_CONFIDENCE (99.9%); counts, nulls, min, max, mean, std and histograms stay exact.
 */
export interface ColumnEstimates {
  /**
   * `distinct` is estimated from a sample of the values: within this share of the exact count (0.02 = ±2%).
   * The top values (and a text column's histogram) are then not computed. null: `distinct` is exact.
   */
  distinctRelativeError: number | null;
  /**
   * The quantiles are a row sample's: each quantile q is a value whose rank share in the column lies within
   * q ± this bound (e.g. p50 between the exact p49 and p51 for 0.01). null: exact quantiles.
   */
  quantileRankError: number | null;
}

/** A table's profile: its row count and one profile per column, in table order. */
export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
  /** Whether any figure is an estimate (see ProfileOptions.approximate and ColumnProfile.estimates). */
  approximate: boolean;
}

/** Knobs of profileTable. */
export interface ProfileOptions {
  /** Equal-width bins of numeric histograms (default 10, 1 to 100). */
  bins?: number;
  /** Top values kept per column (default 10, 0 to 100). */
  topValues?: number;
  /**
   * false (default): every figure exact. true: on large tables, distinct counts above `exactDistinctLimit` are
   * estimated (and those columns' top values skipped) and quantiles come from a row sample, each with its error
   * bound in `ColumnProfile.estimates`; much cheaper on big tables. "auto": approximate from
   * APPROXIMATE_FROM_ROWS rows on.
   */
  approximate?: boolean | "auto";
  /** Approximate profiles: columns with up to this many distinct values (estimated) are counted exactly. */
  exactDistinctLimit?: number;
  signal?: AbortSignal;
}
