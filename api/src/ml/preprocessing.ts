import { MlInputError } from "./errors.js";
import type { Matrix } from "./matrix.js";

/** One value of a table cell; null, undefined, NaN and "" are missing. */
export type Cell = number | string | boolean | null | undefined;

/** A table by column name; every column has one cell per row. */
export type Table = Readonly<Record<string, ReadonlyArray<Cell>>>;

/** What to learn from which columns. */
export interface PreprocessSpec {
  target: string;
  /** Feature columns; all columns but the target when omitted. */
  features?: readonly string[];
  /** Columns to one-hot even when their values look numeric. String-valued columns are categorical anyway. */
  categorical?: readonly string[];
  /** Standardise numeric columns (mean 0, variance 1). */
  scale?: boolean;
  /**
   * Every class label of the whole data set, when fitting on a part of it (a training split): class ids then
   * cover labels this part lacks. Labels of the table must be among them.
   */
  classes?: readonly (string | number)[];
}

type ColumnPlan =
  | { name: string; kind: "numeric"; fill: number; mean: number; std: number }
  | { name: string; kind: "categorical"; fill: string; categories: string[] };

interface PreprocessorState {
  classes: (string | number)[];
  columns: ColumnPlan[];
  scale: boolean;
  featureNames: string[];
}

/** Preprocessor as stored in model JSON. */
export interface EncodedPreprocessor {
  readonly format: "millrace.preprocess/1";
  readonly classes: (string | number)[];
  readonly columns: ColumnPlan[];
  readonly scale: boolean;
  readonly featureNames: string[];
}

/**
 * Turns a table into a numeric matrix and the target into class ids, and remembers how:
 * target labels ↔ class ids (sorted labels), mean imputation + optional standard scaling of numeric
 * columns, mode imputation + one-hot of categorical ones (a category unseen in training encodes as all zeros).
 */
export class Preprocessor {
  private constructor(private readonly s: PreprocessorState) {}

  /** Learns the encoding from a training table; throws MlInputError for a missing or single-class target, empty columns, etc. */
  static fit(table: Table, spec: PreprocessSpec): { pre: Preprocessor; X: Matrix; y: Int32Array } {
    const target = table[spec.target];
    if (!target) throw new MlInputError("target", `column "${spec.target}" not found`);
    const n = target.length;
    if (n === 0) throw new MlInputError("target", "the table has no rows");
    const labels: (string | number)[] = [];
    for (let i = 0; i < n; i++) {
      const v = target[i];
      if (isMissing(v)) throw new MlInputError("target", `row ${i} has no value in "${spec.target}"`);
      labels.push(typeof v === "number" ? v : String(v));
    }
    const classes = [...new Set(spec.classes ?? labels)].sort(compareLabels);
    if (spec.classes) {
      const known = new Set(classes);
      const unknown = labels.find((l) => !known.has(l));
      if (unknown !== undefined)
        throw new MlInputError("target", `label ${JSON.stringify(unknown)} is not a known class`);
    }
    if (classes.length < 2)
      throw new MlInputError("target", `"${spec.target}" has a single class; at least two are needed`);
    const classId = new Map(classes.map((c, i) => [c, i]));
    const y = Int32Array.from(labels, (l) => classId.get(l)!);

    const names = spec.features ?? Object.keys(table).filter((c) => c !== spec.target);
    if (names.length === 0) throw new MlInputError("features", "no feature columns");
    const forced = new Set(spec.categorical ?? []);
    for (const c of forced)
      if (!names.includes(c)) throw new MlInputError("categorical", `"${c}" is not a feature column`);
    const columns: ColumnPlan[] = names.map((name) => {
      if (name === spec.target) throw new MlInputError("features", `"${name}" is the target`);
      const cells = table[name];
      if (!cells) throw new MlInputError("features", `column "${name}" not found`);
      if (cells.length !== n) throw new MlInputError(name, `has ${cells.length} rows, the target has ${n}`);
      return forced.has(name) || !looksNumeric(cells)
        ? planCategorical(name, cells)
        : planNumeric(name, cells, spec.scale ?? false);
    });
    const featureNames = columns.flatMap((c) =>
      c.kind === "numeric" ? [c.name] : c.categories.map((v) => `${c.name}=${v}`),
    );
    const pre = new Preprocessor({ classes, columns, scale: spec.scale ?? false, featureNames });
    return { pre, X: pre.transform(table), y };
  }

  /** Class labels in class-id order. */
  get classes(): readonly (string | number)[] {
    return this.s.classes;
  }

  /** Names of the matrix columns (one-hot columns are "column=value"). */
  get featureNames(): readonly string[] {
    return this.s.featureNames;
  }

  /** Encodes a table with the learned plan; a value that is not finite after imputation throws, naming column and row. */
  transform(table: Table): Matrix {
    const cols = this.s.columns;
    const first = table[cols[0]!.name];
    if (!first) throw new MlInputError(cols[0]!.name, "column not found");
    const n = first.length;
    const d = this.s.featureNames.length;
    const data = new Float64Array(n * d);
    let offset = 0;
    for (const plan of cols) {
      const cells = table[plan.name];
      if (!cells) throw new MlInputError(plan.name, "column not found");
      if (cells.length !== n) throw new MlInputError(plan.name, `has ${cells.length} rows, expected ${n}`);
      if (plan.kind === "numeric") {
        for (let i = 0; i < n; i++) {
          const v = cells[i];
          const x = isMissing(v) ? plan.fill : toNumber(v);
          if (!Number.isFinite(x))
            throw new MlInputError(plan.name, `row ${i} is ${String(v)}; features must be finite numbers`);
          data[i * d + offset] = (x - plan.mean) / plan.std;
        }
        offset++;
      } else {
        const at = new Map(plan.categories.map((c, k) => [c, k]));
        for (let i = 0; i < n; i++) {
          const v = cells[i];
          const k = at.get(isMissing(v) ? plan.fill : String(v));
          if (k !== undefined) data[i * d + offset + k] = 1;
        }
        offset += plan.categories.length;
      }
    }
    return { rows: n, cols: d, data };
  }

  /** Class labels for class ids. */
  decode(ids: Int32Array): (string | number)[] {
    return Array.from(ids, (i) => this.s.classes[i]!);
  }

  toJSON(): EncodedPreprocessor {
    return {
      format: "millrace.preprocess/1",
      classes: this.s.classes,
      columns: this.s.columns,
      scale: this.s.scale,
      featureNames: this.s.featureNames,
    };
  }

  static fromJSON(json: EncodedPreprocessor): Preprocessor {
    if (json?.format !== "millrace.preprocess/1") throw new MlInputError("model", "not a serialized preprocessor");
    return new Preprocessor({
      classes: json.classes,
      columns: json.columns,
      scale: json.scale,
      featureNames: json.featureNames,
    });
  }
}

function isMissing(v: Cell): v is null | undefined {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

function toNumber(v: Cell): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return Number(v);
}

function looksNumeric(cells: ReadonlyArray<Cell>): boolean {
  for (const v of cells) {
    if (isMissing(v) || typeof v === "number" || typeof v === "boolean") continue;
    if (Number.isNaN(Number(v.trim()))) return false;
  }
  return true;
}

function planNumeric(name: string, cells: ReadonlyArray<Cell>, scale: boolean): ColumnPlan {
  let sum = 0;
  let count = 0;
  for (const v of cells) {
    if (isMissing(v)) continue;
    sum += toNumber(v);
    count++;
  }
  if (count === 0) throw new MlInputError(name, "has no values to learn from");
  const fill = sum / count;
  if (!Number.isFinite(fill)) throw new MlInputError(name, "contains non-finite values (Infinity)");
  let mean = 0;
  let std = 1;
  if (scale) {
    mean = fill;
    let v2 = 0;
    for (const v of cells) {
      const x = isMissing(v) ? fill : toNumber(v);
      v2 += (x - mean) ** 2;
    }
    const s = Math.sqrt(v2 / cells.length);
    std = s > 0 ? s : 1;
  }
  return { name, kind: "numeric", fill, mean, std };
}

function planCategorical(name: string, cells: ReadonlyArray<Cell>): ColumnPlan {
  const counts = new Map<string, number>();
  for (const v of cells) {
    if (isMissing(v)) continue;
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) throw new MlInputError(name, "has no values to learn from");
  const categories = [...counts.keys()].sort();
  // Mode; ties go to the first category in sorted order so the result does not depend on row order.
  let fill = categories[0]!;
  for (const c of categories) if (counts.get(c)! > counts.get(fill)!) fill = c;
  return { name, kind: "categorical", fill, categories };
}

function compareLabels(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
