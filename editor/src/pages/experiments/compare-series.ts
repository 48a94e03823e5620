/** The comparison chart's data: one group per score metric, one bar per experiment. Pure. */

export interface ComparedMetric {
  name: string;
  values: ReadonlyArray<number | null>;
}

/** Scores drawn on the 0–1 chart (counts, losses and per-fold figures stay in the table). */
const CHARTED = /^(accuracy|f1_(macro|weighted)|precision_(macro|weighted)|recall_(macro|weighted)|roc_auc)$/;

/**
 * Rows for a grouped bar chart: `{ metric, e0, e1, … }` with the experiments' values under stable keys (names may
 * repeat or contain dots, which Recharts reads as paths). Metrics nobody has are left out.
 */
export function compareSeries(metrics: readonly ComparedMetric[]): Array<Record<string, string | number | null>> {
  return metrics
    .filter((m) => CHARTED.test(m.name) && m.values.some((v) => v !== null))
    .map((m) => {
      const row: Record<string, string | number | null> = { metric: m.name };
      m.values.forEach((v, i) => (row[`e${i}`] = v === null ? null : Math.round(v * 10_000) / 10_000));
      return row;
    });
}

/** Bar colours for up to eight experiments (then they repeat), readable on the dark theme. */
export const SERIES_COLORS = ["#58a6ff", "#ff80c8", "#56d364", "#e3b341", "#bc8cff", "#ffa657", "#39c5cf", "#ff7b72"];
