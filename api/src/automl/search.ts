/**
 * The AutoML search itself, independent of storage: cross-validated trials of candidates on the worker pool,
 * launched in the strategy's order while the trial and time budgets last, with a live leaderboard. Seeded:
 * the same data, space, strategy and seed give the same trials and scores (a time budget may cut it shorter).
 */
import { Rng, algorithmEntry, type ClassificationReport, type Split, type TrainingPool } from "../ml/index.js";
import type { AutoMLTrialRecord } from "../store/records.js";
import {
  fitFold,
  labelIds,
  makeSplits,
  prepareFold,
  reportMetrics,
  seeded,
  summarizeFolds,
  type PreparedFold,
} from "../experiments/trainer.js";
import type { TrainingData } from "../experiments/training-data.js";
import type { TrainingSpec } from "../experiments/training-spec.js";
import { halvingPlan, orderCandidates, type Candidate, type SearchSpace, type SearchStrategy } from "./search-space.js";

/** Metrics a search can optimise, and whether higher is better. */
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

export type StoppedBy = "COMPLETED" | "MAX_TRIALS" | "TIME_BUDGET" | "CANCELLED";

export interface SearchOptions {
  pool: TrainingPool;
  data: TrainingData;
  columns: Pick<TrainingSpec, "target" | "features" | "categorical">;
  space: SearchSpace;
  strategy: SearchStrategy;
  metric: string;
  folds: number;
  seed: number;
  maxTrials: number | null;
  timeBudgetSeconds: number | null;
  /** Trials in flight at once (their folds share the pool); default 2. */
  concurrency?: number;
  /**
   * Fold of each row (0..folds-1), instead of the seeded stratified (or grouped) k-fold: e.g. to score with
   * exactly another tool's folds.
   */
  foldOf?: Int32Array;
  signal?: AbortSignal;
  onTrialStarted?: (trial: number, candidate: Candidate, rows: number) => void;
  onTrialDone?: (trial: AutoMLTrialRecord, leaderboard: AutoMLTrialRecord[]) => void;
}

export interface BestTrial {
  trial: AutoMLTrialRecord;
  candidate: Candidate;
  /** Mean fold metrics of the best trial (with cv_* means and stds) and its summed out-of-fold confusion. */
  metrics: Record<string, number>;
  confusion: number[][];
}

export interface SearchResult {
  leaderboard: AutoMLTrialRecord[];
  best: BestTrial | null;
  trialsLaunched: number;
  trialsCompleted: number;
  stoppedBy: StoppedBy;
  elapsedSeconds: number;
}

interface Rung {
  index: number;
  rows: Int32Array;
}

/** Sorts trials best first: later rungs (more rows) first, then by score, then by trial number. */
export function rankTrials(trials: readonly AutoMLTrialRecord[], higherIsBetter: boolean): AutoMLTrialRecord[] {
  return [...trials].sort((a, b) => {
    if (a.status !== b.status) return a.status === "SUCCEEDED" ? -1 : b.status === "SUCCEEDED" ? 1 : 0;
    if (a.rung !== b.rung) return b.rung - a.rung;
    const sa = a.score ?? (higherIsBetter ? -Infinity : Infinity);
    const sb = b.score ?? (higherIsBetter ? -Infinity : Infinity);
    if (sa !== sb) return higherIsBetter ? sb - sa : sa - sb;
    return a.trial - b.trial;
  });
}

export async function runSearch(options: SearchOptions): Promise<SearchResult> {
  const { pool, data, space, metric, folds, seed } = options;
  const higher = SEARCH_METRICS[metric] ?? true;
  const started = performance.now();
  const budgetMs = options.timeBudgetSeconds !== null ? options.timeBudgetSeconds * 1000 : Infinity;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const y = labelIds(data.labels, data.classes);
  const K = data.classes.length;

  // Everything in flight stops at the deadline or on cancellation.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  let outOfTime = false;
  const deadline =
    budgetMs === Infinity
      ? null
      : setTimeout(() => {
          outOfTime = true;
          stop.abort(new Error(`the time budget of ${options.timeBudgetSeconds} s is used up`));
        }, budgetMs);

  const trials: AutoMLTrialRecord[] = [];
  const reports = new Map<number, ClassificationReport[]>();
  const candidateOf = new Map<number, Candidate>();
  let launched = 0;
  let maxedOut = false;
  const prepared = new Map<string, Promise<{ splits: Split[]; folds: PreparedFold[] }>>();

  const foldsFor = (rung: Rung, scale: boolean): Promise<{ splits: Split[]; folds: PreparedFold[] }> => {
    const key = `${rung.index}:${scale}`;
    let entry = prepared.get(key);
    if (!entry) {
      entry = Promise.resolve().then(() => {
        const splits = splitsOf(rung.rows);
        return { splits, folds: splits.map((s) => prepareFold(data, options.columns, scale, s.train, s.test)) };
      });
      prepared.set(key, entry);
    }
    return entry;
  };

  // Splits over a subset of rows, in row numbers of the whole data set.
  const splitsOf = (rows: Int32Array): Split[] => {
    if (options.foldOf && rows.length === data.rows) {
      return Array.from({ length: folds }, (_, f) => {
        const train: number[] = [];
        const test: number[] = [];
        for (let i = 0; i < data.rows; i++) (options.foldOf![i] === f ? test : train).push(i);
        return { train: Int32Array.from(train), test: Int32Array.from(test) };
      });
    }
    const ySub = Int32Array.from(rows, (i) => y[i]!);
    const groupsSub = data.groups ? Array.from(rows, (i) => data.groups![i]!) : null;
    return makeSplits(ySub, groupsSub, { kind: "CV", folds, testFraction: null, groupBy: null, seed }).map((s) => ({
      train: Int32Array.from(s.train, (r) => rows[r]!),
      test: Int32Array.from(s.test, (r) => rows[r]!),
    }));
  };

  const runTrial = async (candidate: Candidate, rung: Rung): Promise<AutoMLTrialRecord> => {
    const trial = ++launched;
    candidateOf.set(trial, candidate);
    options.onTrialStarted?.(trial, candidate, rung.rows.length);
    const t0 = performance.now();
    const base = {
      trial,
      algorithm: candidate.algorithm,
      params: candidate.params,
      rows: rung.rows.length,
      rung: rung.index,
    };
    try {
      const scale = algorithmEntry(candidate.algorithm).wantsScaling;
      const { folds: foldData } = await foldsFor(rung, scale);
      const params = seeded(candidate.algorithm, candidate.params, seed);
      const results = await Promise.all(
        foldData.map((fold) => fitFold(pool, fold, candidate.algorithm, params, K, { signal: stop.signal })),
      );
      const foldReports = results.map((r) => r.metrics!);
      reports.set(trial, foldReports);
      const values = foldReports.map((r) => reportMetrics(r)[metric] ?? NaN);
      const score = mean(values);
      return {
        ...base,
        score: Number.isFinite(score) ? score : null,
        scoreStd: Number.isFinite(score) ? std(values) : null,
        fitSeconds: (performance.now() - t0) / 1000,
        status: "SUCCEEDED",
        error: null,
      };
    } catch (error) {
      const aborted = stop.signal.aborted;
      return {
        ...base,
        score: null,
        scoreStd: null,
        fitSeconds: (performance.now() - t0) / 1000,
        status: aborted ? "CANCELLED" : "FAILED",
        error: aborted ? reasonOf(stop.signal) : error instanceof Error ? error.message : String(error),
      };
    }
  };

  const canLaunch = (): boolean => {
    if (stop.signal.aborted) return false;
    if (performance.now() - started >= budgetMs) {
      outOfTime = true;
      return false;
    }
    if (options.maxTrials !== null && launched >= options.maxTrials) {
      maxedOut = true;
      return false;
    }
    return true;
  };

  // Runs a rung's candidates, `concurrency` at a time, while the budgets allow; returns its trials.
  const runRung = async (candidates: readonly Candidate[], rung: Rung): Promise<AutoMLTrialRecord[]> => {
    const done: AutoMLTrialRecord[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < candidates.length && canLaunch()) {
        const candidate = candidates[next++]!;
        const trial = await runTrial(candidate, rung);
        done.push(trial);
        trials.push(trial);
        options.onTrialDone?.(trial, rankTrials(trials, higher));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, candidates.length) }, worker));
    return done;
  };

  try {
    const all = Int32Array.from({ length: data.rows }, (_, i) => i);
    const ordered = orderCandidates(space.candidates, options.strategy, seed);
    if (options.strategy !== "SUCCESSIVE_HALVING") {
      await runRung(ordered, { index: 0, rows: all });
    } else {
      const order = nestedOrder(y, data.groups, seed);
      const minRows = Math.min(data.rows, Math.max(folds * K * 4, 150));
      let n = ordered.length;
      let plan = halvingPlan(n, data.rows, minRows);
      while (options.maxTrials !== null && n > 1 && sum(plan.rungCandidates) > options.maxTrials) {
        n--;
        plan = halvingPlan(n, data.rows, minRows);
      }
      let survivors = ordered.slice(0, n);
      for (let r = 0; r < plan.rungRows.length && survivors.length > 0; r++) {
        const rows = r === plan.rungRows.length - 1 ? all : subsetRows(order, data.groups, plan.rungRows[r]!, folds);
        const ran = await runRung(survivors.slice(0, plan.rungCandidates[r]), { index: r, rows });
        if (r === plan.rungRows.length - 1 || !canLaunch()) break;
        const keep = plan.rungCandidates[r + 1] ?? 0;
        survivors = rankTrials(ran, higher)
          .filter((t) => t.status === "SUCCEEDED")
          .slice(0, keep)
          .map((t) => candidateOf.get(t.trial)!);
      }
    }
  } finally {
    if (deadline) clearTimeout(deadline);
    options.signal?.removeEventListener("abort", onAbort);
  }

  const leaderboard = rankTrials(trials, higher);
  const top = leaderboard.find((t) => t.status === "SUCCEEDED" && t.score !== null) ?? null;
  let best: BestTrial | null = null;
  if (top) {
    const { metrics, confusion } = summarizeFolds(reports.get(top.trial)!);
    best = { trial: top, candidate: candidateOf.get(top.trial)!, metrics, confusion };
  }
  const cancelled = options.signal?.aborted ?? false;
  const stoppedBy: StoppedBy = cancelled
    ? "CANCELLED"
    : outOfTime
      ? "TIME_BUDGET"
      : maxedOut
        ? "MAX_TRIALS"
        : "COMPLETED";
  return {
    leaderboard,
    best,
    trialsLaunched: launched,
    trialsCompleted: trials.filter((t) => t.status === "SUCCEEDED").length,
    stoppedBy,
    elapsedSeconds: (performance.now() - started) / 1000,
  };
}

/**
 * A seeded order of rows (or of groups' rows) whose every prefix keeps the classes in proportion: each class's
 * members are shuffled and spread evenly over [0, 1), then all are sorted by that position.
 */
function nestedOrder(y: Int32Array, groups: readonly string[] | null, seed: number): Int32Array[] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  // Units: single rows, or whole groups (each under its most frequent class).
  const units: number[][] = [];
  if (groups) {
    const byGroup = new Map<string, number[]>();
    groups.forEach((g, i) => {
      let rows = byGroup.get(g);
      if (!rows) byGroup.set(g, (rows = []));
      rows.push(i);
    });
    units.push(...byGroup.values());
  } else {
    for (let i = 0; i < y.length; i++) units.push([i]);
  }
  const classOf = units.map((rows) => {
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(y[r]!, (counts.get(y[r]!) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  });
  const perClass = new Map<number, number[]>();
  classOf.forEach((c, u) => {
    let list = perClass.get(c);
    if (!list) perClass.set(c, (list = []));
    list.push(u);
  });
  const key = new Float64Array(units.length);
  for (const list of perClass.values()) {
    const shuffled = rng.shuffle(Int32Array.from(list));
    for (let p = 0; p < shuffled.length; p++) key[shuffled[p]!] = (p + rng.next()) / shuffled.length;
  }
  const order = Array.from(units.keys()).sort((a, b) => key[a]! - key[b]! || a - b);
  return order.map((u) => Int32Array.from(units[u]!));
}

/** The first units of a nested order holding at least `rows` rows (and `folds` units), as sorted row numbers. */
function subsetRows(order: Int32Array[], groups: readonly string[] | null, rows: number, folds: number): Int32Array {
  const out: number[] = [];
  let units = 0;
  for (const unit of order) {
    if (out.length >= rows && (!groups || units >= folds)) break;
    for (const r of unit) out.push(r);
    units++;
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "cancelled";
}

function sum(a: readonly number[]): number {
  return a.reduce((s, v) => s + v, 0);
}

function mean(a: readonly number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}

function std(a: readonly number[]): number {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
}
