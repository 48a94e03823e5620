import { randomBytes } from "node:crypto";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import { RunEngine, type RunEngineOptions } from "../engine/run-engine.js";
import type { StepExecutor } from "../engine/step-runtime.js";
import { DashboardService } from "../dashboard/dashboard.service.js";
import type { EventBus } from "../events/event-bus.js";
import { LogService } from "../logs/log.service.js";
import { PipelineService } from "../pipelines/pipeline.service.js";
import { RunService } from "../runs/run.service.js";
import { StepRegistry } from "../steps/step-registry.js";
import type { ScheduleTickStore, Stores } from "../store/ports.js";
import type { DataEngine } from "../data/data-engine.js";
import { DatasetService } from "../datasets/dataset.service.js";
import { StepOutputService } from "../runs/step-output.service.js";
import { ValidationService } from "../validations/validation.service.js";
import { WebhookService } from "../notifications/webhook.service.js";
import { AuthService, type AuthOptions } from "../auth/auth.service.js";
import { Authenticator, type AuthMode } from "../auth/authentication.js";
import { SystemService } from "../system/system.service.js";
import { createMlServices, type MlServices } from "../experiments/ml-services.js";
import type { ExperimentService } from "../experiments/experiment.service.js";
import type { ModelRegistryService } from "../models/model-registry.service.js";
import type { PredictionService } from "../models/prediction.service.js";
import type { AutoMLService } from "../automl/automl.service.js";

/** Every use case, wired once per process from the stores and the event bus. */
export interface Services {
  steps: StepRegistry;
  pipelines: PipelineService;
  runs: RunService;
  engine: RunEngine;
  logs: LogService;
  dashboard: DashboardService;
  datasets: DatasetService;
  outputs: StepOutputService;
  system: SystemService;
  webhooks: WebhookService;
  auth: AuthService;
  authenticator: Authenticator;
  /** Read-only: the scheduler writes ticks; the API lists them. */
  scheduleTicks: ScheduleTickStore;
  experiments: ExperimentService;
  models: ModelRegistryService;
  predictions: PredictionService;
  automl: AutoMLService;
  validations: ValidationService;
}

export interface ServiceOptions {
  clock: Clock;
  logger: Logger;
  /** Runs one step of any kind (the data engine, ML and quality behind it). */
  stepExecutor: StepExecutor;
  data: DataEngine;
  engine: RunEngineOptions;
  samplesDir: string;
  /** Experiments, model registry, predictions and AutoML (made here, unstarted, when not given). */
  ml?: MlServices;
  /** Absent (workers, benchmarks): sign-in is required and tokens are signed with a key of this process only. */
  auth?: AuthOptions & { mode: AuthMode };
}

export function createServices(stores: Stores, bus: EventBus, options: ServiceOptions): Services {
  const { clock, logger } = options;
  const steps = new StepRegistry();
  const logs = new LogService(stores.logs, bus, clock);
  const runs = new RunService(stores.runs, bus, logs, clock);
  const outputs = new StepOutputService(runs, options.data);
  const authOptions = options.auth ?? {
    mode: "required" as const,
    jwtSecret: randomBytes(32).toString("base64url"),
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 86_400,
  };
  const auth = new AuthService(
    { users: stores.users, refreshTokens: stores.refreshTokens, apiTokens: stores.apiTokens, clock, logger },
    authOptions,
  );
  const pipelines = new PipelineService(stores.pipelines, stores.runs, steps, clock);
  const engine = new RunEngine(
    { runs, runStore: stores.runs, pipelines, steps: options.stepExecutor, lookupKind: steps.lookup, clock, logger },
    options.engine,
  );
  return {
    steps,
    logs,
    runs,
    engine,
    pipelines,
    dashboard: new DashboardService(stores, clock),
    datasets: new DatasetService(stores.datasets, options.data, clock),
    outputs,
    scheduleTicks: stores.scheduleTicks,
    auth,
    authenticator: new Authenticator(authOptions.mode, auth),
    webhooks: new WebhookService(stores.webhooks, stores.webhookDeliveries, stores.pipelines, clock),
    system: new SystemService({ stores, pipelines, engine, samplesDir: options.samplesDir, clock, logger }),
    ...mlOf(
      options.ml ??
        createMlServices({ stores, bus, data: options.data, samplesDir: options.samplesDir, clock, logger }),
    ),
    validations: new ValidationService({
      store: stores.validations,
      datasets: stores.datasets,
      engine: options.data,
      outputs,
      bus,
      clock,
      logger,
      samplesDir: options.samplesDir,
    }),
  };
}

function mlOf(ml: MlServices): Pick<Services, "experiments" | "models" | "predictions" | "automl"> {
  return { experiments: ml.experiments, models: ml.models, predictions: ml.predictions, automl: ml.automl };
}
