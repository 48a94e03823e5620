/**
 * Opens ioredis connections for the scale-out adapters (event bus, step queue): connected and ready before use, so
 * a wrong REDIS_URL fails the start with a clear message instead of queueing commands forever.
 */
import { Redis } from "ioredis";
import type { Logger } from "../common/logger.js";
import { redact } from "../config.js";

export interface RedisConnectOptions {
  /** What the connection is for, in error messages and `CLIENT LIST` (e.g. "bus-pub"). */
  role: string;
  logger?: Logger | undefined;
  /** How long the first connection may take (default 10 s). */
  timeoutMs?: number | undefined;
  /** ioredis settings: null = commands wait for a reconnection (BullMQ, subscriptions). */
  maxRetriesPerRequest: number | null;
  enableOfflineQueue?: boolean;
  commandTimeout?: number;
}

/** A ready connection; later errors are logged (at most one line per 10 s per connection) while ioredis reconnects. */
export async function connectRedis(url: string, options: RedisConnectOptions): Promise<Redis> {
  const { role, logger, timeoutMs = 10_000 } = options;
  const client = new Redis(url, {
    connectionName: `millrace:${role}`,
    maxRetriesPerRequest: options.maxRetriesPerRequest,
    lazyConnect: true,
    ...(options.enableOfflineQueue === undefined ? {} : { enableOfflineQueue: options.enableOfflineQueue }),
    ...(options.commandTimeout === undefined ? {} : { commandTimeout: options.commandTimeout }),
  });
  let lastReport = 0;
  let lastError: unknown = null;
  client.on("error", (error: unknown) => {
    lastError = error;
    const now = Date.now();
    if (now - lastReport < 10_000) return;
    lastReport = now;
    logger?.warn({ err: error, role }, "Redis connection error (reconnecting)");
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return client;
  } catch (error) {
    client.disconnect();
    // ioredis rejects with "Connection is closed"; the socket's own error says why (ECONNREFUSED, auth…).
    const cause = lastError ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`could not connect to Redis at ${redact(url)} (${role}): ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT, or a hard disconnect when Redis does not answer (closing must never hang). */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === "end") return;
  try {
    await Promise.race([
      client.quit(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("QUIT timed out")), 2_000).unref()),
    ]);
  } catch {
    client.disconnect();
  }
}
