import { readFileSync } from "node:fs";
import type { Labels, Matrix } from "../matrix.js";
import type { Table } from "../preprocessing.js";
import { Rng } from "../rng.js";

/** A small numeric dataset: features, class ids and the class names. */
export interface Dataset {
  X: Matrix;
  y: Labels;
  classes: string[];
}

/**
 * Fisher's Iris (150 rows, 4 features, 3 species; UCI, CC BY 4.0), as exported from scikit-learn.
 * Returned as a table (species as strings) to exercise the preprocessing path.
 */
export function loadIrisTable(): Table {
  const lines = readFileSync(new URL("./iris.csv", import.meta.url), "utf8")
    .trim()
    .split("\n");
  const header = lines[0]!.split(",");
  const columns: Record<string, (string | number)[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines.slice(1)) {
    line.split(",").forEach((v, j) => columns[header[j]!]!.push(j < 4 ? Number(v) : v));
  }
  return columns;
}

/** Iris as a matrix with class ids 0..2 (setosa, versicolor, virginica). */
export function loadIris(): Dataset {
  const t = loadIrisTable();
  const names = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
  const n = t.species!.length;
  const data = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) for (let j = 0; j < 4; j++) data[i * 4 + j] = t[names[j]!]![i] as number;
  const classes = ["setosa", "versicolor", "virginica"];
  return {
    X: { rows: n, cols: 4, data },
    y: Int32Array.from(t.species!, (s) => classes.indexOf(s as string)),
    classes,
  };
}

/**
 * scikit-learn's digits (1,797 8×8 images, values 0..16, classes 0..9; UCI optdigits test set, CC BY 4.0).
 * Stored one image per line: 64 base-17 characters then the digit.
 */
export function loadDigits(): Dataset {
  const lines = readFileSync(new URL("./digits.txt", import.meta.url), "utf8")
    .trim()
    .split("\n");
  const n = lines.length;
  const data = new Float64Array(n * 64);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    for (let j = 0; j < 64; j++) data[i * 64 + j] = parseInt(line[j]!, 17);
    y[i] = Number(line[64]);
  }
  return { X: { rows: n, cols: 64, data }, y, classes: Array.from({ length: 10 }, (_, c) => String(c)) };
}

/**
 * Seeded Gaussian blobs: `classes` clusters in `features` dimensions with centres `separation` apart on
 * random axes and unit noise; deterministic for a seed.
 */
export function makeBlobs(options: {
  rows: number;
  features: number;
  classes: number;
  separation?: number;
  seed?: number;
}): Dataset {
  const { rows, features, classes } = options;
  const rng = new Rng(options.seed ?? 0);
  const sep = options.separation ?? 3;
  const centres = new Float64Array(classes * features);
  for (let i = 0; i < centres.length; i++) centres[i] = (rng.next() * 2 - 1) * sep;
  const data = new Float64Array(rows * features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % classes;
    y[i] = c;
    for (let j = 0; j < features; j++) data[i * features + j] = centres[c * features + j]! + rng.normal();
  }
  return { X: { rows, cols: features, data }, y, classes: Array.from({ length: classes }, (_, c) => `c${c}`) };
}
