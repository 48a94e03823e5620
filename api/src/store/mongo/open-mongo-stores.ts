/**
 * The MongoDB adapter (also FerretDB 1.24): every port on one MongoClient, indexes ensured at open.
 */
import { performance } from "node:perf_hooks";
import { MongoClient, type Db } from "mongodb";
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
import { KeyedLock } from "./keyed-lock.js";
import type { RecordDoc } from "./mongo-codec.js";
import { MongoEntityStore } from "./mongo-entity-store.js";
import { RUN_EVENTS, STEP_CLAIMS, ensureIndexes } from "./mongo-indexes.js";
import { MongoMetaStore } from "./mongo-meta-store.js";
import { MongoMetricStore, ensureMetricIndexes } from "./mongo-metric-store.js";
import { MongoRowStore } from "./mongo-row-store.js";
import { MongoRunParts, RUN_SNAPSHOTS, RUN_STEPS } from "./mongo-run-parts.js";
import { MongoRunStore } from "./mongo-run-store.js";

const DEFAULT_DB_NAME = "millrace";
/** Fail fast (and let ping report it) instead of the driver's 30 s default when the server is down. */
const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;

const SPECS: readonly CollectionSpec<never>[] = [
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

/**
 * Connects, ensures the indexes and returns every store. The database is `options.dbName`, else the URL's path,
 * else "millrace".
 */
export async function openMongoStores(url: string, options: { dbName?: string } = {}): Promise<Stores> {
  const client = new MongoClient(url, {
    // Drop undefined fields like JSON does in the SQLite adapter, instead of storing them as null.
    ignoreUndefined: true,
    ...(/[?&]serverSelectionTimeoutMS=/i.test(url)
      ? {}
      : { serverSelectionTimeoutMS: DEFAULT_SERVER_SELECTION_TIMEOUT_MS }),
  });
  const dbName = options.dbName ?? dbNameFromUrl(url) ?? DEFAULT_DB_NAME;
  const db = client.db(dbName);
  let ferretDb: boolean;
  try {
    await client.connect();
    ferretDb = await isFerretDb(db);
    await ensureIndexes(db, SPECS);
    await ensureMetricIndexes(db);
  } catch (error) {
    await client.close();
    throw error;
  }

  const lock = new KeyedLock();
  const collection = (spec: CollectionSpec<never>) => db.collection<RecordDoc>(spec.name);
  // Runs and their events are what the live view and crash recovery rely on: acknowledged only once a majority
  // of a replica set has them.
  const majority = { writeConcern: { w: "majority" as const } };
  return {
    kind: "mongo",
    pipelines: new MongoEntityStore<PipelineRecord, PipelineFilter>(collection(pipelinesSpec), pipelinesSpec, lock),
    runs: new MongoRunStore(
      db.collection<RecordDoc>(runsSpec.name, majority),
      db.collection(RUN_EVENTS, majority),
      db.collection(STEP_CLAIMS, majority),
      new MongoRunParts(
        db.collection<RecordDoc>(RUN_SNAPSHOTS, majority),
        db.collection<RecordDoc>(RUN_STEPS, majority),
      ),
      lock,
      ferretDb,
    ),
    datasets: new MongoEntityStore<DatasetRecord, DatasetFilter>(collection(datasetsSpec), datasetsSpec, lock),
    experiments: new MongoEntityStore<ExperimentRecord, ExperimentFilter>(
      collection(experimentsSpec),
      experimentsSpec,
      lock,
    ),
    experimentGroups: new MongoEntityStore<ExperimentGroupRecord, ExperimentGroupFilter>(
      collection(experimentGroupsSpec),
      experimentGroupsSpec,
      lock,
    ),
    experimentMetrics: new MongoMetricStore(db),
    loggedModels: new MongoEntityStore<LoggedModelRecord, LoggedModelFilter>(
      collection(loggedModelsSpec),
      loggedModelsSpec,
      lock,
    ),
    models: new MongoEntityStore<ModelRecord, ModelFilter>(collection(modelsSpec), modelsSpec, lock),
    registeredModels: new MongoEntityStore<RegisteredModelRecord, RegisteredModelFilter>(
      collection(registeredModelsSpec),
      registeredModelsSpec,
      lock,
    ),
    automl: new MongoEntityStore<AutoMLRunRecord, AutoMLFilter>(collection(automlSpec), automlSpec, lock),
    validations: new MongoEntityStore<ValidationRecord, ValidationFilter>(
      collection(validationsSpec),
      validationsSpec,
      lock,
    ),
    logs: new MongoEntityStore<LogRecord, LogFilter>(collection(logsSpec), logsSpec, lock),
    webhooks: new MongoEntityStore<WebhookRecord, WebhookFilter>(collection(webhooksSpec), webhooksSpec, lock),
    users: new MongoEntityStore<UserRecord, UserFilter>(collection(usersSpec), usersSpec, lock),
    refreshTokens: new MongoEntityStore<RefreshTokenRecord, RefreshTokenFilter>(
      collection(refreshTokensSpec),
      refreshTokensSpec,
      lock,
    ),
    apiTokens: new MongoEntityStore<ApiTokenRecord, ApiTokenFilter>(collection(apiTokensSpec), apiTokensSpec, lock),
    scheduleTicks: new MongoEntityStore<ScheduleTickRecord, ScheduleTickFilter>(
      collection(scheduleTicksSpec),
      scheduleTicksSpec,
      lock,
    ),
    webhookDeliveries: new MongoEntityStore<WebhookDeliveryRecord, WebhookDeliveryFilter>(
      collection(webhookDeliveriesSpec),
      webhookDeliveriesSpec,
      lock,
    ),
    meta: new MongoMetaStore(db.collection<RecordDoc>("meta"), lock),
    rows: new MongoRowStore(db, lock),
    ping: () => ping(() => db.command({ ping: 1 }), `MongoDB database "${dbName}"`),
    close: () => client.close(),
  };
}

async function ping(roundTrip: () => Promise<unknown>, detail: string): Promise<StoreHealth> {
  const started = performance.now();
  try {
    await roundTrip();
    return { ok: true, kind: "mongo", latencyMs: performance.now() - started, detail };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: "mongo", latencyMs: performance.now() - started, detail: message };
  }
}

/** FerretDB names its own version in buildInfo, besides the MongoDB version it answers as. */
async function isFerretDb(db: Db): Promise<boolean> {
  const info = await db.command({ buildInfo: 1 });
  return typeof info["ferretdbVersion"] === "string";
}

/** The database named in the URL's path (mongodb://host/<db>?...), if any. */
export function dbNameFromUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url);
  const name = match?.[1] ? decodeURIComponent(match[1]) : "";
  return name === "" ? undefined : name;
}
