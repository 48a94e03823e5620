// Log-loss gradients, shared by the fitting thread and its helper (each takes a range of rows).

/**
 * Log-loss gradients and hessians of rows [i0, i1) from raw scores (row-major, `width` per row; one column for
 * binary), class-major: g[k * n + i]. Each row's values depend on that row only, so any split into ranges gives
 * the same arrays.
 */
export function logLossGradients(
  raw: Float64Array,
  y: Int32Array,
  width: number,
  g: Float32Array,
  h: Float32Array,
  i0: number,
  i1: number,
): void {
  const n = y.length;
  if (width === 1) {
    for (let i = i0; i < i1; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]!));
      g[i] = p - y[i]!;
      h[i] = p * (1 - p);
    }
    return;
  }
  // One exp per class and row (kept for the second pass), not two: exp dominates this loop.
  const e = new Float64Array(width);
  for (let i = i0; i < i1; i++) {
    const o = i * width;
    let max = raw[o]!;
    for (let k = 1; k < width; k++) if (raw[o + k]! > max) max = raw[o + k]!;
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const v = Math.exp(raw[o + k]! - max);
      e[k] = v;
      sum += v;
    }
    const yi = y[i]!;
    for (let k = 0; k < width; k++) {
      const p = e[k]! / sum;
      g[k * n + i] = k === yi ? p - 1 : p;
      h[k * n + i] = p * (1 - p);
    }
  }
}

