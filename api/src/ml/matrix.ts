import { MlInputError } from "./errors.js";

/** Dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Class ids 0..k-1, one per row. */
export type Labels = Int32Array;

/** A matrix over `data` (zero-filled when omitted); throws when the sizes disagree. */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new MlInputError("X", `invalid shape ${rows} x ${cols}`);
  }
  const values = data ?? new Float64Array(rows * cols);
  if (values.length !== rows * cols) {
    throw new MlInputError("X", `expected ${rows * cols} values for ${rows} x ${cols}, got ${values.length}`);
  }
  return { rows, cols, data: values };
}

/** Builds a matrix from rows of numbers (convenience for tests and small inputs; not for hot paths). */
export function fromRows(rows: ReadonlyArray<ArrayLike<number>>): Matrix {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== d) throw new MlInputError("X", `row ${i} has ${row.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) data[i * d + j] = row[j]!;
  }
  return { rows: n, cols: d, data };
}

/** The rows of `X` at `index`, copied into a new matrix. */
export function takeRows(X: Matrix, index: ArrayLike<number>): Matrix {
  const d = X.cols;
  const out = new Float64Array(index.length * d);
  for (let r = 0; r < index.length; r++) {
    const src = index[r]! * d;
    out.set(X.data.subarray(src, src + d), r * d);
  }
  return { rows: index.length, cols: d, data: out };
}

/** The labels at `index`, copied. */
export function takeLabels(y: Labels, index: ArrayLike<number>): Labels {
  const out = new Int32Array(index.length);
  for (let r = 0; r < index.length; r++) out[r] = y[index[r]!]!;
  return out;
}

/** Number of classes implied by class ids (max id + 1). */
export function countClasses(y: Labels): number {
  let max = -1;
  for (let i = 0; i < y.length; i++) if (y[i]! > max) max = y[i]!;
  return max + 1;
}

/** Index of the largest value in each row (first one on ties), e.g. class ids from probabilities. */
export function argmaxRows(P: Matrix): Int32Array {
  const out = new Int32Array(P.rows);
  const k = P.cols;
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    let bestValue = P.data[i * k]!;
    for (let c = 1; c < k; c++) {
      const v = P.data[i * k + c]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
