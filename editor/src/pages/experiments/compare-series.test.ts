import { describe, expect, it } from "vitest";
import { compareSeries } from "./compare-series";

describe("comparison chart series", () => {
  it("keeps score metrics, keyed by experiment position, and drops counts, losses and empty metrics", () => {
    expect(
      compareSeries([
        { name: "accuracy", values: [0.91234, 0.8] },
        { name: "log_loss", values: [0.3, 0.4] },
        { name: "train_rows", values: [100, 100] },
        { name: "roc_auc", values: [null, null] },
        { name: "f1_macro", values: [0.5, null] },
      ]),
    ).toEqual([
      { metric: "accuracy", e0: 0.9123, e1: 0.8 },
      { metric: "f1_macro", e0: 0.5, e1: null },
    ]);
  });
});
