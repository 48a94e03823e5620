import type { Estimator, FitOptions, SerializedModel } from "./estimator.js";
import type { Matrix } from "./matrix.js";
import { Preprocessor, type EncodedPreprocessor, type PreprocessSpec, type Table } from "./preprocessing.js";
import { algorithmEntry, estimatorFromJSON } from "./registry.js";

/** What a pipeline trains: an algorithm with params, and which columns feed it. */
export interface PipelineSpec extends Omit<PreprocessSpec, "scale"> {
  algorithm: string;
  params?: Record<string, unknown>;
  /** Standardise numeric columns; defaults to true for svm and knn, false otherwise. */
  scale?: boolean;
}

/** A fitted pipeline as plain JSON. */
export interface SerializedPipeline {
  readonly format: "millrace.pipeline/1";
  readonly preprocessor: EncodedPreprocessor;
  readonly model: SerializedModel;
}

/**
 * Preprocessing plus an estimator, fitted and serialised together: tables in, original labels out.
 * Everything is validated (algorithm, params, target, columns, finite features) before training starts.
 */
export class Pipeline {
  private constructor(
    readonly preprocessor: Preprocessor,
    readonly estimator: Estimator,
  ) {}

  /** Validates the spec, encodes the table and fits the estimator in this thread. */
  static fit(table: Table, spec: PipelineSpec, options: FitOptions = {}): Pipeline {
    const { pre, X, y, estimator } = Pipeline.prepare(table, spec);
    estimator.fit(X, y, options);
    return new Pipeline(pre, estimator);
  }

  /**
   * The validation and encoding half of `fit`: returns the encoded matrix and class ids and an unfitted
   * estimator, e.g. to train in a worker pool and rejoin with `Pipeline.assemble`.
   */
  static prepare(
    table: Table,
    spec: PipelineSpec,
  ): { pre: Preprocessor; X: Matrix; y: Int32Array; estimator: Estimator } {
    const entry = algorithmEntry(spec.algorithm);
    const estimator = entry.create(spec.params ?? {});
    const preSpec: PreprocessSpec = { target: spec.target, scale: spec.scale ?? entry.wantsScaling };
    if (spec.features) preSpec.features = spec.features;
    if (spec.categorical) preSpec.categorical = spec.categorical;
    const { pre, X, y } = Preprocessor.fit(table, preSpec);
    return { pre, X, y, estimator };
  }

  /** A pipeline from a preprocessor and an estimator fitted on its output (e.g. restored from a worker's JSON). */
  static assemble(pre: Preprocessor, estimator: Estimator): Pipeline {
    return new Pipeline(pre, estimator);
  }

  /** Class labels in the order of predictProba's columns. */
  get classes(): readonly (string | number)[] {
    return this.preprocessor.classes;
  }

  predict(table: Table): (string | number)[] {
    return this.preprocessor.decode(this.estimator.predict(this.preprocessor.transform(table)));
  }

  /** n × k probabilities, columns in `classes` order. */
  predictProba(table: Table): Matrix {
    return this.estimator.predictProba(this.preprocessor.transform(table));
  }

  toJSON(): SerializedPipeline {
    return { format: "millrace.pipeline/1", preprocessor: this.preprocessor.toJSON(), model: this.estimator.toJSON() };
  }

  static fromJSON(json: SerializedPipeline): Pipeline {
    return new Pipeline(Preprocessor.fromJSON(json.preprocessor), estimatorFromJSON(json.model));
  }
}
