/** MLflow's search filter and order_by strings: the subset the client and UI send. */
import { describe, expect, it } from "vitest";
import { MlflowError } from "../../api/src/mlflow/mlflow-errors.js";
import { compare, parseFilter, parseOrderBy } from "../../api/src/mlflow/mlflow-search.js";

describe("MLflow search filters", () => {
  it("parses entities, quoted keys, comparators, lists and AND", () => {
    expect(
      parseFilter(
        "attributes.status = 'FINISHED' and params.`my key` != \"a b\" AND metrics.acc >= 0.5 " +
          "and tags.\"mlflow.user\" LIKE 'ann%' and run_name IN ('a', 'b') and tags.t NOT IN ('x') and params.p ILIKE '%Q%'",
      ),
    ).toStrictEqual([
      { entity: "attribute", key: "status", op: "=", value: "FINISHED" },
      { entity: "param", key: "my key", op: "!=", value: "a b" },
      { entity: "metric", key: "acc", op: ">=", value: 0.5 },
      { entity: "tag", key: "mlflow.user", op: "LIKE", value: "ann%" },
      { entity: "attribute", key: "run_name", op: "IN", value: ["a", "b"] },
      { entity: "tag", key: "t", op: "NOT IN", value: ["x"] },
      { entity: "param", key: "p", op: "ILIKE", value: "%Q%" },
    ]);
    expect(parseFilter("metrics.loss < -1e-3")).toStrictEqual([
      { entity: "metric", key: "loss", op: "<", value: -0.001 },
    ]);
    expect(parseFilter("tags.mlflow.runName = 'x'")[0]).toMatchObject({ entity: "tag", key: "mlflow.runName" });
    expect(parseFilter("  ")).toStrictEqual([]);
  });

  it("refuses what it does not understand with INVALID_PARAMETER_VALUE", () => {
    for (const bad of [
      "metrics.acc > 'high'",
      "params.x = ",
      "params.x ~ 'a'",
      "params.x = 'a' OR params.y = 'b'",
      "params.x IN 'a'",
      "= 'a'",
    ]) {
      expect(() => parseFilter(bad), bad).toThrow(MlflowError);
      try {
        parseFilter(bad);
      } catch (error) {
        expect((error as MlflowError).code).toBe("INVALID_PARAMETER_VALUE");
      }
    }
  });

  it("compares strings, numbers, LIKE patterns and lists; absent values match nothing", () => {
    const [eq] = parseFilter("params.a = '1'");
    expect(compare(eq!, "1")).toBe(true);
    expect(compare(eq!, undefined)).toBe(false);
    const [gt] = parseFilter("metrics.m > 0.5");
    expect([compare(gt!, 0.6), compare(gt!, 0.5), compare(gt!, Number.NaN)]).toStrictEqual([true, false, false]);
    const [like] = parseFilter("tags.t LIKE 'a_c%'");
    expect([compare(like!, "abcdef"), compare(like!, "ABCdef"), compare(like!, "ac")]).toStrictEqual([
      true,
      false,
      false,
    ]);
    const [ilike] = parseFilter("tags.t ILIKE 'a_c%'");
    expect(compare(ilike!, "ABCdef")).toBe(true);
    const [notIn] = parseFilter("params.k NOT IN ('x', 'y')");
    expect([compare(notIn!, "z"), compare(notIn!, "x")]).toStrictEqual([true, false]);
  });

  it("parses order_by with directions", () => {
    expect(parseOrderBy(["metrics.acc DESC", "params.`a b`", "start_time asc"])).toStrictEqual([
      { entity: "metric", key: "acc", ascending: false },
      { entity: "param", key: "a b", ascending: true },
      { entity: "attribute", key: "start_time", ascending: true },
    ]);
    expect(() => parseOrderBy(["metrics.acc DESC extra"])).toThrow(MlflowError);
  });
});
