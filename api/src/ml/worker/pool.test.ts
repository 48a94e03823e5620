import { afterAll, describe, expect, it } from "vitest";
import { loadDigits, makeBlobs } from "../datasets/index.js";
import { MlInputError } from "../errors.js";
import { RandomForest } from "../estimators/random-forest.js";
import { estimatorFromJSON } from "../registry.js";
import { TrainingPool } from "./pool.js";

const pool = new TrainingPool({ size: 2 });
afterAll(() => pool.close());

const blobs = makeBlobs({ rows: 400, features: 4, classes: 3, seed: 2 });
const test = makeBlobs({ rows: 100, features: 4, classes: 3, seed: 2 });

describe("TrainingPool (tsx worker threads)", () => {
  it("trains off the main thread and returns a model and test metrics", async () => {
    const progress: number[] = [];
    const r = await pool.train(
      {
        algorithm: "gradient_boosting",
        params: { n_estimators: 15 },
        X: blobs.X,
        y: blobs.y,
        seed: 1,
        test: { X: test.X, y: test.y },
      },
      { onProgress: (p) => progress.push(p.iteration) },
    );
    expect(progress.at(-1)).toBe(15);
    expect(r.metrics!.accuracy).toBeGreaterThan(0.8);
    expect(estimatorFromJSON(r.model).predict(test.X)).toHaveLength(100);
  });

  it("splits a random forest across workers into the same forest as a serial fit", async () => {
    const digits = loadDigits();
    const params = { n_estimators: 8, seed: 5 };
    const r = await pool.train({
      algorithm: "random_forest",
      params,
      X: digits.X,
      y: digits.y,
      test: { X: digits.X, y: digits.y },
    });
    const serial = new RandomForest(params).fit(digits.X, digits.y);
    expect(r.model).toEqual(serial.toJSON());
    expect(r.metrics!.accuracy).toBeGreaterThan(0.95);
  });

  it("rejects bad jobs with MlInputError before starting", async () => {
    await expect(pool.train({ algorithm: "svm", params: { C: 0 }, X: blobs.X, y: blobs.y })).rejects.toThrow(
      MlInputError,
    );
    await expect(pool.train({ algorithm: "nope", X: blobs.X, y: blobs.y })).rejects.toThrow(/^algorithm:/);
  });

  it("aborting terminates the running job and the pool keeps working", async () => {
    const controller = new AbortController();
    const big = makeBlobs({ rows: 5000, features: 10, classes: 5, seed: 3 });
    const running = pool.train(
      { algorithm: "gradient_boosting", params: { n_estimators: 5000, early_stopping: false }, X: big.X, y: big.y },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(running).rejects.toThrow(/abort/i);
    const after = await pool.train({ algorithm: "naive_bayes", X: blobs.X, y: blobs.y });
    expect(after.model.algorithm).toBe("naive_bayes");
  });

  it("start() spawns warmed-up workers ahead of the first job, and a job need not wait for the warm-up", async () => {
    const warm = new TrainingPool({ size: 2, warmUp: true });
    try {
      const order: string[] = [];
      const started = warm.start().then((reports) => {
        order.push("warmed");
        return reports;
      });
      const job = await warm.train({ algorithm: "naive_bayes", X: blobs.X, y: blobs.y });
      order.push("job");
      expect(job.model.algorithm).toBe("naive_bayes");
      const reports = await started;
      expect(order).toEqual(["job", "warmed"]);
      expect(reports).toHaveLength(2);
      for (const report of reports) {
        expect(report?.error).toBeUndefined();
        expect(report?.fits).toBe(18);
        expect(report?.ms).toBeGreaterThan(0);
      }
    } finally {
      await warm.close();
    }
  });

  it("start() without warm-up just spawns the workers", async () => {
    const cold = new TrainingPool({ size: 1 });
    try {
      expect(await cold.start()).toEqual([null]);
      const r = await cold.train({ algorithm: "naive_bayes", X: blobs.X, y: blobs.y });
      expect(r.model.algorithm).toBe("naive_bayes");
    } finally {
      await cold.close();
    }
  });
});
