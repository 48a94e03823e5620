import type { Matrix } from "../matrix.js";
import { Rng } from "../rng.js";
import { binInWasm, sortColumnsInWasm } from "./binning-wasm.js";
import { radixSortFloat64 } from "./radix-sort.js";

/**
 * Per-feature bin edges. A value x falls in bin b = (number of edges < x), so `x <= edges[b]` ⇔ `bin(x) <= b`:
 * a split learned on bins is applied to raw values with the edge as threshold.
 */
export interface BinMapper {
  readonly edges: readonly Float64Array[];
  /** Bins used by each feature: edges.length + 1. */
  readonly nBins: Int32Array;
}

/** Binned features, column-major: bin of (row i, feature f) is `bins[f * rows + i]`. */
export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly bins: Uint8Array;
}

// Quantiles from at most this many rows, as in scikit-learn: edges barely move, fitting gets much cheaper.
const QUANTILE_SAMPLE = 200_000;

/** Quantile edges, at most `maxBins` bins (≤ 255) per feature; a feature with few distinct values gets one bin each. */
export function fitBinMapper(X: Matrix, maxBins: number, seed: number): BinMapper {
  const n = X.rows;
  const d = X.cols;
  let sample: Int32Array | null = null;
  if (n > QUANTILE_SAMPLE) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    new Rng(seed).shuffle(all);
    sample = all.subarray(0, QUANTILE_SAMPLE).sort();
  }
  const m = sample ? sample.length : n;
  const edges: Float64Array[] = [];
  const nBins = new Int32Array(d);
  const inWasm = sortColumnsInWasm(X.data, n, d, sample, (f, sorted) => {
    const e = edgesOf(sorted, maxBins);
    edges[f] = e;
    nBins[f] = e.length + 1;
  });
  if (inWasm) return { edges, nBins };
  const column = new Float64Array(m);
  const scratch = new Float64Array(m);
  for (let f = 0; f < d; f++) {
    for (let r = 0; r < m; r++) column[r] = X.data[(sample ? sample[r]! : r) * d + f]!;
    radixSortFloat64(column, scratch);
    const e = edgesOf(column, maxBins);
    edges.push(e);
    nBins[f] = e.length + 1;
  }
  return { edges, nBins };
}

function edgesOf(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
    if (distinct.length > maxBins) break;
  }
  if (distinct.length <= maxBins) {
    const out = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < out.length; i++) out[i] = (distinct[i]! + distinct[i + 1]!) / 2;
    return out;
  }
  // Many distinct values: maxBins-1 interior percentiles, each the midpoint of its two order statistics.
  const out: number[] = [];
  const last = sorted.length - 1;
  for (let q = 1; q < maxBins; q++) {
    const pos = (q / maxBins) * last;
    const v = (sorted[Math.floor(pos)]! + sorted[Math.ceil(pos)]!) / 2;
    if (out.length === 0 || v > out[out.length - 1]!) out.push(v);
  }
  return Float64Array.from(out);
}

/** Bins every value of `X`. */
export function binMatrix(mapper: BinMapper, X: Matrix): BinnedMatrix {
  const n = X.rows;
  const d = X.cols;
  const bins = new Uint8Array(n * d);
  const data = X.data;
  if (binInWasm(data, n, d, mapper.edges, bins)) return { rows: n, cols: d, bins };
  for (let f = 0; f < d; f++) {
    const e = mapper.edges[f]!;
    const m = e.length;
    const base = f * n;
    for (let i = 0; i < n; i++) {
      const x = data[i * d + f]!;
      // Lower bound: first edge >= x, i.e. the count of edges < x.
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (e[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      bins[base + i] = lo;
    }
  }
  return { rows: n, cols: d, bins };
}

/** The binned rows at `index` (column-major like the source). */
export function takeBinnedRows(B: BinnedMatrix, index: ArrayLike<number>): BinnedMatrix {
  const m = index.length;
  const out = new Uint8Array(m * B.cols);
  for (let f = 0; f < B.cols; f++) {
    const src = f * B.rows;
    const dst = f * m;
    for (let r = 0; r < m; r++) out[dst + r] = B.bins[src + index[r]!]!;
  }
  return { rows: m, cols: B.cols, bins: out };
}
