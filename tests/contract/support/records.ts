/**
 * Record builders for the store contract: complete, realistic records with every awkward value a store must keep
 * (nested dates, nulls, empty arrays, user JSON whose keys look like operators or paths).
 */
import { newId } from "../../../api/src/common/ids.js";
import { utcDay } from "../../../api/src/store/collections.js";
import type {
  AutoMLRunRecord,
  DatasetRecord,
  ExperimentRecord,
  LogRecord,
  ModelRecord,
  PipelineRecord,
  RunRecord,
  ValidationRecord,
} from "../../../api/src/store/records.js";
import { initialProgress, type NewRunEvent, type RunEventType } from "../../../api/src/runs/run-state.js";

/** User JSON that must never be interpreted: operator-looking and dotted keys, an extended-JSON look-alike. */
export const HOSTILE_JSON = { $where: "1", "a.b": { $date: "2020-01-01" }, nested: [{ $gt: null, "": 0 }], nul: null };

export const T0 = new Date("2025-03-04T05:06:07.089Z");

export function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

export function pipeline(overrides: Partial<PipelineRecord> = {}): PipelineRecord {
  return {
    id: newId(),
    name: `pipeline ${newId()}`,
    description: "",
    nodes: [
      {
        id: "src",
        kind: "csv.read",
        label: "Read",
        config: { ...HOSTILE_JSON, path: "x.csv" },
        position: { x: 0, y: 0 },
      },
      { id: "out", kind: "csv.write", label: "Write", config: {}, position: { x: 200, y: -0.5 } },
    ],
    edges: [{ id: "e1", source: "src", target: "out", targetHandle: "in" }],
    params: [{ name: "limit", type: "NUMBER", default: null, description: "how many" }],
    schedule: null,
    scheduled: false,
    tags: [],
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function run(overrides: Partial<RunRecord> = {}): RunRecord {
  const createdAt = overrides.createdAt ?? T0;
  return {
    id: newId(),
    ...initialProgress(["src", "out"]),
    pipelineId: newId(),
    pipelineName: "p",
    pipelineVersion: 3,
    snapshot: { nodes: pipeline().nodes, edges: [] },
    trigger: "MANUAL",
    params: { ...HOSTILE_JSON },
    parentRunId: null,
    day: utcDay(createdAt),
    createdAt,
    leaseOwner: null,
    leaseExpiresAt: null,
    cancelRequestedAt: null,
    ...overrides,
  };
}

export function dataset(overrides: Partial<DatasetRecord> = {}): DatasetRecord {
  return {
    id: newId(),
    name: `dataset ${newId()}`,
    description: "d",
    format: "CSV",
    path: "uploads/x.csv",
    sizeBytes: 2 ** 40 + 1,
    rowCount: 0,
    columns: [{ name: "a", type: "INTEGER" }],
    source: "UPLOAD",
    createdAt: T0,
    updatedAt: at(1),
    ...overrides,
  };
}

export function experiment(overrides: Partial<ExperimentRecord> = {}): ExperimentRecord {
  return {
    id: newId(),
    name: `experiment ${newId()}`,
    status: "SUCCEEDED",
    algorithm: "logistic_regression",
    datasetId: null,
    runId: null,
    target: "y",
    features: ["a", "b"],
    params: { ...HOSTILE_JSON, C: 0.5 },
    metrics: { "accuracy.val": 0.91, $loss: 0.2 },
    confusionMatrix: [
      [5, 1],
      [0, 4],
    ],
    classLabels: ["no", "yes"],
    tags: { "team.name": "ml", $owner: "x" },
    source: "MILLRACE",
    error: null,
    createdAt: T0,
    startedAt: at(10),
    finishedAt: null,
    durationMs: null,
    ...overrides,
  };
}

export function model(overrides: Partial<ModelRecord> = {}): ModelRecord {
  return {
    id: newId(),
    name: `model ${newId()}`,
    version: 1,
    algorithm: "random_forest",
    experimentId: null,
    metrics: { "f1.macro": 0.8 },
    aliases: ["champion"],
    artifactUri: null,
    description: "",
    createdAt: T0,
    ...overrides,
  };
}

export function automl(overrides: Partial<AutoMLRunRecord> = {}): AutoMLRunRecord {
  return {
    id: newId(),
    name: `automl ${newId()}`,
    status: "RUNNING",
    datasetId: null,
    target: null,
    strategy: "SUCCESSIVE_HALVING",
    metric: "accuracy",
    maxTrials: 20,
    timeBudgetSeconds: null,
    trialsCompleted: 0,
    bestExperimentId: null,
    bestScore: null,
    error: null,
    createdAt: T0,
    startedAt: at(5),
    finishedAt: null,
    ...overrides,
  };
}

export function validation(overrides: Partial<ValidationRecord> = {}): ValidationRecord {
  return {
    id: newId(),
    name: `validation ${newId()}`,
    datasetId: null,
    runId: null,
    nodeId: null,
    status: "PASSED",
    mode: "WARN",
    rules: [{ ...HOSTILE_JSON, kind: "not_null" }],
    results: [],
    report: { ...HOSTILE_JSON, score: 50 },
    score: 0.5,
    error: null,
    createdAt: T0,
    finishedAt: at(2),
    ...overrides,
  };
}

export function log(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    id: newId(),
    createdAt: T0,
    level: "INFO",
    source: "engine",
    message: "hello",
    runId: null,
    nodeId: null,
    pipelineId: null,
    ...overrides,
  };
}

export function event(
  type: RunEventType,
  atMs: number,
  nodeId: string | null = null,
  payload?: Record<string, unknown>,
): NewRunEvent {
  return { type, nodeId, at: at(atMs), ...(payload === undefined ? {} : { payload }) };
}

/** A run's complete life: started, one step succeeded, one failed, run failed. */
export function lifecycle(): NewRunEvent[] {
  return [
    event("RUN_STARTED", 0),
    event("STEP_STARTED", 10, "src"),
    event("STEP_PROGRESS", 20, "src", { rowsIn: 5, "weird.key": { $ne: 1 } }),
    event("STEP_SUCCEEDED", 30, "src", { rowsOut: 5 }),
    event("STEP_STARTED", 40, "out"),
    event("STEP_FAILED", 55, "out", { error: "disk full" }),
    event("RUN_FAILED", 60, null, { reason: "step out failed" }),
  ];
}
