// Log-loss gradients, shared by the fitting thread and its helper (each takes a range of rows).

import type { WasmHistKernels } from "./hist-kernel-wasm.js";
import { softmaxGradientsJs } from "./softmax-gradients.js";

/**
 * The buffers of a gradient pass: raw scores (row-major, `width` per row; one column for binary), class-major
 * gradients and hessians (g[k * n + i], n = y.length), and with `pending` (the last trees' output per row,
 * class-major like g) the buffer the updated scores go to.
 */
export interface GradientRows {
  current: Float64Array;
  pending: { out: Float64Array; next: Float64Array } | null;
  y: Int32Array;
  width: number;
  g: Float32Array;
  h: Float32Array;
}

/**
 * Log-loss gradients and hessians of rows [i0, i1). With `pending`, the scores are first updated from `current` +
 * `pending.out` into `pending.next` and taken from there; `current` is left alone, so a range can be computed
 * again. Each row's values depend on that row only, so any split into ranges gives the same arrays. Multi-class
 * rows run in the WebAssembly kernel when `wasm` is given (every array then lives in its memory), with the same
 * results as without.
 */
export function logLossGradients(
  rows: GradientRows,
  i0: number,
  i1: number,
  wasm: { kernels: WasmHistKernels; scratch: Float64Array } | null = null,
): void {
  const { current, pending, y, width, g, h } = rows;
  if (width === 1) {
    for (let i = i0; i < i1; i++) {
      let r = current[i]!;
      if (pending) {
        // Here rather than right after each tree: this pass reads the row's score anyway, on both threads.
        r = r + pending.out[i]!;
        pending.next[i] = r;
      }
      const p = 1 / (1 + Math.exp(-r));
      g[i] = p - y[i]!;
      h[i] = p * (1 - p);
    }
    return;
  }
  if (wasm && i1 - i0 >= 2) {
    const pairsEnd = i1 - ((i1 - i0) & 1);
    wasm.kernels.softmaxGradients(rows, i0, pairsEnd, wasm.scratch);
    // The odd row: the same arithmetic in JavaScript.
    if (pairsEnd < i1) softmaxGradientsJs(rows, pairsEnd, i1);
    return;
  }
  softmaxGradientsJs(rows, i0, i1);
}
