import "reflect-metadata";
import { startMillrace } from "./app.js";
import { createLogger } from "./common/logger.js";
import { ConfigError, loadConfig, redact } from "./config.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await startMillrace(config, logger);
  logger.info(
    {
      url: app.server.url,
      store: app.stores.kind,
      mongodb: config.mongodbUrl ? redact(config.mongodbUrl) : undefined,
      dataDir: config.dataDir,
    },
    `Millrace is serving the editor and API at ${app.server.url} (GraphQL: ${app.server.url}/graphql)`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Millrace failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
