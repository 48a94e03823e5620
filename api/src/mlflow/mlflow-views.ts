/**
 * Millrace records as MLflow's JSON messages (protobuf JSON: int64 as numbers, doubles NaN/±Infinity as strings).
 */
import type {
  ExperimentGroupRecord,
  ExperimentRecord,
  JobStatus,
  LoggedModelRecord,
  MetricPoint,
  ModelRecord,
  RegisteredModelRecord,
} from "../store/records.js";
import { fromMap } from "./mlflow-request.js";

export type Json = Record<string, unknown>;

export const RUN_STATUSES = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const TO_JOB: Record<RunStatus, JobStatus> = {
  RUNNING: "RUNNING",
  SCHEDULED: "QUEUED",
  FINISHED: "SUCCEEDED",
  FAILED: "FAILED",
  KILLED: "CANCELLED",
};

export function jobStatusOf(status: RunStatus): JobStatus {
  return TO_JOB[status];
}

export function runStatusOf(status: JobStatus): RunStatus {
  return (Object.entries(TO_JOB).find(([, job]) => job === status)?.[0] as RunStatus | undefined) ?? "RUNNING";
}

export function doubleJson(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}

export function metricJson(point: MetricPoint): Json {
  return { key: point.key, value: doubleJson(point.value), timestamp: point.timestamp, step: point.step };
}

export function groupJson(group: ExperimentGroupRecord): Json {
  return {
    experiment_id: group.id,
    name: group.name,
    artifact_location: group.artifactLocation,
    lifecycle_stage: group.lifecycleStage,
    creation_time: group.createdAt.getTime(),
    last_update_time: group.updatedAt.getTime(),
    tags: fromMap(group.tags),
  };
}

export function runInfoJson(run: ExperimentRecord): Json {
  return {
    run_id: run.id,
    run_uuid: run.id,
    run_name: run.name,
    experiment_id: run.groupId ?? "0",
    user_id: run.userId ?? "",
    status: runStatusOf(run.status),
    start_time: (run.startedAt ?? run.createdAt).getTime(),
    ...(run.finishedAt ? { end_time: run.finishedAt.getTime() } : {}),
    artifact_uri: run.artifactUri ?? "",
    lifecycle_stage: run.lifecycleStage ?? "active",
  };
}

export function runJson(run: ExperimentRecord, latest: Map<string, MetricPoint>, outputs: LoggedModelRecord[]): Json {
  const metrics = [...latest.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).map(metricJson);
  return {
    info: runInfoJson(run),
    data: {
      metrics,
      params: fromMap(run.params),
      tags: fromMap(run.tags),
    },
    inputs: { dataset_inputs: run.inputs ?? [], model_inputs: [] },
    outputs: { model_outputs: outputs.map((m) => ({ model_id: m.id, step: 0 })) },
  };
}

const LOGGED_MODEL_STATUS: Record<LoggedModelRecord["status"], string> = {
  PENDING: "LOGGED_MODEL_PENDING",
  READY: "LOGGED_MODEL_READY",
  FAILED: "LOGGED_MODEL_UPLOAD_FAILED",
};

export function loggedModelStatusOf(value: unknown): LoggedModelRecord["status"] | null {
  if (value === "LOGGED_MODEL_READY" || value === 2 || value === "2") return "READY";
  if (value === "LOGGED_MODEL_PENDING" || value === 1 || value === "1") return "PENDING";
  if (value === "LOGGED_MODEL_UPLOAD_FAILED" || value === 3 || value === "3") return "FAILED";
  return null;
}

export function loggedModelJson(model: LoggedModelRecord, metrics: MetricPoint[] = []): Json {
  return {
    info: {
      model_id: model.id,
      experiment_id: model.groupId,
      name: model.name,
      creation_timestamp_ms: model.createdAt.getTime(),
      last_updated_timestamp_ms: model.updatedAt.getTime(),
      artifact_uri: model.artifactUri,
      status: LOGGED_MODEL_STATUS[model.status],
      ...(model.statusMessage ? { status_message: model.statusMessage } : {}),
      ...(model.modelType ? { model_type: model.modelType } : {}),
      ...(model.sourceRunId ? { source_run_id: model.sourceRunId } : {}),
      tags: fromMap(model.tags),
    },
    data: {
      params: fromMap(model.params),
      metrics: metrics.map((m) => ({ ...metricJson(m), model_id: model.id })),
    },
  };
}

export function modelVersionJson(version: ModelRecord): Json {
  return {
    name: version.name,
    version: String(version.version),
    creation_timestamp: version.createdAt.getTime(),
    last_updated_timestamp: (version.updatedAt ?? version.createdAt).getTime(),
    user_id: version.createdBy ?? "",
    current_stage: "None",
    description: version.description,
    source: version.sourceUri ?? version.artifactUri ?? "",
    ...(version.experimentId ? { run_id: version.experimentId } : {}),
    status: "READY",
    tags: fromMap(version.tags),
    aliases: [...version.aliases].sort(),
    ...(version.sourceUri?.startsWith("models:/m-") ? { model_id: version.sourceUri.slice("models:/".length) } : {}),
  };
}

export function registeredModelJson(model: RegisteredModelRecord, latest: ModelRecord | null): Json {
  return {
    name: model.name,
    creation_timestamp: model.createdAt.getTime(),
    last_updated_timestamp: model.updatedAt.getTime(),
    description: model.description,
    latest_versions: latest ? [modelVersionJson(latest)] : [],
    tags: fromMap(model.tags),
    aliases: model.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}
