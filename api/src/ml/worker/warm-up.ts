import { makeBlobs, type Dataset } from "../datasets/index.js";
import { createEstimator } from "../registry.js";

/** One warm-up fit: an algorithm with its params on a synthetic data set. */
interface WarmUpFit {
  algorithm: string;
  params: Record<string, unknown>;
  data: Dataset;
}

/**
 * Fits that take V8 through the code paths of real small fits (multi-class and binary; SVM's shared class blocks
 * and its per-pair columns; L-BFGS; histogram trees) until it has optimised them. A fresh thread's first fits of a
 * few tens of milliseconds run mostly in the interpreter and baseline code, 2-4x slower than later ones (SVM on
 * digits in a worker: 76-93 ms, then 44-60 ms, later ~15-25 ms); after this warm-up its first digits fits take
 * 34-44 ms, then 23-33 ms.
 * The data is synthetic and seeded, and the models are thrown away.
 */
function warmUpFits(): WarmUpFit[] {
  const multi = makeBlobs({ rows: 500, features: 32, classes: 10, separation: 1.5, seed: 11 });
  const binary = makeBlobs({ rows: 300, features: 16, classes: 2, separation: 0.5, seed: 12 });
  const small = makeBlobs({ rows: 300, features: 8, classes: 3, separation: 1, seed: 13 });
  return [
    { algorithm: "svm", params: {}, data: multi },
    { algorithm: "svm", params: {}, data: binary },
    { algorithm: "logistic_regression", params: {}, data: multi },
    { algorithm: "logistic_regression", params: {}, data: binary },
    { algorithm: "gradient_boosting", params: { n_estimators: 5, early_stopping: false }, data: small },
    { algorithm: "random_forest", params: { n_estimators: 5 }, data: small },
  ];
}

/** What a warm-up did: fits run and the time they took. */
export interface WarmUpReport {
  fits: number;
  ms: number;
  /** Why warm-up stopped early, if it did (the worker still takes jobs). */
  error?: string;
}

/**
 * Runs warm-up fits for `rounds` rounds, one fit per `schedule` call so that the caller can let other work (a real
 * job) in between; resolves when done. `around` wraps each fit (the worker counts it against the core budget).
 */
export async function warmUpEstimators(options: {
  rounds: number;
  schedule: (next: () => void) => void;
  around?: <T>(fit: () => T) => T;
}): Promise<WarmUpReport> {
  const fits = warmUpFits();
  const around = options.around ?? (<T>(fit: () => T): T => fit());
  let ms = 0;
  let count = 0;
  for (let round = 0; round < options.rounds; round++) {
    for (const fit of fits) {
      await new Promise<void>((resolve) => options.schedule(resolve));
      const started = performance.now();
      around(() => {
        const model = createEstimator(fit.algorithm, fit.params).fit(fit.data.X, fit.data.y);
        model.predictProba(fit.data.X);
        return model.toJSON();
      });
      ms += performance.now() - started;
      count++;
    }
  }
  return { fits: count, ms };
}
