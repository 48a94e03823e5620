/**
 * Configuration from the environment, validated once at start. Every problem is reported at once, by variable.
 */
import path from "node:path";
import { readArtifactStoreConfig, type ArtifactStoreConfig } from "./artifacts/artifact-config.js";

export const LOG_LEVEL_NAMES = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUrl: string | undefined;
  redisUrl: string | undefined;
  /** Namespace of Millrace's Redis keys and channels (several installations can share one Redis). */
  redisPrefix: string;
  logLevel: LogLevelName;
  production: boolean;
  /** Seed the demo pipelines and sample dataset when the store has none. */
  seedDemo: boolean;
  /** Directory of the built editor to serve; unset = API only. */
  editorDir: string | undefined;
  /** Steps of one run executing at once. */
  runConcurrency: number;
  /** How long a run's lease lasts without renewal: a crashed engine's runs are marked FAILED after at most this. */
  runLeaseMs: number;
  /** Engine work per event-loop turn, ms (0: the engine does not yield to request handling). */
  engineTurnBudgetMs: number;
  /** Run outputs (Parquet files of each step) older than this many days are deleted; 0 keeps them forever. */
  runRetentionDays: number;
  /** Largest dataset upload accepted, in bytes. */
  uploadMaxBytes: number;
  /** Browser origins allowed to open the WebSocket besides the page's own (comma-separated ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** A WebSocket client that lets more than this queue up unread is disconnected. */
  wsMaxBufferedBytes: number;
  /** A WebSocket client that has not taken a message for this long is disconnected. */
  wsSendTimeoutMs: number;
  /** Keep-alive ping interval; a client that has not answered by the next one is disconnected. */
  wsKeepAliveMs: number;
  /** Let webhooks reach private and loopback addresses (off by default: a webhook must not probe the network). */
  webhookAllowPrivate: boolean;
  /** First delay before a failed webhook delivery is tried again (doubles each time, 5 attempts in all). */
  webhookBackoffMs: number;
  /** Run pipeline schedules in this process (every process may: each tick fires once across all of them). */
  schedulerEnabled: boolean;
  /** Start the training workers at once and warm their estimators up, so the first fits run at full speed. */
  mlWarmUp: boolean;
  /** Where model artifacts (and, on S3, copies of run outputs) are kept: ARTIFACT_STORE, S3_*. */
  artifacts: ArtifactStoreConfig;
  /** `required` (default): every request signs in. `off`: explicit single-user dev mode, refused in production. */
  authMode: "required" | "off";
  /** HS256 key of access tokens (32+ characters); unset outside production: one is generated and kept in the store. */
  authJwtSecret: string | undefined;
  authAccessTtlSeconds: number;
  authRefreshTtlSeconds: number;
  /** A refresh token used again this soon after its first use continues the session (a reload lost the answer). */
  authRefreshReuseGraceSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
  };

  let port = 4000;
  const rawPort = value("PORT");
  if (rawPort !== undefined) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port < 0 || port > 65535) {
      problems.push(`PORT must be an integer from 0 to 65535, got "${rawPort}"`);
    }
  }

  const mongodbUrl = value("MONGODB_URL");
  if (mongodbUrl !== undefined && !/^mongodb(\+srv)?:\/\/[^\s]+$/.test(mongodbUrl)) {
    problems.push(`MONGODB_URL must start with mongodb:// or mongodb+srv://, got "${redact(mongodbUrl)}"`);
  }

  const redisUrl = value("REDIS_URL");
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    problems.push(`REDIS_URL must start with redis:// or rediss://, got "${redact(redisUrl)}"`);
  }

  const redisPrefix = value("REDIS_PREFIX") ?? "millrace";
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(redisPrefix)) {
    problems.push(`REDIS_PREFIX must be 1 to 64 letters, digits, "_", "." or "-", got "${redisPrefix}"`);
  }

  const logLevel = (value("LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVEL_NAMES as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVEL_NAMES.join(", ")}, got "${env["LOG_LEVEL"]}"`);
  }

  const seed = (value("SEED_DEMO") ?? "true").toLowerCase();
  if (!["true", "false", "1", "0"].includes(seed)) {
    problems.push(`SEED_DEMO must be true or false, got "${env["SEED_DEMO"]}"`);
  }

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed < min || parsed > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return parsed;
  };
  const runConcurrency = integer("RUN_CONCURRENCY", 4, 1, 64);
  const runLeaseMs = integer("RUN_LEASE_MS", 15_000, 1_000, 3_600_000);
  const engineTurnBudgetMs = integer("ENGINE_TURN_BUDGET_MS", 5, 0, 1000);
  const runRetentionDays = integer("RUN_RETENTION_DAYS", 7, 0, 3650);
  const uploadMaxBytes = integer("UPLOAD_MAX_BYTES", 1024 ** 3, 1, 1024 ** 4);
  const wsMaxBufferedBytes = integer("WS_MAX_BUFFERED_BYTES", 4 * 1024 ** 2, 1024, 1024 ** 3);
  const wsSendTimeoutMs = integer("WS_SEND_TIMEOUT_MS", 15_000, 100, 600_000);
  const wsKeepAliveMs = integer("WS_KEEP_ALIVE_MS", 12_000, 100, 600_000);
  const webhookBackoffMs = integer("WEBHOOK_BACKOFF_MS", 1000, 1, 3_600_000);

  const allowedOrigins = (value("ALLOWED_ORIGINS") ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "");
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(`ALLOWED_ORIGINS entries must look like https://host[:port], got "${origin}"`);
  }

  const webhookPrivate = (value("WEBHOOK_ALLOW_PRIVATE_NETWORKS") ?? "false").toLowerCase();
  if (!["true", "false", "1", "0"].includes(webhookPrivate)) {
    problems.push(
      `WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false, got "${env["WEBHOOK_ALLOW_PRIVATE_NETWORKS"]}"`,
    );
  }

  const scheduler = (value("SCHEDULER_ENABLED") ?? "true").toLowerCase();
  if (!["true", "false", "1", "0"].includes(scheduler)) {
    problems.push(`SCHEDULER_ENABLED must be true or false, got "${env["SCHEDULER_ENABLED"]}"`);
  }

  const mlWarmUp = (value("ML_WARM_UP") ?? "true").toLowerCase();
  if (!["true", "false", "1", "0"].includes(mlWarmUp)) {
    problems.push(`ML_WARM_UP must be true or false, got "${env["ML_WARM_UP"]}"`);
  }

  const authMode = (value("AUTH_MODE") ?? "required").toLowerCase();
  if (authMode !== "required" && authMode !== "off")
    problems.push(`AUTH_MODE must be required or off, got "${env["AUTH_MODE"]}"`);
  if (authMode === "off" && env["NODE_ENV"] === "production") {
    problems.push("AUTH_MODE=off (single-user dev mode) is refused when NODE_ENV=production");
  }
  const authJwtSecret = value("AUTH_JWT_SECRET");
  if (authJwtSecret !== undefined && authJwtSecret.length < 32)
    problems.push("AUTH_JWT_SECRET must be at least 32 characters");
  if (authJwtSecret === undefined && env["NODE_ENV"] === "production") {
    problems.push(
      "AUTH_JWT_SECRET is required when NODE_ENV=production (32+ random characters, the same on every API process)",
    );
  }
  const authAccessTtlSeconds = integer("AUTH_ACCESS_TTL_SECONDS", 900, 1, 86_400);
  const authRefreshTtlSeconds = integer("AUTH_REFRESH_TTL_SECONDS", 30 * 86_400, 60, 365 * 86_400);
  const authRefreshReuseGraceSeconds = integer("AUTH_REFRESH_REUSE_GRACE_SECONDS", 0, 0, 60);

  const artifacts = readArtifactStoreConfig(value, problems);

  const host = value("HOST") ?? "0.0.0.0";
  const editorDir = value("EDITOR_DIR");

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir: path.resolve(cwd, value("DATA_DIR") ?? "data"),
    mongodbUrl,
    redisUrl,
    redisPrefix,
    logLevel: logLevel as LogLevelName,
    production: env["NODE_ENV"] === "production",
    seedDemo: seed === "true" || seed === "1",
    editorDir: editorDir === undefined ? undefined : path.resolve(cwd, editorDir),
    runConcurrency,
    runLeaseMs,
    engineTurnBudgetMs,
    runRetentionDays,
    uploadMaxBytes,
    allowedOrigins,
    wsMaxBufferedBytes,
    wsSendTimeoutMs,
    wsKeepAliveMs,
    webhookAllowPrivate: webhookPrivate === "true" || webhookPrivate === "1",
    webhookBackoffMs,
    schedulerEnabled: scheduler === "true" || scheduler === "1",
    mlWarmUp: mlWarmUp === "true" || mlWarmUp === "1",
    artifacts,
    authMode: authMode === "off" ? "off" : "required",
    authJwtSecret,
    authAccessTtlSeconds,
    authRefreshTtlSeconds,
    authRefreshReuseGraceSeconds,
  };
}

/** Hides credentials in a connection URL before it is printed. */
export function redact(url: string): string {
  return url.replace(/\/\/([^@/]+)@/, "//***@");
}
