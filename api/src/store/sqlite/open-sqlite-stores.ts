/**
 * The embedded adapter: every port on one better-sqlite3 connection to a file (or ":memory:").
 */
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import {
  automlSpec,
  datasetsSpec,
  experimentsSpec,
  experimentGroupsSpec,
  loggedModelsSpec,
  logsSpec,
  modelsSpec,
  pipelinesSpec,
  registeredModelsSpec,
  runsSpec,
  validationsSpec,
  webhookDeliveriesSpec,
  webhooksSpec,
  scheduleTicksSpec,
  usersSpec,
  refreshTokensSpec,
  apiTokensSpec,
  type CollectionSpec,
} from "../collections.js";
import type {
  AutoMLFilter,
  DatasetFilter,
  ExperimentFilter,
  ExperimentGroupFilter,
  LoggedModelFilter,
  LogFilter,
  ModelFilter,
  PipelineFilter,
  RegisteredModelFilter,
  StoreHealth,
  Stores,
  ValidationFilter,
  WebhookDeliveryFilter,
  WebhookFilter,
  ScheduleTickFilter,
  UserFilter,
  RefreshTokenFilter,
  ApiTokenFilter,
} from "../ports.js";
import type {
  AutoMLRunRecord,
  DatasetRecord,
  ExperimentGroupRecord,
  ExperimentRecord,
  LoggedModelRecord,
  LogRecord,
  ModelRecord,
  PipelineRecord,
  RegisteredModelRecord,
  ValidationRecord,
  WebhookDeliveryRecord,
  WebhookRecord,
  ScheduleTickRecord,
  UserRecord,
  RefreshTokenRecord,
  ApiTokenRecord,
} from "../records.js";
import { SqliteEntityStore } from "./sqlite-entity-store.js";
import { SqliteMetaStore, createMetaSchema } from "./sqlite-meta-store.js";
import { SqliteMetricStore, createMetricSchema } from "./sqlite-metric-store.js";
import { createRunLeaseSchema } from "./sqlite-run-leases.js";
import { createRunPartsSchema } from "./sqlite-run-parts.js";
import { SqliteRunStore } from "./sqlite-run-store.js";
import { SqliteRowStore } from "./sqlite-row-store.js";
import { createRowCatalogSchema, registerRowFunctions } from "./sqlite-row-sql.js";
import { createCollectionSchema, createRunEventsSchema } from "./sqlite-schema.js";
import { registerSqlFunctions } from "./sqlite-sql.js";
import { StatementCache } from "./statement-cache.js";

/** How long a writer waits for another connection's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating when needed) the SQLite database at `file` and returns every store on it. */
export function openSqliteStores(file: string): Stores {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("synchronous = NORMAL");
    registerSqlFunctions(db);
    registerRowFunctions(db);
    const specs: CollectionSpec<never>[] = [
      pipelinesSpec,
      runsSpec,
      datasetsSpec,
      experimentsSpec,
      experimentGroupsSpec,
      loggedModelsSpec,
      modelsSpec,
      registeredModelsSpec,
      automlSpec,
      validationsSpec,
      logsSpec,
      webhooksSpec,
      webhookDeliveriesSpec,
      scheduleTicksSpec,
      usersSpec,
      refreshTokensSpec,
      apiTokensSpec,
    ];
    for (const spec of specs) createCollectionSchema(db, spec);
    createRunEventsSchema(db);
    createRunPartsSchema(db);
    createRunLeaseSchema(db);
    createMetaSchema(db);
    createMetricSchema(db);
    createRowCatalogSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const statements = new StatementCache(db);
  const runs = new SqliteRunStore(db, statements);
  try {
    runs.migrate();
  } catch (error) {
    db.close();
    throw error;
  }
  const selectOne = statements.get("SELECT 1 AS ok");
  const version = (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  return {
    kind: "sqlite",
    pipelines: new SqliteEntityStore<PipelineRecord, PipelineFilter>(db, statements, pipelinesSpec),
    runs,
    datasets: new SqliteEntityStore<DatasetRecord, DatasetFilter>(db, statements, datasetsSpec),
    experiments: new SqliteEntityStore<ExperimentRecord, ExperimentFilter>(db, statements, experimentsSpec),
    experimentGroups: new SqliteEntityStore<ExperimentGroupRecord, ExperimentGroupFilter>(
      db,
      statements,
      experimentGroupsSpec,
    ),
    experimentMetrics: new SqliteMetricStore(db, statements),
    loggedModels: new SqliteEntityStore<LoggedModelRecord, LoggedModelFilter>(db, statements, loggedModelsSpec),
    models: new SqliteEntityStore<ModelRecord, ModelFilter>(db, statements, modelsSpec),
    registeredModels: new SqliteEntityStore<RegisteredModelRecord, RegisteredModelFilter>(
      db,
      statements,
      registeredModelsSpec,
    ),
    automl: new SqliteEntityStore<AutoMLRunRecord, AutoMLFilter>(db, statements, automlSpec),
    validations: new SqliteEntityStore<ValidationRecord, ValidationFilter>(db, statements, validationsSpec),
    logs: new SqliteEntityStore<LogRecord, LogFilter>(db, statements, logsSpec),
    webhooks: new SqliteEntityStore<WebhookRecord, WebhookFilter>(db, statements, webhooksSpec),
    users: new SqliteEntityStore<UserRecord, UserFilter>(db, statements, usersSpec),
    refreshTokens: new SqliteEntityStore<RefreshTokenRecord, RefreshTokenFilter>(db, statements, refreshTokensSpec),
    apiTokens: new SqliteEntityStore<ApiTokenRecord, ApiTokenFilter>(db, statements, apiTokensSpec),
    scheduleTicks: new SqliteEntityStore<ScheduleTickRecord, ScheduleTickFilter>(db, statements, scheduleTicksSpec),
    webhookDeliveries: new SqliteEntityStore<WebhookDeliveryRecord, WebhookDeliveryFilter>(
      db,
      statements,
      webhookDeliveriesSpec,
    ),
    meta: new SqliteMetaStore(statements),
    rows: new SqliteRowStore(db, statements),
    ping: () => Promise.resolve(ping(() => selectOne.get(), `SQLite ${version} at ${db.name}`)),
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}

function ping(roundTrip: () => unknown, detail: string): StoreHealth {
  const started = performance.now();
  try {
    roundTrip();
    return { ok: true, kind: "sqlite", latencyMs: performance.now() - started, detail };
  } catch (error) {
    return { ok: false, kind: "sqlite", latencyMs: performance.now() - started, detail: errorMessage(error) };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
