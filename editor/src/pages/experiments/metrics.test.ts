import { describe, expect, it } from "vitest";
import { formatMetric, metricEntries, metricLabel, perClassMetrics, shadeConfusion } from "./metrics";

describe("confusion matrix shading", () => {
  it("shades each cell by its share of the true class", () => {
    const [first, second] = shadeConfusion([
      [8, 2, 0],
      [0, 0, 0],
    ]);
    expect(first?.map((c) => c.share)).toEqual([0.8, 0.2, 0]);
    expect(first?.map((c) => c.alpha)).toEqual([0.744, 0.276, 0]);
    expect(first?.map((c) => c.tone)).toEqual(["light", "default", "default"]);
    // An empty row (a class absent from the test set) stays unshaded instead of dividing by zero.
    expect(second?.every((c) => c.alpha === 0 && c.share === 0)).toBe(true);
  });

  it("gives any non-zero cell a visible fill", () => {
    const [row] = shadeConfusion([[1, 999_999]]);
    expect(row?.[0]?.alpha).toBeGreaterThanOrEqual(0.12);
    expect(row?.[1]?.alpha).toBeLessThanOrEqual(0.9);
  });
});

describe("per-class metrics", () => {
  it("computes precision, recall, F1 and support from the matrix", () => {
    const rows = perClassMetrics(
      ["a", "b"],
      [
        [3, 1],
        [2, 4],
      ],
    );
    expect(rows[0]).toEqual({ label: "a", precision: 3 / 5, recall: 3 / 4, f1: (2 * 0.6 * 0.75) / 1.35, support: 4 });
    expect(rows[1]?.support).toBe(6);
  });

  it("leaves precision empty for a class never predicted", () => {
    const rows = perClassMetrics(
      ["a", "b"],
      [
        [2, 0],
        [1, 0],
      ],
    );
    expect(rows[1]).toMatchObject({ precision: null, recall: 0, f1: null });
  });
});

describe("metric display", () => {
  it("orders known metrics first and counts last", () => {
    const names = metricEntries({ test_rows: 10, zeta: 1, log_loss: 0.5, accuracy: 0.9, note: "x" }).map(([n]) => n);
    expect(names).toEqual(["accuracy", "log_loss", "zeta", "test_rows"]);
  });

  it("prints scores with four decimals and counts whole", () => {
    expect(formatMetric("accuracy", 0.423319)).toBe("0.4233");
    expect(formatMetric("train_rows", 313664)).toBe("313,664");
    expect(formatMetric("accuracy", null)).toBe("—");
  });

  it("labels metrics for people", () => {
    expect(metricLabel("f1_macro")).toBe("F1 macro");
    expect(metricLabel("cv_accuracy_mean")).toBe("CV accuracy mean");
    expect(metricLabel("roc_auc")).toBe("ROC AUC");
  });
});
