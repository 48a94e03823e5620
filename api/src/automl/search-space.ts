/**
 * What an AutoML search tries: algorithms × parameter grids (by default the original product's grids), and the
 * order in which candidates are launched by each strategy. Pure and seeded: the same inputs, the same order.
 */
import { BadInputError } from "../common/errors.js";
import { Rng, type AlgorithmName } from "../ml/index.js";
import { canonicalAlgorithm, checkParams } from "../experiments/training-spec.js";

export type ParamGrid = Record<string, readonly (string | number | boolean | null)[]>;
export type SearchStrategy = "GRID" | "RANDOM" | "SUCCESSIVE_HALVING";

/** The original product's grids (scikit-learn names). */
export const DEFAULT_GRIDS: Readonly<Record<AlgorithmName, ParamGrid>> = {
  random_forest: { n_estimators: [50, 100, 200], max_depth: [5, 10, 15, 20], min_samples_split: [2, 5, 10] },
  gradient_boosting: { n_estimators: [50, 100, 200], max_depth: [3, 5, 7], learning_rate: [0.01, 0.1, 0.2] },
  logistic_regression: { C: [0.1, 1, 10], max_iter: [100, 200, 500] },
  svm: { C: [0.1, 1, 10], kernel: ["rbf", "linear"] },
  knn: { n_neighbors: [3, 5, 9, 15], weights: ["uniform", "distance"] },
  naive_bayes: { var_smoothing: [1e-9, 1e-7, 1e-5] },
};

export const DEFAULT_ALGORITHMS: readonly AlgorithmName[] = [
  "random_forest",
  "gradient_boosting",
  "logistic_regression",
  "svm",
];

export interface Candidate {
  /** 1-based position in the full search space. */
  id: number;
  algorithm: AlgorithmName;
  params: Record<string, unknown>;
}

export interface SearchSpace {
  algorithms: AlgorithmName[];
  grids: Record<string, ParamGrid>;
  candidates: Candidate[];
}

/**
 * The candidates: for each algorithm every combination of its grid (user grids replace the default grid of
 * their algorithm), grid orders interleaved across algorithms so that a small trial budget still tries each.
 * Every combination is checked against the algorithm's params before anything runs.
 */
export function buildSearchSpace(
  algorithmNames: readonly string[] | null | undefined,
  userGrids: Record<string, unknown> | null | undefined,
): SearchSpace {
  const algorithms = [
    ...new Set(
      (algorithmNames && algorithmNames.length > 0 ? algorithmNames : DEFAULT_ALGORITHMS).map(canonicalAlgorithm),
    ),
  ];
  const grids: Record<string, ParamGrid> = {};
  for (const [name, grid] of Object.entries(userGrids ?? {})) {
    const algorithm = canonicalAlgorithm(name);
    if (!algorithms.includes(algorithm))
      throw new BadInputError("paramGrids", `a grid is given for ${algorithm}, which is not among the algorithms`);
    grids[algorithm] = checkGrid(algorithm, grid);
  }
  const perAlgorithm = algorithms.map((algorithm) => {
    const grid = (grids[algorithm] ??= DEFAULT_GRIDS[algorithm]);
    const combos = cartesian(grid);
    for (const params of combos) checkParams(algorithm, params);
    return combos.map((params) => ({ algorithm, params }));
  });
  const candidates: Candidate[] = [];
  const longest = Math.max(...perAlgorithm.map((c) => c.length));
  for (let i = 0; i < longest; i++) {
    for (const list of perAlgorithm) {
      const c = list[i];
      if (c) candidates.push({ id: candidates.length + 1, ...c });
    }
  }
  return { algorithms, grids, candidates };
}

/** Launch order: GRID keeps the space's order, RANDOM and SUCCESSIVE_HALVING shuffle it (seeded). */
export function orderCandidates(candidates: readonly Candidate[], strategy: SearchStrategy, seed: number): Candidate[] {
  if (strategy === "GRID") return [...candidates];
  const order = new Rng(seed).shuffle(Int32Array.from(candidates, (_, i) => i));
  return Array.from(order, (i) => candidates[i]!);
}

export interface HalvingPlan {
  /** Rows used per rung (the last rung uses every row). */
  rungRows: number[];
  /** Candidates evaluated per rung. */
  rungCandidates: number[];
}

/**
 * Successive halving (factor η = 3, resource = training rows, as scikit-learn's HalvingGridSearchCV): the
 * first rung tries every candidate on the fewest rows, each next rung keeps the best third on three times the
 * rows, until the last rung's few candidates use all rows. `minRows` bounds the smallest rung.
 */
export function halvingPlan(candidates: number, rows: number, minRows: number, factor = 3): HalvingPlan {
  // Integer loops, not logarithms: log(27) / log(3) is 3.0000000000000004.
  let needed = 1;
  while (factor ** needed < candidates) needed++;
  let affordable = 0;
  while (Math.max(1, minRows) * factor ** (affordable + 1) <= rows) affordable++;
  const rungs = Math.min(needed, affordable) + 1;
  const rungRows: number[] = [];
  const rungCandidates: number[] = [];
  let n = candidates;
  for (let r = 0; r < rungs; r++) {
    const share = factor ** (rungs - 1 - r);
    rungRows.push(r === rungs - 1 ? rows : Math.max(minRows, Math.floor(rows / share)));
    rungCandidates.push(n);
    n = Math.max(1, Math.ceil(n / factor));
  }
  return { rungRows, rungCandidates };
}

function checkGrid(algorithm: string, grid: unknown): ParamGrid {
  if (grid === null || typeof grid !== "object" || Array.isArray(grid))
    throw new BadInputError(`paramGrids.${algorithm}`, "must be an object of param → list of values");
  const out: ParamGrid = {};
  for (const [param, values] of Object.entries(grid)) {
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0 || list.length > 100)
      throw new BadInputError(`paramGrids.${algorithm}.${param}`, "must list 1 to 100 values");
    for (const v of list) {
      if (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")
        throw new BadInputError(
          `paramGrids.${algorithm}.${param}`,
          "values must be numbers, strings, booleans or null",
        );
    }
    out[param] = list as (string | number | boolean | null)[];
  }
  return out;
}

function cartesian(grid: ParamGrid): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [param, values] of Object.entries(grid)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [param]: v })));
  }
  if (combos.length > 10_000) throw new BadInputError("paramGrids", `${combos.length} combinations; at most 10,000`);
  return combos;
}
