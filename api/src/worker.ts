/**
 * `npm run worker`: a process that executes pipeline steps queued by the API processes (REDIS_URL required).
 * Run any number, on any machine, as long as each one shares with the API processes:
 *   - the store: the same MONGODB_URL, or (embedded store) the same DATA_DIR, whose millrace.sqlite they all open;
 *   - DATA_DIR itself (a shared volume): steps read their inputs from and write their outputs to run files there.
 * Run state stays in the store; the API process that owns a run records every event.
 */
import "reflect-metadata";
import { fileURLToPath } from "node:url";
import { systemClock } from "./common/clock.js";
import { createLogger } from "./common/logger.js";
import { ConfigError, loadConfig, redact } from "./config.js";
import { openConfiguredArtifacts, type ConfiguredArtifacts } from "./artifacts/open-artifacts.js";
import { openDuckDbEngine } from "./data/duckdb/duckdb-engine.js";
import type { DataEngine } from "./data/data-engine.js";
import type { EventBus } from "./events/event-bus.js";
import { RedisEventBus } from "./events/redis-event-bus.js";
import { createMlServices, type MlServices } from "./experiments/ml-services.js";
import { startStepWorker } from "./queue/step-worker.js";
import { loadWorkerConfig, type WorkerConfig } from "./queue/worker-config.js";
import { createServices, type Services } from "./server/services.js";
import { createProductionSteps } from "./steps/production-steps.js";
import { openStores } from "./store/open-stores.js";
import type { Stores } from "./store/ports.js";

/** The samples shipped in the repository (the same directory app.ts gives the API's steps). */
const SAMPLES_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

async function main(): Promise<void> {
  let config;
  let workerConfig: WorkerConfig;
  try {
    config = loadConfig();
    workerConfig = loadWorkerConfig();
    if (config.redisUrl === undefined) throw new ConfigError(["REDIS_URL is required: workers take steps from Redis"]);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const redisUrl = config.redisUrl;

  let stores: Stores | null = null;
  let data: DataEngine | null = null;
  let bus: EventBus | null = null;
  let ml: MlServices | null = null;
  let artifacts: ConfiguredArtifacts | null = null;
  const release = async (): Promise<void> => {
    await ml?.close();
    await bus?.close();
    await data?.close();
    artifacts?.close();
    await stores?.close();
  };
  let worker;
  try {
    stores = await openStores({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir });
    // The same artifact store as the API processes: with S3, run outputs need no shared DATA_DIR.
    artifacts = await openConfiguredArtifacts(config.artifacts, stores.runs);
    data = await openDuckDbEngine({
      dataDir: config.dataDir,
      samplesDir: SAMPLES_DIR,
      ...(artifacts.archive ? { archive: artifacts.archive } : {}),
    });
    bus = await RedisEventBus.connect(redisUrl, { logger, prefix: config.redisPrefix });
    // The steps get what they get in an API process (app.ts): ML services whose progress goes out on the Redis
    // bus, and validate steps recorded through the validation service. The run engine is never started here.
    ml = createMlServices({
      stores,
      data,
      bus,
      samplesDir: SAMPLES_DIR,
      clock: systemClock,
      logger,
      warmUp: config.mlWarmUp,
      ...(artifacts.store ? { artifacts: artifacts.store } : {}),
    });
    let services: Services | null = null;
    const steps = createProductionSteps({
      stores,
      data,
      samplesDir: SAMPLES_DIR,
      ml,
      recordValidation: (step, details) => {
        if (!services) throw new Error("a validate step ran before the worker was ready");
        return services.validations.recordStep(step, details);
      },
    });
    services = createServices(stores, bus, {
      clock: systemClock,
      logger,
      stepExecutor: steps,
      data,
      ml,
      samplesDir: SAMPLES_DIR,
      engine: { concurrency: 1, leaseTtlMs: config.runLeaseMs, sweepIntervalMs: config.runLeaseMs },
    });
    // Like the ML services of any step-running process: started, so its jobs keep their leases.
    ml.start();
    worker = await startStepWorker({
      redisUrl,
      steps,
      runs: stores.runs,
      bus,
      logger,
      prefix: config.redisPrefix,
      settings: workerConfig,
    });
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  logger.info(
    {
      worker: worker.name,
      store: stores.kind,
      mongodb: config.mongodbUrl ? redact(config.mongodbUrl) : undefined,
      redis: redact(redisUrl),
      dataDir: config.dataDir,
      artifacts: artifacts.store?.description,
      concurrency: workerConfig.concurrency,
    },
    `Millrace worker ${worker.name} is taking steps`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now; running steps will be re-delivered to other workers");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, active: worker.active }, "worker shutting down: finishing running steps");
    const grace = setTimeout(() => {
      logger.warn(
        { active: worker.active, graceMs: workerConfig.shutdownGraceMs },
        "steps still running after the grace period: exiting; they will be re-delivered to other workers",
      );
      process.exit(0);
    }, workerConfig.shutdownGraceMs);
    grace.unref();
    worker
      .close()
      .then(release)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "worker shutdown failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Millrace worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
