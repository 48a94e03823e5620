/** Experiment metrics: which to show first, how to print them, and per-class figures from a confusion matrix. Pure. */

/** The metrics lists and headers show, in this order, when an experiment has them. */
export const KEY_METRICS = ["accuracy", "f1_macro", "roc_auc"] as const;

/** Metric order on detail pages; anything else follows alphabetically. */
const METRIC_ORDER = [
  "accuracy",
  "f1_weighted",
  "f1_macro",
  "precision_weighted",
  "recall_weighted",
  "precision_macro",
  "recall_macro",
  "roc_auc",
  "log_loss",
];

/** Figures that are counts, not scores. */
const COUNT_METRICS = new Set(["train_rows", "test_rows", "cv_folds", "rows"]);

const whole = new Intl.NumberFormat("en");

/** The numeric entries of a `metrics` JSON object, in display order. */
export function metricEntries(metrics: Readonly<Record<string, unknown>>): Array<[string, number]> {
  const entries = Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === "number");
  const rank = (name: string): number => {
    const i = METRIC_ORDER.indexOf(name);
    return i === -1 ? METRIC_ORDER.length + (COUNT_METRICS.has(name) ? 1 : 0) : i;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** One metric's value, or null when the experiment has none (or it is not a number). */
export function metricValue(metrics: Readonly<Record<string, unknown>>, name: string): number | null {
  const value = metrics[name];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** 0.42332 → "0.4233"; row counts as whole numbers; "—" for none. */
export function formatMetric(name: string, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "—";
  if (COUNT_METRICS.has(name) || name.endsWith("_rows")) return whole.format(Math.round(value));
  return value.toFixed(4);
}

/** "f1_macro" → "F1 macro", "cv_accuracy_mean" → "CV accuracy mean". */
export function metricLabel(name: string): string {
  const words = name.split("_").map((w) => (w === "cv" || w === "auc" || w === "roc" ? w.toUpperCase() : w));
  const [first = "", ...rest] = words;
  const head = first === first.toUpperCase() ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return [head, ...rest].join(" ");
}

/** Whether a bigger value is better (losses and times are not). */
export function higherIsBetter(name: string): boolean {
  return !/loss|error|seconds|_ms$/.test(name);
}

/** One cell of a confusion matrix as drawn: its share of the true class, the fill opacity and the text tone. */
export interface HeatCell {
  value: number;
  /** value / row total (0 for an empty row). */
  share: number;
  /** Fill opacity, 0 for zero cells, else between 0.12 and 0.9. */
  alpha: number;
  /** "light" text on strong fills (white keeps ≥ 4.5:1 on them), "default" otherwise. */
  tone: "light" | "default";
}

/** Shades a confusion matrix row by row (rows are true classes), so each class reads as its recall pattern. */
export function shadeConfusion(matrix: ReadonlyArray<readonly number[]>): HeatCell[][] {
  return matrix.map((row) => {
    const total = row.reduce((sum, v) => sum + v, 0);
    return row.map((value) => {
      const share = total > 0 ? value / total : 0;
      const alpha = value > 0 ? Math.round((0.12 + 0.78 * share) * 1000) / 1000 : 0;
      return { value, share, alpha, tone: share > 0.5 ? "light" : "default" };
    });
  });
}

/** Precision, recall, F1 and support of one class. */
export interface ClassMetrics {
  label: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
}

/** Per-class metrics from a confusion matrix (rows = true class, columns = predicted, `labels` order). */
export function perClassMetrics(labels: readonly string[], matrix: ReadonlyArray<readonly number[]>): ClassMetrics[] {
  return labels.map((label, c) => {
    const row = matrix[c] ?? [];
    const tp = row[c] ?? 0;
    const support = row.reduce((sum, v) => sum + v, 0);
    const predicted = matrix.reduce((sum, r) => sum + (r[c] ?? 0), 0);
    const precision = predicted > 0 ? tp / predicted : null;
    const recall = support > 0 ? tp / support : null;
    const f1 =
      precision !== null && recall !== null
        ? precision + recall > 0
          ? (2 * precision * recall) / (precision + recall)
          : 0
        : null;
    return { label, precision, recall, f1, support };
  });
}
