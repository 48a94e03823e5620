// Log-loss gradients, shared by the fitting thread and its helper (each takes a range of rows).

/**
 * Log-loss gradients and hessians of rows [i0, i1) from raw scores (row-major, `width` per row; one column for
 * binary), class-major: g[k * n + i]. With `pending` (the last trees' output per row, class-major like g), the
 * scores are first updated from `raw` + `pending` into `pending.next` and taken from there; `raw` is left alone,
 * so a range can be computed again. Each row's values depend on that row only, so any split into ranges gives the
 * same arrays.
 */
export function logLossGradients(
  current: Float64Array,
  pending: { out: Float64Array; next: Float64Array } | null,
  y: Int32Array,
  width: number,
  g: Float32Array,
  h: Float32Array,
  i0: number,
  i1: number,
): void {
  const n = y.length;
  let raw = current;
  if (pending) {
    // Here rather than right after each tree: this pass reads the row's scores anyway, and runs on both threads.
    const { out, next } = pending;
    for (let k = 0; k < width; k++) {
      for (let i = i0, at = i0 * width + k, from = k * n + i0; i < i1; i++, at += width, from++) {
        next[at] = current[at]! + out[from]!;
      }
    }
    raw = next;
  }
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
    let top = 0;
    for (let k = 1; k < width; k++) {
      if (raw[o + k]! > max) {
        max = raw[o + k]!;
        top = k;
      }
    }
    let sum = 0;
    for (let k = 0; k < width; k++) {
      // exp(0) is exactly 1: one exp fewer per row.
      const v = k === top ? 1 : Math.exp(raw[o + k]! - max);
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
