/**
 * The composition root: configuration → adapters → services → server. The one place that picks adapters.
 */
import { fileURLToPath } from "node:url";
import { systemClock, type Clock } from "./common/clock.js";
import type { Logger } from "./common/logger.js";
import type { Config } from "./config.js";
import { openConfiguredArtifacts, type ConfiguredArtifacts } from "./artifacts/open-artifacts.js";
import type { DataEngine } from "./data/data-engine.js";
import { BackgroundLane } from "./common/background-lane.js";
import { openDuckDbEngine } from "./data/duckdb/duckdb-engine.js";
import { createMlServices, type MlServices } from "./experiments/ml-services.js";
import type { EventBus } from "./events/event-bus.js";
import { MemoryEventBus } from "./events/memory-event-bus.js";
import { RedisEventBus } from "./events/redis-event-bus.js";
import { QueuedStepExecutor } from "./queue/queued-step-executor.js";
import { seedDemo } from "./seed/seed-demo.js";
import { startHttpServer, type RunningServer } from "./server/http-server.js";
import { buildMillraceSchema } from "./server/schema.js";
import { DEFAULT_WS_LIMITS } from "./server/websocket-server.js";
import { createServices, type Services } from "./server/services.js";
import { createProductionSteps } from "./steps/production-steps.js";
import { storedJwtSecret } from "./auth/jwt-secret.js";
import { announceInitialAdmin } from "./auth/initial-admin.js";
import { WebhookDispatcher } from "./notifications/webhook-dispatcher.js";
import { Scheduler } from "./schedules/scheduler.js";
import { DEFAULT_HTTP_POLICY } from "./steps/impl/http-fetch.js";
import type { ValidationDetails } from "./quality/index.js";
import { openStores } from "./store/open-stores.js";
import type { Stores } from "./store/ports.js";
import { RunOutputRetention } from "./runs/run-output-retention.js";
import { createMlflowApi } from "./mlflow/mlflow-api.js";

/** The samples shipped in the repository (`data/`), whatever DATA_DIR is. */
export const SAMPLES_DIR = fileURLToPath(new URL("../../data/", import.meta.url));
/** Where `npm run build -w editor` writes the editor. */
export const DEFAULT_EDITOR_DIR = fileURLToPath(new URL("../../editor/dist/", import.meta.url));

export interface Millrace {
  config: Config;
  stores: Stores;
  data: DataEngine;
  bus: EventBus;
  services: Services;
  server: RunningServer;
  /** Stops accepting work, cancels running runs, closes sockets, the data engine and the store. */
  close(): Promise<void>;
}

export async function startMillrace(
  config: Config,
  logger: Logger,
  overrides: { clock?: Clock; stores?: Stores } = {},
): Promise<Millrace> {
  const clock = overrides.clock ?? systemClock;
  const stores = overrides.stores ?? (await openStores({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir }));
  // REDIS_URL: events cross API processes on Redis, and steps run on workers (`npm run worker`) as BullMQ jobs.
  const bus: EventBus =
    config.redisUrl === undefined
      ? new MemoryEventBus()
      : await RedisEventBus.connect(config.redisUrl, { logger, prefix: config.redisPrefix }).catch(
          async (error: unknown) => {
            await stores.close();
            throw error;
          },
        );
  let queued: QueuedStepExecutor | null = null;
  let data: DataEngine | null = null;
  let ml: MlServices | null = null;
  let artifacts: ConfiguredArtifacts | null = null;
  const cleanup = async (): Promise<void> => {
    await queued?.close();
    await ml?.close();
    await bus.close();
    await data?.close();
    artifacts?.close();
    await stores.close();
  };
  try {
    // ARTIFACT_STORE=s3: model artifacts in the bucket, and run outputs archived there (see output-archive.ts).
    artifacts = await openConfiguredArtifacts(config.artifacts, stores.runs);
    if (artifacts.store) logger.info({ artifacts: artifacts.store.description }, "artifacts and run outputs on S3");
    data = await openDuckDbEngine({
      dataDir: config.dataDir,
      samplesDir: SAMPLES_DIR,
      ...(artifacts.archive ? { archive: artifacts.archive } : {}),
    });
    if (config.redisUrl !== undefined)
      queued = await QueuedStepExecutor.connect({ redisUrl: config.redisUrl, bus, logger, prefix: config.redisPrefix });
    ml = createMlServices({
      stores,
      data,
      bus,
      samplesDir: SAMPLES_DIR,
      clock,
      logger,
      warmUp: config.mlWarmUp,
      ...(artifacts.store ? { artifacts: artifacts.store } : {}),
    });
    // Services are made after the steps (the engine needs them), so validate steps reach them late-bound.
    let late: Services | null = null;
    const recordValidation = (
      step: { runId: string; nodeId: string; name: string; rules: unknown },
      details: ValidationDetails,
    ) => {
      if (!late) throw new Error("a validate step ran before the services were ready");
      return late.validations.recordStep(step, details);
    };
    const stepExecutor =
      queued ?? createProductionSteps({ stores, data, samplesDir: SAMPLES_DIR, ml, recordValidation });
    const lane = config.engineTurnBudgetMs > 0 ? new BackgroundLane(config.engineTurnBudgetMs) : null;
    const jwtSecret = config.authJwtSecret ?? (await storedJwtSecret(stores.meta));
    const services = createServices(stores, bus, {
      auth: {
        mode: config.authMode,
        jwtSecret,
        accessTokenTtlSeconds: config.authAccessTtlSeconds,
        refreshTokenTtlSeconds: config.authRefreshTtlSeconds,
        refreshReuseGraceSeconds: config.authRefreshReuseGraceSeconds,
      },
      clock,
      logger,
      stepExecutor,
      data,
      ml,
      samplesDir: SAMPLES_DIR,
      engine: {
        concurrency: config.runConcurrency,
        leaseTtlMs: config.runLeaseMs,
        sweepIntervalMs: Math.max(250, Math.floor(config.runLeaseMs / 3)),
        // Requests first: the engine's bookkeeping waits for its turn behind sockets (see background-lane.ts).
        ...(lane ? { yieldTurn: () => lane.turn() } : {}),
      },
    });
    late = services;
    if (config.authMode === "required") await announceInitialAdmin(services.auth, config, logger);
    if (config.seedDemo)
      await seedDemo({ stores, pipelines: services.pipelines, samplesDir: SAMPLES_DIR, clock, logger });
    services.engine.start();
    ml.start();
    const retention = new RunOutputRetention(data, services.engine, clock, logger, config.runRetentionDays);
    retention.start();
    const webhooks = new WebhookDispatcher(
      { webhooks: stores.webhooks, deliveries: stores.webhookDeliveries, runs: stores.runs, bus, clock, logger },
      {
        maxAttempts: 5,
        backoffMs: config.webhookBackoffMs,
        timeoutMs: 10_000,
        policy: {
          ...DEFAULT_HTTP_POLICY,
          userAgent: "Millrace-Webhooks/0.1",
          ...(config.webhookAllowPrivate ? { addressPolicy: () => null } : {}),
        },
      },
    );
    webhooks.start();
    const scheduler = new Scheduler({
      pipelines: stores.pipelines,
      runs: stores.runs,
      ticks: stores.scheduleTicks,
      engine: services.engine,
      clock,
      logger,
    });
    if (config.schedulerEnabled) scheduler.start();
    const schema = await buildMillraceSchema(() => services);
    // The MLflow-compatible tracking API: MLflow runs are experiments, registered models the registry.
    const mlflow = createMlflowApi({
      stores,
      experiments: services.experiments,
      models: services.models,
      artifacts: ml.artifacts,
      authenticator: services.authenticator,
      clock,
      logger,
      maxArtifactBytes: config.uploadMaxBytes,
    });
    const server = await startHttpServer(
      {
        port: config.port,
        host: config.host,
        production: config.production,
        editorDir: config.editorDir ?? DEFAULT_EDITOR_DIR,
        uploadMaxBytes: config.uploadMaxBytes,
        allowedOrigins: config.allowedOrigins,
        webSocketLimits: {
          ...DEFAULT_WS_LIMITS,
          maxBufferedBytes: config.wsMaxBufferedBytes,
          sendTimeoutMs: config.wsSendTimeoutMs,
          keepAliveMs: config.wsKeepAliveMs,
        },
        dataDir: config.dataDir,
      },
      { schema, services, stores, logger, routers: [mlflow.router] },
    );
    const engineData = data;
    return {
      config,
      stores,
      data: engineData,
      bus,
      services,
      server,
      close: async () => {
        retention.stop();
        await webhooks.stop();
        await scheduler.stop();
        await services.engine.close();
        await server.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
