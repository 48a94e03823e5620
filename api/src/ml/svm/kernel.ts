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
  out: Float64Array | Float32Array,
): void {
  const ao = a * d;
  const rbf = spec.kind === "rbf";
  const gamma = spec.gamma;
  for (let b = 0; b < bRows; b++) {
    const bo = b * d;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      s0 += A[ao + j]! * B[bo + j]!;
      s1 += A[ao + j + 1]! * B[bo + j + 1]!;
    }
    if (j < d) s0 += A[ao + j]! * B[bo + j]!;
    const dot = s0 + s1;
    out[b] = rbf ? Math.exp(-gamma * Math.max(0, normA + normsB[b]! - 2 * dot)) : dot;
  }
}
