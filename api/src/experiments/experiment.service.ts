/**
 * Experiments: one training of one algorithm on one data set, in the background on the worker pool. A request
 * is checked against the data's columns at once (BAD_USER_INPUT naming the field), recorded QUEUED and
 * returned; the training then loads the rows, checks them, trains, evaluates, stores the fitted pipeline as an
 * artifact and records metrics, timings and the confusion matrix. Progress goes out on the EventBus.
 */
import type { Clock } from "../common/clock.js";
import { EntityReader } from "../common/entity-reader.js";
import { BadInputError, DomainError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import type { ArtifactStore } from "../artifacts/artifact-store.js";
import type { DataEngine } from "../data/data-engine.js";
import type { StepOutput } from "../engine/step-runtime.js";
import type { EventBus } from "../events/event-bus.js";
import type { TrainingPool } from "../ml/index.js";
import { encodeModelArtifact, experimentArtifactKey, type ModelArtifact } from "../models/model-artifact.js";
import { filterStream } from "../common/streams.js";
import type {
  DatasetStore,
  ExperimentFilter,
  ExperimentMetricStore,
  ExperimentStore,
  MetricHistoryPage,
  Page,
  PageRequest,
  RunStore,
} from "../store/ports.js";
import type { ExperimentRecord, JobStatus } from "../store/records.js";
import { releaseScratch, materializeSource, resolveSource, type TrainingSource } from "./data-source.js";
import { JobKeeper } from "./job-keeper.js";
import { ProgressHub, isTerminal, type ProgressState } from "./progress-hub.js";
import { trainPipeline, type TrainedPipeline, type TrainProgress } from "./trainer.js";
import { loadTrainingData } from "./training-data.js";
import { requestOf, resolveTrainingSpec, type TrainingRequest, type TrainingSpec } from "./training-spec.js";

/** LOGGING: an experiment tracked through the MLflow-compatible API, while its client logs to it. */
export type ExperimentStage = "QUEUED" | "LOADING" | "TRAINING" | "EVALUATING" | "SAVING" | "LOGGING" | "DONE";

export interface ExperimentProgressState extends ProgressState {
  experimentId: string;
  stage: ExperimentStage;
  fold: number | null;
  folds: number | null;
  iteration: number | null;
  total: number | null;
  /** Partial scores so far: the latest loss, fold accuracies, and the final metrics once done. */
  scores: Record<string, number>;
  message: string | null;
  at: Date;
}

export interface CreateExperimentRequest extends TrainingRequest {
  name?: string | null | undefined;
  datasetId?: string | null | undefined;
  runId?: string | null | undefined;
  nodeId?: string | null | undefined;
  tags?: Record<string, string> | null | undefined;
}

export interface ExperimentDeps {
  store: ExperimentStore;
  /** Metric histories by step (experiments tracked through the MLflow-compatible API have them). */
  metrics?: ExperimentMetricStore;
  datasets: DatasetStore;
  runs: RunStore;
  data: DataEngine;
  samplesDir: string;
  pool: TrainingPool;
  artifacts: ArtifactStore;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** This process's identity in leases. */
  owner: string;
  leaseTtlMs?: number;
  heartbeatMs?: number;
}

export interface ExperimentComparison {
  experiments: ExperimentRecord[];
  /** Every metric any of them has, with one value per experiment (null where it has none) and the best one. */
  metrics: Array<{ name: string; values: (number | null)[]; bestExperimentId: string | null; higherIsBetter: boolean }>;
}

/** Where a training's data comes from, for the record. */
interface SourceFacts {
  datasetId: string | null;
  runId: string | null;
  nodeId: string | null;
}

const PROGRESS_INTERVAL_MS = 150;
const MAX_COMPARE = 50;
const METRIC_ORDER = [
  "accuracy",
  "f1_weighted",
  "f1_macro",
  "precision_weighted",
  "recall_weighted",
  "precision_macro",
  "recall_macro",
  "roc_auc",
  "log_loss",
];

export const experimentTopic = (id: string): string => `experiment-progress:${id}`;
/** Every experiment as it is created or changes (whole records). */
export const EXPERIMENTS_TOPIC = "experiments";

export class ExperimentService extends EntityReader<ExperimentRecord, ExperimentFilter> {
  private readonly keeper: JobKeeper<ExperimentRecord>;
  private readonly hub: ProgressHub<ExperimentProgressState>;
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ExperimentDeps) {
    super(deps.store, "Experiment");
    this.hub = new ProgressHub(deps.bus, experimentTopic);
    this.keeper = new JobKeeper(deps.store, {
      owner: deps.owner,
      leaseTtlMs: deps.leaseTtlMs ?? 30_000,
      heartbeatMs: deps.heartbeatMs ?? 10_000,
      clock: deps.clock,
      logger: deps.logger,
      kind: "experiment",
      orphanPatch: { stage: "DONE" },
      onOrphanFailed: (job) => this.publishFinal(job as ExperimentRecord),
      // MLflow runs are RUNNING while their client logs, with no lease: their status is the client's to set.
      unleased: (job) => job.source === "MLFLOW",
    });
  }

  /** Pages of experiments; `groupId` (the GraphQL filter's) is one group of `groupIds`. */
  override list(filter: ExperimentFilter & { groupId?: string }, page: PageRequest): Promise<Page<ExperimentRecord>> {
    const { groupId, ...rest } = filter;
    return super.list(groupId === undefined ? rest : { ...rest, groupIds: [groupId] }, page);
  }

  /** Fails experiments left QUEUED or RUNNING by a dead process, now and periodically. */
  start(): void {
    this.keeper.start();
  }

  /** Cancels what runs here and waits for it to settle. */
  async close(): Promise<void> {
    this.keeper.stop();
    this.keeper.abortAll("the server is shutting down");
    await Promise.allSettled([...this.running.values()]);
  }

  /** Marks orphaned experiments FAILED now (what start() does first); returns how many. */
  sweepOrphans(): Promise<number> {
    return this.keeper.sweep();
  }

  /**
   * Checks the request against the data's columns, records the experiment QUEUED and starts training it in
   * the background. Returns at once; follow it with `progress(id)`.
   */
  async create(request: CreateExperimentRequest): Promise<ExperimentRecord> {
    const source = await resolveSource(this.deps, request);
    const spec = resolveTrainingSpec(request, source.columns, source.rows);
    const name = experimentName(request.name, spec, source);
    const facts: SourceFacts =
      source.kind === "dataset"
        ? { datasetId: source.dataset.id, runId: null, nodeId: null }
        : { datasetId: null, runId: source.runId, nodeId: source.nodeId };
    const record = await this.insertQueued(name, spec, facts, request.tags ?? {});
    const controller = new AbortController();
    this.keeper.track(record.id, controller);
    const done = this.execute(record, spec, source, controller.signal).catch(() => undefined);
    this.running.set(record.id, done);
    void done.finally(() => this.running.delete(record.id));
    return record;
  }

  /**
   * Trains on a step's input inside a pipeline run and waits for the result (the train step). The experiment
   * is recorded with the run and node; the step's signal cancels it.
   */
  async trainForStep(args: {
    spec: TrainingSpec;
    input: StepOutput;
    runId: string;
    nodeId: string;
    name: string;
    signal: AbortSignal;
    onProgress?: (state: ExperimentProgressState) => void;
  }): Promise<{ experiment: ExperimentRecord; trained: TrainedPipeline }> {
    const record = await this.insertQueued(
      args.name,
      args.spec,
      { datasetId: null, runId: args.runId, nodeId: args.nodeId },
      {},
    );
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
    const done = this.execute(record, args.spec, source, controller.signal, args.onProgress);
    this.running.set(record.id, done);
    try {
      return await done;
    } finally {
      this.running.delete(record.id);
      args.signal.removeEventListener("abort", forward);
    }
  }

  /**
   * Records an experiment trained elsewhere (the AutoML best model), already SUCCEEDED, with its artifact.
   */
  async recordTrained(args: {
    name: string;
    spec: TrainingSpec;
    facts: SourceFacts;
    trained: TrainedPipeline;
    data: { rows: number; fingerprint: string };
    automlRunId: string;
    timings: Record<string, number>;
    tags?: Record<string, string>;
  }): Promise<ExperimentRecord> {
    const now = this.deps.clock.now();
    const id = newId();
    const artifactKey = await this.saveArtifact(id, args.spec, args.facts, args.trained, args.data);
    const record: ExperimentRecord = {
      ...this.baseRecord(id, args.name, args.spec, args.facts, args.tags ?? {}, now),
      status: "SUCCEEDED",
      stage: "DONE",
      metrics: args.trained.metrics,
      confusionMatrix: args.trained.confusionMatrix,
      classLabels: args.trained.classLabels,
      startedAt: now,
      finishedAt: now,
      durationMs: args.timings["totalMs"] ?? null,
      timings: args.timings,
      dataRows: args.data.rows,
      dataFingerprint: args.data.fingerprint,
      artifactKey,
      automlRunId: args.automlRunId,
      leaseOwner: null,
      leaseExpiresAt: null,
    };
    await this.deps.store.insert(record);
    return record;
  }

  /** Cancels a queued or running experiment (here, or through its record for the process running it). */
  async cancel(id: string): Promise<ExperimentRecord> {
    const record = await this.get(id);
    if (isTerminal(record.status)) return record;
    const local = this.keeper.controllerOf(id);
    if (local) {
      local.abort(new Error("cancelled by request"));
      await this.running.get(id);
      return this.get(id);
    }
    const now = this.deps.clock.now();
    const leaseAlive = record.leaseExpiresAt != null && record.leaseExpiresAt.getTime() > now.getTime();
    if (leaseAlive) {
      // The owning process sees the request at its next heartbeat.
      const updated = await this.deps.store.update(id, { cancelRequestedAt: now });
      return updated && !("conflict" in updated) ? updated : this.get(id);
    }
    const updated = await this.finish(id, { status: "CANCELLED", error: "cancelled by request" });
    await this.publishFinal(updated);
    return updated;
  }

  /** Metrics of several experiments side by side, with the best value of each metric marked. */
  async compare(ids: readonly string[]): Promise<ExperimentComparison> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) throw new BadInputError("ids", "give at least one experiment id");
    if (unique.length > MAX_COMPARE) throw new BadInputError("ids", `compare at most ${MAX_COMPARE} experiments`);
    const experiments = await Promise.all(unique.map((id) => this.get(id)));
    const names = [...new Set(experiments.flatMap((e) => Object.keys(e.metrics)))].sort((a, b) => {
      const ia = METRIC_ORDER.indexOf(a);
      const ib = METRIC_ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
    const metrics = names.map((name) => {
      const values = experiments.map((e) => {
        const v = e.metrics[name];
        return typeof v === "number" && Number.isFinite(v) ? v : null;
      });
      const higherIsBetter = !(name === "log_loss" || name.endsWith("_std") || name.endsWith("_ms"));
      let best: number | null = null;
      values.forEach((v, i) => {
        if (v === null) return;
        if (best === null || (higherIsBetter ? v > values[best]! : v < values[best]!)) best = i;
      });
      const informative = !/^(train_rows|test_rows|cv_folds)$/.test(name);
      return {
        name,
        values,
        bestExperimentId: best !== null && informative && experiments.length > 1 ? experiments[best]!.id : null,
        higherIsBetter,
      };
    });
    return { experiments, metrics };
  }

  /** One metric's history by step (empty for experiments that have none). */
  async metricHistory(
    id: string,
    key: string,
    page: { first: number; after?: string | null },
  ): Promise<MetricHistoryPage> {
    if (!this.deps.metrics) return { items: [], endCursor: null };
    return this.deps.metrics.history(id, key, page);
  }

  /** Experiments as they are created or change, optionally only those of one source or group. */
  changes(filter: { source?: ExperimentRecord["source"]; groupId?: string }): AsyncIterableIterator<ExperimentRecord> {
    return filterStream(
      this.deps.bus.subscribe<ExperimentRecord>(EXPERIMENTS_TOPIC),
      (e) =>
        (filter.source === undefined || e.source === filter.source) &&
        (filter.groupId === undefined || e.groupId === filter.groupId),
    );
  }

  /**
   * Tells subscribers about an experiment written elsewhere (the MLflow-compatible API): `experimentChanged`
   * gets the record, `experimentProgress(id)` its status with the latest metrics.
   */
  async announce(record: ExperimentRecord, message: string | null = null): Promise<void> {
    await this.deps.bus.publish(EXPERIMENTS_TOPIC, record);
    const terminal = isTerminal(record.status);
    await this.publish(record, {
      stage: terminal ? "DONE" : record.status === "QUEUED" ? "QUEUED" : "LOGGING",
      scores: record.metrics,
      message,
    });
  }

  /** Stage, iteration and partial scores: the current state first, then every change until it ends. */
  async progress(id: string): Promise<AsyncIterableIterator<ExperimentProgressState>> {
    await this.get(id);
    return this.hub.stream(id, async () => stateOf(await this.get(id), this.hub.nextSeq(id)));
  }

  private async insertQueued(
    name: string,
    spec: TrainingSpec,
    facts: SourceFacts,
    tags: Record<string, string>,
  ): Promise<ExperimentRecord> {
    const record: ExperimentRecord = {
      ...this.baseRecord(newId(), name, spec, facts, tags, this.deps.clock.now()),
      ...this.keeper.lease(),
    };
    await this.deps.store.insert(record);
    await this.publish(record, { stage: "QUEUED" });
    await this.deps.bus.publish(EXPERIMENTS_TOPIC, record);
    return record;
  }

  private baseRecord(
    id: string,
    name: string,
    spec: TrainingSpec,
    facts: SourceFacts,
    tags: Record<string, string>,
    now: Date,
  ): ExperimentRecord {
    return {
      id,
      name,
      status: "QUEUED",
      algorithm: spec.algorithm,
      datasetId: facts.datasetId,
      runId: facts.runId,
      nodeId: facts.nodeId,
      target: spec.target,
      features: spec.features,
      params: spec.params,
      metrics: {},
      confusionMatrix: null,
      classLabels: [],
      tags,
      source: "MILLRACE",
      error: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      split: spec.split,
      stage: "QUEUED",
      timings: {},
      dataRows: null,
      dataFingerprint: null,
      artifactKey: null,
      automlRunId: null,
      cancelRequestedAt: null,
    };
  }

  /** Runs one experiment to its end; resolves with the trained pipeline, rejects (after recording why) otherwise. */
  private async execute(
    queued: ExperimentRecord,
    spec: TrainingSpec,
    source: TrainingSource,
    signal: AbortSignal,
    onProgress?: (state: ExperimentProgressState) => void,
  ): Promise<{ experiment: ExperimentRecord; trained: TrainedPipeline }> {
    const id = queued.id;
    const log = this.deps.logger;
    const started = performance.now();
    const scratch = `experiment-${id}`;
    const timings: Record<string, number> = {};
    let record = queued;
    const emit = async (patch: Partial<ExperimentProgressState>): Promise<void> => {
      const state = await this.publish(record, patch);
      onProgress?.(state);
    };
    try {
      record = await this.patch(id, { status: "RUNNING", stage: "LOADING", startedAt: this.deps.clock.now() });
      await emit({ stage: "LOADING", message: `loading ${source.rows.toLocaleString("en-US")} rows` });
      const t0 = performance.now();
      const output = await materializeSource(this.deps.data, this.deps.samplesDir, source, scratch, signal);
      // The dataset's real column types (the record's were sniffed from its first lines).
      const checked =
        source.kind === "dataset" ? resolveTrainingSpec(requestOf(spec), output.columns, output.rows) : spec;
      const data = await loadTrainingData(this.deps.data, output.location, output.columns, checked, { signal });
      timings["loadMs"] = performance.now() - t0;
      signal.throwIfAborted();

      record = await this.patch(id, { stage: "TRAINING", dataRows: data.rows, dataFingerprint: data.fingerprint });
      await emit({
        stage: "TRAINING",
        message: `training ${spec.algorithm} on ${data.rows.toLocaleString("en-US")} rows, ${data.classes.length} classes`,
      });
      let lastEmit = 0;
      let lastStage = "TRAINING";
      const scores: Record<string, number> = {};
      const trained = await trainPipeline(this.deps.pool, data, checked, {
        signal,
        onProgress: (p: TrainProgress) => {
          if (p.scoreName && p.score !== undefined)
            scores[p.scoreName === "fold_accuracy" ? `fold_${p.fold ?? 0}_accuracy` : p.scoreName] = p.score;
          const now = performance.now();
          const milestone = p.stage !== lastStage || p.scoreName === "fold_accuracy" || p.iteration === p.total;
          if (!milestone && now - lastEmit < PROGRESS_INTERVAL_MS) return;
          lastEmit = now;
          lastStage = p.stage;
          void emit({
            stage: p.stage,
            fold: p.fold,
            folds: p.folds,
            iteration: p.iteration,
            total: p.total,
            scores: { ...scores },
            message: null,
          });
        },
      });
      timings["trainMs"] = trained.trainMs;
      timings["evaluateMs"] = trained.evaluateMs;
      signal.throwIfAborted();

      record = await this.patch(id, { stage: "SAVING" });
      await emit({ stage: "SAVING", message: "saving the trained pipeline" });
      const t1 = performance.now();
      const facts = { datasetId: record.datasetId, runId: record.runId, nodeId: record.nodeId ?? null };
      const artifactKey = await this.saveArtifact(id, checked, facts, trained, data);
      timings["saveMs"] = performance.now() - t1;
      timings["totalMs"] = performance.now() - started;
      signal.throwIfAborted();

      record = await this.finish(id, {
        status: "SUCCEEDED",
        metrics: trained.metrics,
        confusionMatrix: trained.confusionMatrix,
        classLabels: trained.classLabels,
        timings,
        artifactKey,
      });
      await this.publishFinal(record);
      log.info({ experimentId: id, accuracy: trained.metrics["accuracy"] }, "experiment succeeded");
      return { experiment: record, trained };
    } catch (error) {
      const cancelled = signal.aborted;
      const message = cancelled ? reasonOf(signal) : error instanceof Error ? error.message : String(error);
      if (!(error instanceof DomainError) && !cancelled)
        log.error({ err: error, experimentId: id }, "experiment failed");
      timings["totalMs"] = performance.now() - started;
      record = await this.finish(id, {
        status: cancelled ? "CANCELLED" : "FAILED",
        error: message,
        timings,
        artifactKey: null,
      }).catch(() => record);
      await this.deps.artifacts.delete(experimentArtifactKey(id)).catch(() => false);
      await this.publishFinal(record).catch(() => undefined);
      throw error;
    } finally {
      this.keeper.untrack(id);
      if (source.kind === "dataset") await releaseScratch(this.deps.data, scratch).catch(() => undefined);
    }
  }

  private async saveArtifact(
    id: string,
    spec: TrainingSpec,
    facts: SourceFacts,
    trained: TrainedPipeline,
    data: { rows: number; fingerprint: string },
  ): Promise<string> {
    const artifact: ModelArtifact = {
      format: "millrace.model/1",
      algorithm: spec.algorithm,
      params: spec.params,
      target: spec.target,
      features: spec.features,
      inputSchema: trained.inputSchema,
      classLabels: trained.classLabels,
      metrics: trained.metrics,
      trainingData: { fingerprint: data.fingerprint, rows: data.rows, ...facts },
      experimentId: id,
      registration: null,
      pipeline: trained.pipeline,
    };
    const key = experimentArtifactKey(id);
    await this.deps.artifacts.put(key, await encodeModelArtifact(artifact));
    return key;
  }

  private async patch(
    id: string,
    patch: Partial<Omit<ExperimentRecord, "id" | "createdAt">>,
  ): Promise<ExperimentRecord> {
    const updated = await this.deps.store.update(id, patch);
    if (!updated || "conflict" in updated) throw new DomainError("NOT_FOUND", `Experiment "${id}" vanished`);
    return updated;
  }

  private async finish(
    id: string,
    patch: Partial<Omit<ExperimentRecord, "id" | "createdAt">> & { status: JobStatus },
  ): Promise<ExperimentRecord> {
    const now = this.deps.clock.now();
    const current = await this.get(id);
    return this.patch(id, {
      ...patch,
      stage: "DONE",
      finishedAt: now,
      durationMs: current.startedAt ? now.getTime() - current.startedAt.getTime() : null,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
  }

  private async publish(
    record: ExperimentRecord,
    patch: Partial<ExperimentProgressState>,
  ): Promise<ExperimentProgressState> {
    const state: ExperimentProgressState = {
      ...stateOf(record, this.hub.nextSeq(record.id)),
      ...patch,
      at: this.deps.clock.now(),
    };
    await this.hub.publish(record.id, state);
    return state;
  }

  private async publishFinal(record: ExperimentRecord): Promise<void> {
    await this.deps.bus.publish(EXPERIMENTS_TOPIC, record);
    await this.publish(record, {
      stage: "DONE",
      scores: record.metrics,
      message: record.error ?? (record.status === "SUCCEEDED" ? "done" : record.status.toLowerCase()),
    });
  }
}

/** A progress state from a stored record (for subscribers of an experiment this process is not running). */
function stateOf(record: ExperimentRecord, seq: number): ExperimentProgressState {
  return {
    seq,
    experimentId: record.id,
    status: record.status,
    stage: (record.stage as ExperimentStage | null | undefined) ?? (isTerminal(record.status) ? "DONE" : "QUEUED"),
    fold: null,
    folds: record.split?.folds ?? null,
    iteration: null,
    total: null,
    scores: isTerminal(record.status) ? record.metrics : {},
    message: record.error,
    at: record.finishedAt ?? record.startedAt ?? record.createdAt,
  };
}

function experimentName(given: string | null | undefined, spec: TrainingSpec, source: TrainingSource): string {
  const name = given?.trim() ?? "";
  if (name.length > 200) throw new BadInputError("name", "must be at most 200 characters");
  if (name !== "") return name;
  const on = source.kind === "dataset" ? source.dataset.name : `${source.nodeId} of run ${source.runId}`;
  return `${spec.algorithm} → ${spec.target} on ${on}`;
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "cancelled";
}
