/**
 * AutoML runs: a search over algorithms × parameter grids on the worker pool (see search.ts), started in the
 * background (or inside a pipeline's automl step), with a live leaderboard on the EventBus. The best candidate
 * is refitted on every row, recorded as a "<name> - Best Model" experiment and registered as a new model version.
 */
import type { Clock } from "../common/clock.js";
import { EntityReader } from "../common/entity-reader.js";
import { BadInputError, DomainError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import type { DataEngine } from "../data/data-engine.js";
import type { StepOutput } from "../engine/step-runtime.js";
import type { EventBus } from "../events/event-bus.js";
import { materializeSource, releaseScratch, resolveSource, type TrainingSource } from "../experiments/data-source.js";
import type { ExperimentService } from "../experiments/experiment.service.js";
import { JobKeeper } from "../experiments/job-keeper.js";
import { ProgressHub, isTerminal, type ProgressState } from "../experiments/progress-hub.js";
import { fitFold, inputSchemaOf, prepareFold, seeded } from "../experiments/trainer.js";
import { loadTrainingData, type TrainingData } from "../experiments/training-data.js";
import { requestOf, resolveTrainingSpec, type TrainingSpec } from "../experiments/training-spec.js";
import { algorithmEntry, type TrainingPool } from "../ml/index.js";
import { MODEL_NAME_PATTERN, type ModelRegistryService } from "../models/model-registry.service.js";
import type { AutoMLFilter, AutoMLStore, DatasetStore, RunStore } from "../store/ports.js";
import type { AutoMLRunRecord, AutoMLTrialRecord, ModelRecord } from "../store/records.js";
import { buildSearchSpace, type SearchSpace, type SearchStrategy } from "./search-space.js";
import { SEARCH_METRICS, runSearch, type SearchResult } from "./search.js";

export interface StartAutoMLRequest {
  name: string;
  datasetId?: string | null | undefined;
  runId?: string | null | undefined;
  nodeId?: string | null | undefined;
  target: string;
  features?: readonly string[] | null | undefined;
  categorical?: readonly string[] | null | undefined;
  groupBy?: string | null | undefined;
  algorithms?: readonly string[] | null | undefined;
  /** Algorithm → param → values; replaces that algorithm's default grid. */
  paramGrids?: Record<string, unknown> | null | undefined;
  strategy?: SearchStrategy | null | undefined;
  metric?: string | null | undefined;
  folds?: number | null | undefined;
  /** Stop launching trials after this many (null: no limit). */
  maxTrials?: number | null | undefined;
  /** Stop launching (and abort running trials) after this many seconds (null: no limit). */
  timeBudgetSeconds?: number | null | undefined;
  seed?: number | null | undefined;
  /** Model name the best is registered under (default: the run's name). */
  registerAs?: string | null | undefined;
  /** Alias to point at the registered version (e.g. challenger). */
  alias?: string | null | undefined;
}

export type AutoMLStage = "QUEUED" | "LOADING" | "SEARCHING" | "REFITTING" | "REGISTERING" | "DONE";

export interface AutoMLProgressState extends ProgressState {
  automlRunId: string;
  stage: AutoMLStage;
  trialsLaunched: number;
  trialsCompleted: number;
  /** Candidates in the search space. */
  candidates: number;
  elapsedSeconds: number;
  bestScore: number | null;
  /** The best trials so far (at most 10). */
  leaderboard: AutoMLTrialRecord[];
  /** Trials running now. */
  running: Array<{ trial: number; algorithm: string; params: Record<string, unknown>; rows: number }>;
  message: string | null;
  at: Date;
}

export interface AutoMLDeps {
  store: AutoMLStore;
  datasets: DatasetStore;
  runs: RunStore;
  data: DataEngine;
  samplesDir: string;
  pool: TrainingPool;
  experiments: ExperimentService;
  registry: ModelRegistryService;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  owner: string;
  leaseTtlMs?: number;
  heartbeatMs?: number;
}

interface CheckedSearch {
  spec: TrainingSpec;
  space: SearchSpace;
  strategy: SearchStrategy;
  metric: string;
  folds: number;
  maxTrials: number | null;
  timeBudgetSeconds: number | null;
  seed: number;
  registerAs: string;
  alias: string | null;
}

const LEADERBOARD_LIVE = 10;

export const automlTopic = (id: string): string => `automl-progress:${id}`;

export class AutoMLService extends EntityReader<AutoMLRunRecord, AutoMLFilter> {
  private readonly keeper: JobKeeper<AutoMLRunRecord>;
  private readonly hub: ProgressHub<AutoMLProgressState>;
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: AutoMLDeps) {
    super(deps.store, "AutoML run");
    this.hub = new ProgressHub(deps.bus, automlTopic);
    this.keeper = new JobKeeper(deps.store, {
      owner: deps.owner,
      leaseTtlMs: deps.leaseTtlMs ?? 30_000,
      heartbeatMs: deps.heartbeatMs ?? 10_000,
      clock: deps.clock,
      logger: deps.logger,
      kind: "AutoML run",
      orphanPatch: { stoppedBy: "FAILED" },
      onOrphanFailed: (job) => this.publishFinal(job as AutoMLRunRecord),
    });
  }

  start(): void {
    this.keeper.start();
  }

  async close(): Promise<void> {
    this.keeper.stop();
    this.keeper.abortAll("the server is shutting down");
    await Promise.allSettled([...this.running.values()]);
  }

  sweepOrphans(): Promise<number> {
    return this.keeper.sweep();
  }

  /** Checks the request, records the run QUEUED and searches in the background; follow it with `progress(id)`. */
  async create(request: StartAutoMLRequest): Promise<AutoMLRunRecord> {
    const source = await resolveSource(this.deps, request);
    const checked = checkSearch(request, source.columns, source.rows);
    const facts =
      source.kind === "dataset"
        ? { datasetId: source.dataset.id, runId: null, nodeId: null }
        : { datasetId: null, runId: source.runId, nodeId: source.nodeId };
    const record = await this.insertQueued(request.name, checked, facts);
    const controller = new AbortController();
    this.keeper.track(record.id, controller);
    const done = this.execute(record, checked, source, controller.signal, "api").catch(() => undefined);
    this.running.set(record.id, done);
    void done.finally(() => this.running.delete(record.id));
    return record;
  }

  /** Searches on a step's input inside a pipeline run and waits for the result (the automl step). */
  async runForStep(args: {
    request: Omit<StartAutoMLRequest, "datasetId" | "runId" | "nodeId">;
    input: StepOutput;
    runId: string;
    nodeId: string;
    signal: AbortSignal;
    onProgress?: (state: AutoMLProgressState) => void;
  }): Promise<{ run: AutoMLRunRecord; model: ModelRecord | null }> {
    const checked = checkSearch(args.request, args.input.columns, args.input.rows);
    const record = await this.insertQueued(args.request.name, checked, {
      datasetId: null,
      runId: args.runId,
      nodeId: args.nodeId,
    });
    const controller = new AbortController();
    const forward = (): void => controller.abort(args.signal.reason);
    args.signal.addEventListener("abort", forward, { once: true });
    if (args.signal.aborted) forward();
    this.keeper.track(record.id, controller);
    const source: TrainingSource = {
      kind: "output",
      runId: args.runId,
      nodeId: args.nodeId,
      output: args.input,
      columns: args.input.columns,
      rows: args.input.rows,
    };
    const done = this.execute(record, checked, source, controller.signal, `pipeline:${args.runId}`, args.onProgress);
    this.running.set(record.id, done);
    try {
      return await done;
    } finally {
      this.running.delete(record.id);
      args.signal.removeEventListener("abort", forward);
    }
  }

  async cancel(id: string): Promise<AutoMLRunRecord> {
    const record = await this.get(id);
    if (isTerminal(record.status)) return record;
    const local = this.keeper.controllerOf(id);
    if (local) {
      local.abort(new Error("cancelled by request"));
      await this.running.get(id);
      return this.get(id);
    }
    const now = this.deps.clock.now();
    if (record.leaseExpiresAt != null && record.leaseExpiresAt.getTime() > now.getTime()) {
      const updated = await this.deps.store.update(id, { cancelRequestedAt: now });
      return updated && !("conflict" in updated) ? updated : this.get(id);
    }
    const updated = await this.patch(id, {
      status: "CANCELLED",
      error: "cancelled by request",
      stoppedBy: "CANCELLED",
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    await this.publishFinal(updated);
    return updated;
  }

  /** The live leaderboard: the current state first, then every change until the run ends. */
  async progress(id: string): Promise<AsyncIterableIterator<AutoMLProgressState>> {
    await this.get(id);
    return this.hub.stream(id, async () => stateOf(await this.get(id), this.hub.nextSeq(id)));
  }

  private async insertQueued(
    name: string,
    checked: CheckedSearch,
    facts: { datasetId: string | null; runId: string | null; nodeId: string | null },
  ): Promise<AutoMLRunRecord> {
    const now = this.deps.clock.now();
    const record: AutoMLRunRecord = {
      id: newId(),
      name: checkRunName(name),
      status: "QUEUED",
      datasetId: facts.datasetId,
      target: checked.spec.target,
      strategy: checked.strategy,
      metric: checked.metric,
      maxTrials: checked.maxTrials,
      timeBudgetSeconds: checked.timeBudgetSeconds,
      trialsCompleted: 0,
      bestExperimentId: null,
      bestScore: null,
      error: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      runId: facts.runId,
      nodeId: facts.nodeId,
      features: checked.spec.features,
      groupBy: checked.spec.groupBy,
      algorithms: checked.space.algorithms,
      folds: checked.folds,
      seed: checked.seed,
      leaderboard: [],
      trialsLaunched: 0,
      budgetUsedSeconds: null,
      stoppedBy: null,
      modelName: checked.registerAs,
      modelVersion: null,
      cancelRequestedAt: null,
      ...this.keeper.lease(),
    };
    await this.deps.store.insert(record);
    await this.publish(record, { stage: "QUEUED", candidates: checked.space.candidates.length });
    return record;
  }

  private async execute(
    queued: AutoMLRunRecord,
    checked: CheckedSearch,
    source: TrainingSource,
    signal: AbortSignal,
    by: string,
    onProgress?: (state: AutoMLProgressState) => void,
  ): Promise<{ run: AutoMLRunRecord; model: ModelRecord | null }> {
    const id = queued.id;
    const scratch = `automl-${id}`;
    const started = performance.now();
    const candidates = checked.space.candidates.length;
    let record = queued;
    const running = new Map<number, AutoMLProgressState["running"][number]>();
    let board: AutoMLTrialRecord[] = [];
    let completed = 0;
    const emit = async (patch: Partial<AutoMLProgressState>): Promise<void> => {
      const state = await this.publish(record, {
        candidates,
        elapsedSeconds: (performance.now() - started) / 1000,
        trialsLaunched: record.trialsLaunched ?? 0,
        trialsCompleted: completed,
        leaderboard: board.slice(0, LEADERBOARD_LIVE),
        bestScore: board[0]?.status === "SUCCEEDED" ? board[0].score : null,
        running: [...running.values()],
        ...patch,
      });
      onProgress?.(state);
    };
    try {
      record = await this.patch(id, { status: "RUNNING", startedAt: this.deps.clock.now() });
      await emit({ stage: "LOADING", message: `loading ${source.rows.toLocaleString("en-US")} rows` });
      const output = await materializeSource(this.deps.data, this.deps.samplesDir, source, scratch, signal);
      const spec =
        source.kind === "dataset"
          ? resolveTrainingSpec(requestOf(checked.spec), output.columns, output.rows)
          : checked.spec;
      const data = await loadTrainingData(this.deps.data, output.location, output.columns, spec, { signal });
      await emit({
        stage: "SEARCHING",
        message: `${checked.strategy.toLowerCase()} search over ${candidates} candidates, ${checked.folds}-fold CV on ${data.rows.toLocaleString("en-US")} rows`,
      });

      // Persist the leaderboard as trials finish, one write at a time.
      let saving: Promise<unknown> = Promise.resolve();
      const result: SearchResult = await runSearch({
        pool: this.deps.pool,
        data,
        columns: spec,
        space: checked.space,
        strategy: checked.strategy,
        metric: checked.metric,
        folds: checked.folds,
        seed: checked.seed,
        maxTrials: checked.maxTrials,
        timeBudgetSeconds: checked.timeBudgetSeconds,
        concurrency: Math.max(1, this.deps.pool.size),
        signal,
        onTrialStarted: (trial, candidate, rows) => {
          running.set(trial, { trial, algorithm: candidate.algorithm, params: candidate.params, rows });
          record = { ...record, trialsLaunched: Math.max(record.trialsLaunched ?? 0, trial) };
          void emit({ stage: "SEARCHING", message: null });
        },
        onTrialDone: (trial, leaderboard) => {
          running.delete(trial.trial);
          board = leaderboard;
          if (trial.status === "SUCCEEDED") completed++;
          const patch = {
            trialsCompleted: completed,
            trialsLaunched: record.trialsLaunched ?? 0,
            leaderboard,
            bestScore: leaderboard[0]?.score ?? null,
            budgetUsedSeconds: (performance.now() - started) / 1000,
          };
          saving = saving.then(() => this.patch(id, patch).then((r) => (record = r))).catch(() => undefined);
          void emit({ stage: "SEARCHING", message: null });
        },
      });
      await saving;
      board = result.leaderboard;
      const searchFacts = {
        leaderboard: result.leaderboard,
        trialsCompleted: result.trialsCompleted,
        trialsLaunched: result.trialsLaunched,
        budgetUsedSeconds: result.elapsedSeconds,
        stoppedBy: result.stoppedBy,
      };
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("cancelled");
      if (!result.best) {
        const why =
          result.stoppedBy === "TIME_BUDGET"
            ? `no trial finished within the time budget of ${checked.timeBudgetSeconds} s`
            : `no trial succeeded (${result.leaderboard[0]?.error ?? "nothing ran"})`;
        record = await this.patch(id, searchFacts);
        throw new DomainError("VALIDATION_FAILED", why);
      }
      record = await this.patch(id, { ...searchFacts, bestScore: result.best.trial.score });

      // Refit the best candidate on every row: the model that is registered.
      await emit({ stage: "REFITTING", message: `refitting trial ${result.best.trial.trial} on every row` });
      const best = result.best;
      const bestSpec: TrainingSpec = {
        ...spec,
        algorithm: best.candidate.algorithm,
        params: best.candidate.params,
        split: { kind: "CV", testFraction: null, folds: checked.folds, groupBy: spec.groupBy, seed: checked.seed },
      };
      const trained = await refit(this.deps.pool, data, bestSpec, signal);
      signal.throwIfAborted();
      const experiment = await this.deps.experiments.recordTrained({
        name: `${record.name} - Best Model`,
        spec: bestSpec,
        facts: { datasetId: record.datasetId, runId: record.runId ?? null, nodeId: record.nodeId ?? null },
        trained: {
          pipeline: trained.pipeline,
          classLabels: trained.classLabels,
          metrics: { ...best.metrics, [`automl_${checked.metric}`]: best.trial.score ?? NaN },
          confusionMatrix: best.confusion,
          inputSchema: trained.inputSchema,
          trainMs: trained.trainMs,
          evaluateMs: 0,
        },
        data,
        automlRunId: id,
        timings: {
          searchMs: result.elapsedSeconds * 1000,
          trainMs: trained.trainMs,
          totalMs: performance.now() - started,
        },
        tags: { automl: id },
      });
      signal.throwIfAborted();

      await emit({ stage: "REGISTERING", message: `registering the best model as "${checked.registerAs}"` });
      const model = await this.deps.registry.registerFromExperiment(experiment.id, checked.registerAs, {
        description: `Best of AutoML run "${record.name}": ${best.candidate.algorithm}, CV ${checked.metric} ${best.trial.score?.toFixed(4) ?? "?"}`,
        alias: checked.alias,
        by,
      });
      record = await this.patch(id, {
        status: "SUCCEEDED",
        bestExperimentId: experiment.id,
        modelName: model.name,
        modelVersion: model.version,
        finishedAt: this.deps.clock.now(),
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      await this.publishFinal(record);
      return { run: record, model };
    } catch (error) {
      const cancelled = signal.aborted;
      const message = cancelled ? reasonOf(signal) : error instanceof Error ? error.message : String(error);
      if (!(error instanceof DomainError) && !cancelled)
        this.deps.logger.error({ err: error, automlRunId: id }, "AutoML run failed");
      record = await this.patch(id, {
        status: cancelled ? "CANCELLED" : "FAILED",
        error: message,
        stoppedBy: cancelled ? "CANCELLED" : (record.stoppedBy ?? "FAILED"),
        budgetUsedSeconds: (performance.now() - started) / 1000,
        finishedAt: this.deps.clock.now(),
        leaseOwner: null,
        leaseExpiresAt: null,
      }).catch(() => record);
      await this.publishFinal(record).catch(() => undefined);
      throw error;
    } finally {
      this.keeper.untrack(id);
      if (source.kind === "dataset") await releaseScratch(this.deps.data, scratch).catch(() => undefined);
    }
  }

  private async patch(id: string, patch: Partial<Omit<AutoMLRunRecord, "id" | "createdAt">>): Promise<AutoMLRunRecord> {
    const updated = await this.deps.store.update(id, patch);
    if (!updated || "conflict" in updated) throw new DomainError("NOT_FOUND", `AutoML run "${id}" vanished`);
    return updated;
  }

  private async publish(record: AutoMLRunRecord, patch: Partial<AutoMLProgressState>): Promise<AutoMLProgressState> {
    const state: AutoMLProgressState = {
      ...stateOf(record, this.hub.nextSeq(record.id)),
      ...patch,
      at: this.deps.clock.now(),
    };
    await this.hub.publish(record.id, state);
    return state;
  }

  private async publishFinal(record: AutoMLRunRecord): Promise<void> {
    await this.publish(record, {
      stage: "DONE",
      message:
        record.error ??
        (record.status === "SUCCEEDED"
          ? `registered ${record.modelName ?? "?"} version ${record.modelVersion ?? "?"}`
          : record.status.toLowerCase()),
    });
  }
}

/** Fits a candidate on every row in the pool. */
async function refit(pool: TrainingPool, data: TrainingData, spec: TrainingSpec, signal: AbortSignal) {
  const all = Int32Array.from({ length: data.rows }, (_, i) => i);
  const scale = algorithmEntry(spec.algorithm).wantsScaling;
  const fold = prepareFold(data, spec, scale, all, null);
  const result = await fitFold(
    pool,
    fold,
    spec.algorithm,
    seeded(spec.algorithm, spec.params, spec.seed),
    data.classes.length,
    {
      signal,
    },
  );
  return {
    pipeline: { format: "millrace.pipeline/1" as const, preprocessor: fold.pre.toJSON(), model: result.model },
    classLabels: fold.pre.classes.map(String),
    inputSchema: inputSchemaOf(fold.pre),
    trainMs: result.fitSeconds * 1000,
  };
}

/** Checks a search request against the data's columns: every problem names its field. */
export function checkSearch(
  request: Omit<StartAutoMLRequest, "datasetId" | "runId" | "nodeId">,
  columns: ReadonlyArray<{ name: string; type: string }>,
  rows: number,
): CheckedSearch {
  checkRunName(request.name);
  const space = buildSearchSpace(request.algorithms, request.paramGrids);
  const folds = request.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 20)
    throw new BadInputError("folds", `must be an integer from 2 to 20, got ${folds}`);
  const spec = resolveTrainingSpec(
    {
      target: request.target,
      features: request.features,
      categorical: request.categorical,
      groupBy: request.groupBy,
      algorithm: space.algorithms[0]!,
      params: {},
      cvFolds: folds,
      seed: request.seed,
    },
    columns,
    rows,
  );
  const strategy = request.strategy ?? "RANDOM";
  if (!["GRID", "RANDOM", "SUCCESSIVE_HALVING"].includes(strategy))
    throw new BadInputError("strategy", `must be GRID, RANDOM or SUCCESSIVE_HALVING, got ${String(strategy)}`);
  const metric = request.metric ?? "accuracy";
  if (!Object.hasOwn(SEARCH_METRICS, metric))
    throw new BadInputError(
      "metric",
      `unknown metric "${metric}"; expected one of ${Object.keys(SEARCH_METRICS).join(", ")}`,
    );
  const maxTrials = request.maxTrials ?? null;
  if (maxTrials !== null && (!Number.isInteger(maxTrials) || maxTrials < 1 || maxTrials > 10_000))
    throw new BadInputError("maxTrials", `must be an integer from 1 to 10000, got ${maxTrials}`);
  const timeBudgetSeconds = request.timeBudgetSeconds ?? null;
  if (timeBudgetSeconds !== null && (!(timeBudgetSeconds > 0) || timeBudgetSeconds > 86_400))
    throw new BadInputError("timeBudgetSeconds", `must be from 1 to 86400 seconds, got ${timeBudgetSeconds}`);
  const registerAs = (request.registerAs ?? request.name).trim();
  if (!MODEL_NAME_PATTERN.test(registerAs))
    throw new BadInputError(
      request.registerAs ? "registerAs" : "name",
      `"${registerAs}" cannot name a model: 1 to 128 letters, digits, spaces, '.', '_' or '-'`,
    );
  const alias = request.alias?.trim() || null;
  if (alias !== null && (!/^[a-z][a-z0-9_-]{0,63}$/.test(alias) || alias === "latest"))
    throw new BadInputError("alias", `"${alias}" is not a valid alias`);
  return { spec, space, strategy, metric, folds, maxTrials, timeBudgetSeconds, seed: spec.seed, registerAs, alias };
}

function checkRunName(name: string): string {
  const trimmed = (name ?? "").trim();
  if (trimmed === "" || trimmed.length > 200) throw new BadInputError("name", "must be 1 to 200 characters");
  return trimmed;
}

function stateOf(record: AutoMLRunRecord, seq: number): AutoMLProgressState {
  const leaderboard = record.leaderboard ?? [];
  return {
    seq,
    automlRunId: record.id,
    status: record.status,
    stage: isTerminal(record.status) ? "DONE" : record.status === "QUEUED" ? "QUEUED" : "SEARCHING",
    trialsLaunched: record.trialsLaunched ?? 0,
    trialsCompleted: record.trialsCompleted,
    candidates: 0,
    elapsedSeconds: record.budgetUsedSeconds ?? 0,
    bestScore: record.bestScore,
    leaderboard: leaderboard.slice(0, LEADERBOARD_LIVE),
    running: [],
    message: record.error,
    at: record.finishedAt ?? record.startedAt ?? record.createdAt,
  };
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "cancelled";
}
