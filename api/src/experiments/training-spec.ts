/**
 * What to train, checked against the columns of the data before anything runs: the target, the features and
 * their types, the algorithm and its params, and the split. Every problem is a BAD_USER_INPUT naming its field.
 * Shared by experiments, the train step and AutoML, so they refuse the same things with the same words.
 */
import { BadInputError } from "../common/errors.js";
import type { ColumnSpec } from "../data/data-engine.js";
import { ALGORITHM_NAMES, MlInputError, createEstimator, type AlgorithmName } from "../ml/index.js";
import type { ExperimentSplit } from "../store/records.js";

/** What a caller asks for (GraphQL input, step config); optional parts have defaults. */
export interface TrainingRequest {
  target: string;
  features?: readonly string[] | null | undefined;
  /** Feature columns to one-hot encode; any other non-numeric feature is refused. */
  categorical?: readonly string[] | null | undefined;
  algorithm: string;
  params?: Record<string, unknown> | null | undefined;
  /** A held-out fraction (default 0.2) or a number of folds, not both. */
  testFraction?: number | null | undefined;
  cvFolds?: number | null | undefined;
  /** Rows sharing a value of this column (e.g. one recording) stay on one side of every split. */
  groupBy?: string | null | undefined;
  seed?: number | null | undefined;
}

/** A checked, complete request. */
export interface TrainingSpec {
  algorithm: AlgorithmName;
  params: Record<string, unknown>;
  target: string;
  features: string[];
  categorical: string[];
  groupBy: string | null;
  split: ExperimentSplit;
  seed: number;
}

export const DEFAULT_TEST_FRACTION = 0.2;
export const MAX_FOLDS = 20;

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|BOOLEAN)\b/i;

/** Whether a column of this engine type can feed a model as a number. */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim());
}

/**
 * The registry's algorithm name for a user's spelling: "random_forest", "RandomForest", "random-forest" and
 * "randomforest" are one algorithm. Unknown names are refused, listing the known ones.
 */
export function canonicalAlgorithm(name: string): AlgorithmName {
  const key = name.replace(/[\s_-]/g, "").toLowerCase();
  const found = ALGORITHM_NAMES.find((a) => a.replaceAll("_", "") === key || (key === "svc" && a === "svm"));
  if (!found) {
    throw new BadInputError(
      "algorithm",
      `unknown algorithm "${name}"; expected one of ${ALGORITHM_NAMES.join(", ")} (or RandomForest, GradientBoosting…)`,
    );
  }
  return found;
}

/** Checks params against the algorithm's schema; errors name the param as `params.<name>`. */
export function checkParams(algorithm: AlgorithmName, params: Record<string, unknown>): void {
  try {
    createEstimator(algorithm, params);
  } catch (error) {
    if (error instanceof MlInputError) {
      const prefix = `${error.field}: `;
      const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
      throw new BadInputError(error.field === "params" ? "params" : `params.${error.field}`, message);
    }
    throw error;
  }
}

/**
 * Resolves a request against the data's columns and row count. Features default to every column but the
 * target and the group column.
 */
export function resolveTrainingSpec(
  request: TrainingRequest,
  columns: readonly ColumnSpec[],
  rows: number,
): TrainingSpec {
  const names = columns.map((c) => c.name);
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const available = names.join(", ") || "no columns";
  const target = request.target?.trim() ?? "";
  if (target === "") throw new BadInputError("target", "is required: name the column to predict");
  if (!typeOf.has(target)) throw new BadInputError("target", `column "${target}" not found; the data has ${available}`);

  const groupBy = request.groupBy?.trim() || null;
  if (groupBy !== null) {
    if (!typeOf.has(groupBy))
      throw new BadInputError("groupBy", `column "${groupBy}" not found; the data has ${available}`);
    if (groupBy === target) throw new BadInputError("groupBy", `"${groupBy}" is the target`);
  }

  const given = request.features && request.features.length > 0 ? [...request.features] : null;
  const features = given ?? names.filter((n) => n !== target && n !== groupBy);
  if (features.length === 0) throw new BadInputError("features", "no feature columns left besides the target");
  const seen = new Set<string>();
  for (const f of features) {
    if (!typeOf.has(f)) throw new BadInputError("features", `column "${f}" not found; the data has ${available}`);
    if (f === target) throw new BadInputError("features", `"${f}" is the target; it cannot also be a feature`);
    if (f === groupBy) throw new BadInputError("features", `"${f}" is the group column; it cannot also be a feature`);
    if (seen.has(f)) throw new BadInputError("features", `"${f}" is listed twice`);
    seen.add(f);
  }
  const categorical = [...(request.categorical ?? [])];
  for (const c of categorical) {
    if (!seen.has(c)) throw new BadInputError("categorical", `"${c}" is not one of the feature columns`);
  }
  const encoded = new Set(categorical);
  for (const f of features) {
    const type = typeOf.get(f) ?? "VARCHAR";
    if (!encoded.has(f) && !isNumericType(type)) {
      throw new BadInputError(
        "features",
        `column "${f}" is ${type}, not numeric; list it in categorical to one-hot encode it, or leave it out`,
      );
    }
  }

  const algorithm = canonicalAlgorithm(request.algorithm ?? "");
  const params = { ...(request.params ?? {}) };
  checkParams(algorithm, params);

  const seed = request.seed ?? 42;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 4_294_967_295)
    throw new BadInputError("seed", "must be an integer from 0 to 4294967295");

  let split: ExperimentSplit;
  const { testFraction, cvFolds } = request;
  if (testFraction != null && cvFolds != null)
    throw new BadInputError("cvFolds", "give testFraction or cvFolds, not both");
  if (cvFolds != null) {
    if (!Number.isInteger(cvFolds) || cvFolds < 2 || cvFolds > MAX_FOLDS)
      throw new BadInputError("cvFolds", `must be an integer from 2 to ${MAX_FOLDS}, got ${cvFolds}`);
    if (rows < cvFolds) throw new BadInputError("cvFolds", `${rows} rows are fewer than ${cvFolds} folds`);
    split = { kind: "CV", testFraction: null, folds: cvFolds, groupBy, seed };
  } else {
    const fraction = testFraction ?? DEFAULT_TEST_FRACTION;
    if (!(fraction > 0 && fraction < 1)) throw new BadInputError("testFraction", `must be in (0, 1), got ${fraction}`);
    if (rows < 2) throw new BadInputError("target", `${rows} row${rows === 1 ? "" : "s"}: at least 2 are needed`);
    split = { kind: "HOLDOUT", testFraction: fraction, folds: null, groupBy, seed };
  }
  return { algorithm, params, target, features, categorical, groupBy, split, seed };
}

/** The request a spec answers (to check it again, e.g. against a dataset's real column types). */
export function requestOf(spec: TrainingSpec): TrainingRequest {
  return {
    target: spec.target,
    features: spec.features,
    categorical: spec.categorical,
    algorithm: spec.algorithm,
    params: spec.params,
    testFraction: spec.split.testFraction,
    cvFolds: spec.split.folds,
    groupBy: spec.groupBy,
    seed: spec.seed,
  };
}

/** The columns a spec reads, in a fixed order: features, target, group. */
export function columnsOf(spec: Pick<TrainingSpec, "features" | "target" | "groupBy">): string[] {
  return [...spec.features, spec.target, ...(spec.groupBy !== null ? [spec.groupBy] : [])];
}
