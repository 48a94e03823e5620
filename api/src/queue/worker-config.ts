/**
 * The worker's own settings from the environment (the shared ones — DATA_DIR, MONGODB_URL, REDIS_URL, LOG_LEVEL —
 * come from config.ts). Problems are reported together, by variable, like config.ts does.
 */
import { ConfigError } from "../config.js";
import { DEFAULT_WORKER_SETTINGS, type StepWorkerSettings } from "./step-worker.js";

export interface WorkerConfig extends StepWorkerSettings {
  /** On SIGTERM, how long running steps may take to finish before the process exits anyway (they are then
   * re-delivered to other workers). */
  shutdownGraceMs: number;
}

export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") return fallback;
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed < min || parsed > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return parsed;
  };
  const d = DEFAULT_WORKER_SETTINGS;
  const config: WorkerConfig = {
    concurrency: integer("WORKER_CONCURRENCY", d.concurrency, 1, 64),
    lockDurationMs: integer("WORKER_LOCK_MS", d.lockDurationMs, 1_000, 600_000),
    stalledIntervalMs: integer("WORKER_STALLED_INTERVAL_MS", d.stalledIntervalMs, 100, 600_000),
    maxStalledCount: integer("WORKER_MAX_STALLED", d.maxStalledCount, 0, 100),
    runCheckIntervalMs: integer("WORKER_RUN_CHECK_MS", d.runCheckIntervalMs, 100, 600_000),
    shutdownGraceMs: integer("WORKER_SHUTDOWN_GRACE_MS", 25_000, 0, 3_600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
