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
  const ao = a * d;
  // Four rows of B per pass over A's row: each value of A loaded feeds four multiply-adds (the loads, not the
  // arithmetic, bound this loop in V8).
  let b = 0;
  for (; b + 3 < bRows; b += 4) {
    const o0 = b * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
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
    out[b] = s0;
    out[b + 1] = s1;
    out[b + 2] = s2;
    out[b + 3] = s3;
  }
  for (; b < bRows; b++) {
    const bo = b * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += A[ao + j]! * B[bo + j]!;
    out[b] = s;
  }
  // Dot products first, then the rbf transform in its own loop: a per-value closure was not inlined by V8 and
  // cost a third of this function's time.
  if (spec.kind === "rbf") {
    const gamma = spec.gamma;
    for (let t = 0; t < bRows; t++) out[t] = Math.exp(-gamma * Math.max(0, normA + normsB[t]! - 2 * out[t]!));
  }
}

/**
 * K(row a of A, row idx[t] of B) for t in [0, count): out[t]. The same sums in the same order as kernelRow, so a
 * value is bit-identical whichever of the two computed it.
 */
export function kernelRowAt(
  spec: KernelSpec,
  A: Float64Array,
  a: number,
  normA: number,
  B: Float64Array,
  normsB: Float64Array,
  idx: Int32Array,
  count: number,
  d: number,
  out: Float64Array,
): void {
  const ao = a * d;
  let t = 0;
  for (; t + 3 < count; t += 4) {
    const o0 = idx[t]! * d;
    const o1 = idx[t + 1]! * d;
    const o2 = idx[t + 2]! * d;
    const o3 = idx[t + 3]! * d;
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
    const bo = idx[t]! * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += A[ao + j]! * B[bo + j]!;
    out[t] = s;
  }
  if (spec.kind === "rbf") {
    const gamma = spec.gamma;
    for (let u = 0; u < count; u++) {
      out[u] = Math.exp(-gamma * Math.max(0, normA + normsB[idx[u]!]! - 2 * out[u]!));
    }
  }
}
