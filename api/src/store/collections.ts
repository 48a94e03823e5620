/**
 * What both adapters need to know about each collection: its name, which fields hold dates or opaque user JSON,
 * what to index, and how a typed filter becomes store-neutral conditions. Shared so the adapters cannot drift.
 */
import { BadInputError } from "../common/errors.js";
import { LOG_LEVELS } from "./records.js";
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
  WebhookDeliveryFilter,
  WebhookFilter,
  ScheduleTickFilter,
  UserFilter,
  RefreshTokenFilter,
  ApiTokenFilter,
  RunFilter,
  ValidationFilter,
} from "./ports.js";

export type Scalar = string | number | boolean | Date;

export type Condition =
  | { field: string; op: "eq" | "gte" | "lt"; value: Scalar }
  | { field: string; op: "in"; value: readonly Scalar[] }
  /** Case-insensitive substring match on a string field. */
  | { field: string; op: "contains"; value: string }
  /** An array field holds this element. */
  | { field: string; op: "has"; value: Scalar };

export interface CollectionSpec<F> {
  name: string;
  /** Keys whose values are Dates, at any depth outside opaque fields. */
  dateKeys: readonly string[];
  /** Top-level fields holding user-shaped JSON (any keys, even "$where"): stored as text, never interpreted. */
  opaque: readonly string[];
  /** Secondary indexes; each is followed by (createdAt desc, id desc) for the listing order. */
  indexes: readonly (readonly string[])[];
  unique: readonly (readonly string[])[];
  where(filter: F): Condition[];
}

const COMMON_DATES = ["createdAt", "updatedAt", "startedAt", "finishedAt"] as const;

function cond(field: string, op: "eq" | "gte" | "lt", value: Scalar | undefined): Condition[] {
  return value === undefined ? [] : [{ field, op, value: scalar(field, value) }];
}
function contains(field: string, value: string | undefined): Condition[] {
  return value === undefined || value === "" ? [] : [{ field, op: "contains", value: stringValue(field, value) }];
}
function oneOf(field: string, values: readonly Scalar[] | undefined): Condition[] {
  return values === undefined || values.length === 0
    ? []
    : [{ field, op: "in", value: values.map((v) => scalar(field, v)) }];
}
function has(field: string, value: Scalar | undefined): Condition[] {
  return value === undefined ? [] : [{ field, op: "has", value: scalar(field, value) }];
}

/** Rejects anything but a scalar, so a value such as {"$ne": null} can never act as an operator. */
export function scalar(field: string, value: unknown): Scalar {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  throw new BadInputError(field, "filter value must be a string, number, boolean or date");
}

function stringValue(field: string, value: unknown): string {
  if (typeof value !== "string") throw new BadInputError(field, "filter value must be a string");
  return value;
}

export const pipelinesSpec: CollectionSpec<PipelineFilter> = {
  name: "pipelines",
  dateKeys: COMMON_DATES,
  opaque: ["nodes", "edges", "params"],
  indexes: [["name"], ["scheduled"]],
  unique: [],
  where: (f) => [
    ...cond("name", "eq", f.name),
    ...contains("name", f.nameContains),
    ...has("tags", f.tag),
    ...cond("scheduled", "eq", f.scheduled),
  ],
};

export const runsSpec: CollectionSpec<RunFilter> = {
  name: "runs",
  dateKeys: [...COMMON_DATES, "leaseExpiresAt", "cancelRequestedAt"],
  opaque: ["snapshot", "params"],
  indexes: [["pipelineId"], ["status"], ["day"]],
  unique: [],
  where: (f) => [
    ...cond("pipelineId", "eq", f.pipelineId),
    ...oneOf("status", f.status),
    ...cond("trigger", "eq", f.trigger),
    ...cond("createdAt", "gte", f.createdAfter),
    ...cond("createdAt", "lt", f.createdBefore),
  ],
};

export const datasetsSpec: CollectionSpec<DatasetFilter> = {
  name: "datasets",
  dateKeys: COMMON_DATES,
  opaque: [],
  indexes: [["name"]],
  unique: [],
  where: (f) => [...contains("name", f.nameContains), ...cond("source", "eq", f.source)],
};

export const experimentsSpec: CollectionSpec<ExperimentFilter> = {
  name: "experiments",
  dateKeys: [...COMMON_DATES, "leaseExpiresAt", "cancelRequestedAt"],
  opaque: ["params", "metrics", "tags", "confusionMatrix", "inputs", "latestMetrics"],
  indexes: [["status"], ["datasetId"], ["groupId"]],
  unique: [],
  where: (f) => [
    ...contains("name", f.nameContains),
    ...oneOf("status", f.status),
    ...cond("algorithm", "eq", f.algorithm),
    ...cond("datasetId", "eq", f.datasetId),
    ...cond("source", "eq", f.source),
    ...oneOf("groupId", f.groupIds),
  ],
};

export const experimentGroupsSpec: CollectionSpec<ExperimentGroupFilter> = {
  name: "experiment_groups",
  dateKeys: COMMON_DATES,
  opaque: ["tags"],
  indexes: [],
  unique: [["name"]],
  where: (f) => [
    ...cond("name", "eq", f.name),
    ...contains("name", f.nameContains),
    ...cond("lifecycleStage", "eq", f.lifecycleStage),
  ],
};

export const loggedModelsSpec: CollectionSpec<LoggedModelFilter> = {
  name: "logged_models",
  dateKeys: COMMON_DATES,
  opaque: ["params", "tags"],
  indexes: [["groupId"], ["experimentId"]],
  unique: [],
  where: (f) => [...oneOf("groupId", f.groupIds), ...cond("experimentId", "eq", f.experimentId)],
};

export const modelsSpec: CollectionSpec<ModelFilter> = {
  name: "models",
  dateKeys: COMMON_DATES,
  opaque: ["metrics", "inputSchema", "tags"],
  indexes: [["name"]],
  unique: [["name", "version"]],
  where: (f) => [...cond("name", "eq", f.name), ...contains("name", f.nameContains), ...has("aliases", f.alias)],
};

export const registeredModelsSpec: CollectionSpec<RegisteredModelFilter> = {
  name: "registered_models",
  dateKeys: [...COMMON_DATES, "at"],
  opaque: ["tags"],
  indexes: [],
  unique: [["name"]],
  where: (f) => [...cond("name", "eq", f.name), ...contains("name", f.nameContains)],
};

export const automlSpec: CollectionSpec<AutoMLFilter> = {
  name: "automl_runs",
  dateKeys: [...COMMON_DATES, "leaseExpiresAt", "cancelRequestedAt"],
  opaque: ["leaderboard"],
  indexes: [["status"]],
  unique: [],
  where: (f) => [...contains("name", f.nameContains), ...oneOf("status", f.status)],
};

export const validationsSpec: CollectionSpec<ValidationFilter> = {
  name: "validations",
  dateKeys: COMMON_DATES,
  opaque: ["rules", "results", "report"],
  indexes: [["datasetId"], ["runId"]],
  unique: [],
  where: (f) => [
    ...cond("datasetId", "eq", f.datasetId),
    ...cond("runId", "eq", f.runId),
    ...oneOf("status", f.status),
  ],
};

export const logsSpec: CollectionSpec<LogFilter> = {
  name: "logs",
  dateKeys: ["createdAt"],
  opaque: [],
  indexes: [["runId"], ["source"]],
  unique: [],
  where: (f) => [
    ...oneOf("level", f.level === undefined ? undefined : LOG_LEVELS.slice(LOG_LEVELS.indexOf(f.level))),
    ...cond("source", "eq", f.source),
    ...cond("runId", "eq", f.runId),
    ...contains("message", f.messageContains),
  ],
};

/** Opaque page cursor: the (createdAt, id) of the last item of the previous page. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.getTime(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && typeof parsed[0] === "number" && typeof parsed[1] === "string") {
      return { createdAt: new Date(parsed[0]), id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadInputError("after", "not a cursor returned by this API");
}

export const MAX_PAGE_SIZE = 500;

export function checkPage(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError("first", `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** UTC day (YYYY-MM-DD) of an instant. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export const webhooksSpec: CollectionSpec<WebhookFilter> = {
  name: "webhooks",
  dateKeys: COMMON_DATES,
  opaque: [],
  indexes: [["pipelineId"]],
  unique: [],
  where: (f) => [...cond("pipelineId", "eq", f.pipelineId), ...cond("enabled", "eq", f.enabled)],
};

export const webhookDeliveriesSpec: CollectionSpec<WebhookDeliveryFilter> = {
  name: "webhook_deliveries",
  dateKeys: [...COMMON_DATES, "nextAttemptAt", "deliveredAt"],
  opaque: [],
  indexes: [["webhookId"], ["runId"], ["status"]],
  unique: [],
  where: (f) => [
    ...cond("webhookId", "eq", f.webhookId),
    ...cond("runId", "eq", f.runId),
    ...oneOf("status", f.status),
  ],
};

export const scheduleTicksSpec: CollectionSpec<ScheduleTickFilter> = {
  name: "schedule_ticks",
  dateKeys: ["createdAt"],
  opaque: [],
  indexes: [["pipelineId"], ["status"]],
  unique: [],
  where: (f) => [...cond("pipelineId", "eq", f.pipelineId), ...oneOf("status", f.status)],
};

export const usersSpec: CollectionSpec<UserFilter> = {
  name: "users",
  dateKeys: [...COMMON_DATES, "lastLoginAt"],
  opaque: [],
  indexes: [],
  unique: [["email"]],
  where: (f) => [...cond("email", "eq", f.email), ...cond("role", "eq", f.role)],
};

export const refreshTokensSpec: CollectionSpec<RefreshTokenFilter> = {
  name: "refresh_tokens",
  dateKeys: ["createdAt", "expiresAt", "usedAt", "revokedAt"],
  opaque: [],
  indexes: [["familyId"], ["userId"]],
  unique: [],
  where: (f) => [...cond("familyId", "eq", f.familyId), ...cond("userId", "eq", f.userId)],
};

export const apiTokensSpec: CollectionSpec<ApiTokenFilter> = {
  name: "api_tokens",
  dateKeys: ["createdAt", "lastUsedAt", "revokedAt"],
  opaque: [],
  indexes: [["userId"]],
  unique: [],
  where: (f) => [...cond("userId", "eq", f.userId)],
};
