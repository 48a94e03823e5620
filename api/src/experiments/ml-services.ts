/**
 * The ML use cases wired together: the worker-thread training pool, the artifact store, experiments, the model
 * registry, predictions and AutoML. Built once per process by the composition root (app.ts), which hands it
 * both to the GraphQL services and to the pipeline steps (train, predict, deploy_model, automl).
 */
import { hostname } from "node:os";
import path from "node:path";
import type { ArtifactStore } from "../artifacts/artifact-store.js";
import { ARTIFACTS_FOLDER, LocalArtifactStore } from "../artifacts/local-artifact-store.js";
import { AutoMLService } from "../automl/automl.service.js";
import { systemClock, type Clock } from "../common/clock.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import type { DataEngine } from "../data/data-engine.js";
import type { EventBus } from "../events/event-bus.js";
import { MemoryEventBus } from "../events/memory-event-bus.js";
import { TrainingPool } from "../ml/index.js";
import { ModelRegistryService } from "../models/model-registry.service.js";
import { PredictionService } from "../models/prediction.service.js";
import type { Stores } from "../store/ports.js";
import { ExperimentService } from "./experiment.service.js";

export interface MlServices {
  pool: TrainingPool;
  artifacts: ArtifactStore;
  experiments: ExperimentService;
  models: ModelRegistryService;
  predictions: PredictionService;
  automl: AutoMLService;
  /** Starts the lease heartbeat and marks jobs left QUEUED/RUNNING by dead processes FAILED. */
  start(): void;
  /** Cancels running trainings, then stops the worker threads. */
  close(): Promise<void>;
}

export interface MlServiceDeps {
  stores: Stores;
  data: DataEngine;
  bus: EventBus;
  samplesDir: string;
  clock: Clock;
  logger: Logger;
  /** Defaults to a LocalArtifactStore in `<dataDir>/artifacts`. */
  artifacts?: ArtifactStore;
  /** Worker threads; defaults to the machine's parallelism. */
  poolSize?: number;
  /** Start the workers with the services and warm their estimators up (see TrainingPool's warmUp); off by default. */
  warmUp?: boolean;
  /** Lease timing of background jobs (tests shorten it). */
  leaseTtlMs?: number;
  heartbeatMs?: number;
}

export function createMlServices(deps: MlServiceDeps): MlServices {
  const { stores, data, bus, clock, logger } = deps;
  const artifacts = deps.artifacts ?? new LocalArtifactStore(path.join(data.dataDir, ARTIFACTS_FOLDER));
  const pool = new TrainingPool({
    ...(deps.poolSize !== undefined ? { size: deps.poolSize } : {}),
    warmUp: deps.warmUp ?? false,
  });
  const owner = `${hostname()}:${process.pid}:${newId()}`;
  const leases = {
    ...(deps.leaseTtlMs !== undefined ? { leaseTtlMs: deps.leaseTtlMs } : {}),
    ...(deps.heartbeatMs !== undefined ? { heartbeatMs: deps.heartbeatMs } : {}),
  };
  const common = {
    datasets: stores.datasets,
    runs: stores.runs,
    data,
    samplesDir: deps.samplesDir,
    pool,
    bus,
    clock,
    logger,
    owner,
  };
  const experiments = new ExperimentService({
    ...common,
    ...leases,
    store: stores.experiments,
    metrics: stores.experimentMetrics,
    artifacts,
  });
  const models = new ModelRegistryService({
    models: stores.models,
    registered: stores.registeredModels,
    experiments: stores.experiments,
    artifacts,
    clock,
    logger,
  });
  const automl = new AutoMLService({ ...common, ...leases, store: stores.automl, experiments, registry: models });
  let closed = false;
  return {
    pool,
    artifacts,
    experiments,
    models,
    predictions: new PredictionService(models),
    automl,
    start: () => {
      experiments.start();
      automl.start();
      if (deps.warmUp) {
        pool.start().then(
          (reports) => logger.info({ warmUp: reports }, "training workers warmed up"),
          (error: unknown) => logger.warn({ err: error }, "training workers did not start"),
        );
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([experiments.close(), automl.close()]);
      await pool.close();
    },
  };
}

/**
 * ML services made on first use, for a process that runs steps without an API around it (a queue worker):
 * in-process progress events, the system clock; started so its jobs keep their leases. Never closed: its
 * worker threads are unref'd when idle and end with the process.
 */
export function standaloneMlServices(deps: {
  stores: Stores;
  data: DataEngine;
  samplesDir: string;
  logger: Logger;
}): () => Promise<MlServices> {
  let created: Promise<MlServices> | null = null;
  return () => {
    if (!created) {
      const ml = createMlServices({ ...deps, bus: new MemoryEventBus(), clock: systemClock });
      ml.start();
      created = Promise.resolve(ml);
    }
    return created;
  };
}
