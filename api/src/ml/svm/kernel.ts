import { expNonPositive } from "../wasm/exp.js";

/** Kernel function settings: K(a, b) = a·b (linear) or exp(-gamma‖a - b‖²) (rbf). */
export interface KernelSpec {
  kind: "linear" | "rbf";
  gamma: number;
}

/** Squared norms of the rows of a row-major l × d array (the rbf kernel reuses them for every pair). */
export function rowNorms(data: Float64Array, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j]!;
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

/**
 * K(row a of A, row b of B) for every b in [0, bRows): out[b]. Rows are row-major with d columns;
 * norms are the rows' squared norms (ignored for the linear kernel).
 */
export function kernelRow(
  spec: KernelSpec,
  A: Float64Array,
  a: number,
  normA: number,
  B: Float64Array,
  normsB: Float64Array,
  bRows: number,
  d: number,
  out: Float64Array,
): void {
  kernelRowAt(spec, A, a, normA, B, normsB, null, bRows, d, out);
}

/**
 * K(row a of A, row idx[t] of B) for t in [0, count): out[t]; row t of B when idx is null. kernelRow and this
 * compute a given value with the same sums in the same order, so it is bit-identical whichever computed it.
 */
export function kernelRowAt(
  spec: KernelSpec,
  A: Float64Array,
  a: number,
  normA: number,
  B: Float64Array,
  normsB: Float64Array,
  idx: Int32Array | null,
  count: number,
  d: number,
  out: Float64Array,
): void {
  // Features where row a is zero add exactly nothing to a dot product (x·0 = 0, s + 0 = s), so they are skipped:
  // on digits half of the pixels are blank. The remaining terms are summed in the same order as a dense loop.
  const nz = new Int32Array(d);
  let m = 0;
  const ao = a * d;
  for (let j = 0; j < d; j++) if (A[ao + j] !== 0) nz[m++] = j;
  if (m * 4 < d * 3) sparseDots(A, ao, B, idx, count, d, nz, m, out);
  else denseDots(A, ao, B, idx, count, d, out);
  if (spec.kind === "rbf") {
    const gamma = spec.gamma;
    // The rbf transform in its own loop: a per-value closure was not inlined by V8 and cost a third of the time.
    for (let t = 0; t < count; t++) {
      const b = idx ? idx[t]! : t;
      out[t] = expNonPositive(-gamma * Math.max(0, normA + normsB[b]! - 2 * out[t]!));
    }
  }
}

// Four rows of B per pass over A's row: each value of A loaded feeds four multiply-adds (the loads, not the
// arithmetic, bound this loop in V8).
function denseDots(
  A: Float64Array,
  ao: number,
  B: Float64Array,
  idx: Int32Array | null,
  count: number,
  d: number,
  out: Float64Array,
): void {
  let t = 0;
  for (; t + 3 < count; t += 4) {
    const o0 = (idx ? idx[t]! : t) * d;
    const o1 = (idx ? idx[t + 1]! : t + 1) * d;
    const o2 = (idx ? idx[t + 2]! : t + 2) * d;
    const o3 = (idx ? idx[t + 3]! : t + 3) * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < d; j++) {
      const x = A[ao + j]!;
      s0 += x * B[o0 + j]!;
      s1 += x * B[o1 + j]!;
      s2 += x * B[o2 + j]!;
      s3 += x * B[o3 + j]!;
    }
    out[t] = s0;
    out[t + 1] = s1;
    out[t + 2] = s2;
    out[t + 3] = s3;
  }
  for (; t < count; t++) {
    const bo = (idx ? idx[t]! : t) * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += A[ao + j]! * B[bo + j]!;
    out[t] = s;
  }
}

/** denseDots over the m features nz of A's row (the others are zero there). */
function sparseDots(
  A: Float64Array,
  ao: number,
  B: Float64Array,
  idx: Int32Array | null,
  count: number,
  d: number,
  nz: Int32Array,
  m: number,
  out: Float64Array,
): void {
  let t = 0;
  for (; t + 3 < count; t += 4) {
    const o0 = (idx ? idx[t]! : t) * d;
    const o1 = (idx ? idx[t + 1]! : t + 1) * d;
    const o2 = (idx ? idx[t + 2]! : t + 2) * d;
    const o3 = (idx ? idx[t + 3]! : t + 3) * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let q = 0; q < m; q++) {
      const j = nz[q]!;
      const x = A[ao + j]!;
      s0 += x * B[o0 + j]!;
      s1 += x * B[o1 + j]!;
      s2 += x * B[o2 + j]!;
      s3 += x * B[o3 + j]!;
    }
    out[t] = s0;
    out[t + 1] = s1;
    out[t + 2] = s2;
    out[t + 3] = s3;
  }
  for (; t < count; t++) {
    const bo = (idx ? idx[t]! : t) * d;
    let s = 0;
    for (let q = 0; q < m; q++) {
      const j = nz[q]!;
      s += A[ao + j]! * B[bo + j]!;
    }
    out[t] = s;
  }
}
