/**
 * AutoML on screen: the leaderboard's order (as the API ranks it), the budget used, and the configuration form
 * turned into a `StartAutoMlInput`. Pure.
 */
import type { JobStatus, SearchStrategy, StartAutoMlInput } from "../../graphql/generated/graphql";
import { categoricalFeatures, checkDataChoice, type DataChoice } from "../ml-shared/data-choice";

/** What the leaderboard needs of a trial. */
export interface RankedTrial {
  trial: number;
  status: JobStatus;
  rung: number;
  score: number | null;
}

/** Metrics a search can optimise, and whether higher is better (log loss is not). */
export const SEARCH_METRICS: Readonly<Record<string, boolean>> = {
  accuracy: true,
  f1_macro: true,
  f1_weighted: true,
  precision_macro: true,
  precision_weighted: true,
  recall_macro: true,
  recall_weighted: true,
  roc_auc: true,
  log_loss: false,
};

/** Best first: succeeded trials, later rungs (more rows), then by score in the metric's direction, then trial. */
export function rankTrials<T extends RankedTrial>(trials: readonly T[], higherIsBetter: boolean): T[] {
  const worst = higherIsBetter ? -Infinity : Infinity;
  return [...trials].sort((a, b) => {
    if (a.status !== b.status) return a.status === "SUCCEEDED" ? -1 : b.status === "SUCCEEDED" ? 1 : 0;
    if (a.rung !== b.rung) return b.rung - a.rung;
    const sa = a.score ?? worst;
    const sb = b.score ?? worst;
    if (sa !== sb) return higherIsBetter ? sb - sa : sa - sb;
    return a.trial - b.trial;
  });
}

/**
 * The leaderboard to show: the stored one once the run is over (every trial), else the live one (the best ten),
 * with the stored trials it has not caught up with kept; one entry per trial, ranked.
 */
export function mergeLeaderboards<T extends RankedTrial>(
  stored: readonly T[] | null | undefined,
  live: readonly T[] | null | undefined,
  higherIsBetter: boolean,
): T[] {
  const byTrial = new Map<number, T>();
  for (const t of stored ?? []) byTrial.set(t.trial, t);
  for (const t of live ?? []) byTrial.set(t.trial, t);
  return rankTrials([...byTrial.values()], higherIsBetter);
}

/** How much of each budget is used, 0..1 (null when there is no such budget). */
export function budgetUse(run: {
  elapsedSeconds: number | null;
  timeBudgetSeconds: number | null;
  trialsLaunched: number;
  maxTrials: number | null;
  candidates: number | null;
}): { time: number | null; trials: number | null; trialLimit: number | null } {
  const limits = [run.maxTrials, run.candidates].filter((n): n is number => n !== null && n > 0);
  const trialLimit = limits.length > 0 ? Math.min(...limits) : null;
  return {
    time:
      run.timeBudgetSeconds !== null && run.timeBudgetSeconds > 0 && run.elapsedSeconds !== null
        ? Math.min(1, run.elapsedSeconds / run.timeBudgetSeconds)
        : null,
    trials: trialLimit !== null ? Math.min(1, run.trialsLaunched / trialLimit) : null,
    trialLimit,
  };
}

export interface AutoMLForm extends DataChoice {
  name: string;
  algorithms: readonly string[];
  strategy: SearchStrategy;
  metric: string;
  folds: string;
  timeBudgetSeconds: string;
  maxTrials: string;
  seed: string;
  registerAs: string;
}

export type BuiltAutoML =
  { ok: true; input: StartAutoMlInput } | { ok: false; errors: Partial<Record<string, string>> };

function wholeNumber(text: string, min: number, max: number): number | null | "bad" {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : "bad";
}

/** Checks the configuration form and builds the mutation's input; empty optional fields take the API's defaults. */
export function buildAutoMLInput(
  form: AutoMLForm,
  columns: ReadonlyArray<{ name: string; type: string }>,
): BuiltAutoML {
  const errors: Partial<Record<string, string>> = {};
  if (form.name.trim() === "") errors["name"] = "Name the search.";
  const features = checkDataChoice(form, errors);
  if (form.algorithms.length === 0) errors["algorithms"] = "Pick at least one algorithm.";
  const folds = wholeNumber(form.folds, 2, 20);
  if (folds === "bad") errors["folds"] = "Folds must be a whole number from 2 to 20.";
  const budget = wholeNumber(form.timeBudgetSeconds, 1, 86_400);
  if (budget === "bad") errors["timeBudgetSeconds"] = "The time budget must be whole seconds, 1 to 86400.";
  const maxTrials = wholeNumber(form.maxTrials, 1, 10_000);
  if (maxTrials === "bad") errors["maxTrials"] = "Max trials must be a whole number from 1.";
  const seed = wholeNumber(form.seed, 0, 4_294_967_295);
  if (seed === "bad") errors["seed"] = "The seed must be a whole number ≥ 0.";
  if (Object.keys(errors).length > 0 || folds === "bad" || budget === "bad" || maxTrials === "bad" || seed === "bad")
    return { ok: false, errors };

  const categorical = categoricalFeatures(features, columns);
  return {
    ok: true,
    input: {
      name: form.name.trim(),
      datasetId: form.datasetId,
      target: form.target,
      features,
      algorithms: [...form.algorithms],
      strategy: form.strategy,
      metric: form.metric,
      ...(categorical.length > 0 ? { categorical } : {}),
      ...(folds !== null ? { folds } : {}),
      ...(budget !== null ? { timeBudgetSeconds: budget } : {}),
      ...(maxTrials !== null ? { maxTrials } : {}),
      ...(seed !== null ? { seed } : {}),
      ...(form.groupBy !== "" ? { groupBy: form.groupBy } : {}),
      ...(form.registerAs.trim() !== "" ? { registerAs: form.registerAs.trim() } : {}),
    },
  };
}
