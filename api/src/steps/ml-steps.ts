/**
 * The ML step kinds: train (an experiment on the step's input, optionally registered), deploy_model (moves an
 * alias to the version trained upstream), predict (adds a registered model's predictions to every row) and
 * automl (a search whose best model is registered). They use the same services as the GraphQL API.
 */
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { DomainError } from "../common/errors.js";
import { ident } from "../data/sql.js";
import { runFile } from "../data/run-outputs.js";
import { StepError, type StepInvocation, type StepOutput, type StepResult } from "../engine/step-runtime.js";
import type { MlServices } from "../experiments/ml-services.js";
import { resolveTrainingSpec, type TrainingRequest } from "../experiments/training-spec.js";
import { rowsToTable } from "../models/prediction.service.js";
import type { SearchStrategy } from "../automl/search-space.js";
import { ConfigReader } from "./impl/config.js";
import { ROW } from "./impl/materialize.js";
import { count, explain, failure, nodeName, onlyInput, outputOf, type StepDeps } from "./impl/step-context.js";

/** What a train (or automl) step tells the steps after it, in `StepOutput.meta`. */
export interface TrainedModelMeta {
  experimentId: string | null;
  automlRunId?: string;
  model: { id: string; name: string; version: number } | null;
}

/** The metrics a train step reports as METRIC events. */
const STEP_METRICS = [
  "accuracy",
  "f1_weighted",
  "f1_macro",
  "precision_weighted",
  "recall_weighted",
  "roc_auc",
  "log_loss",
  "cv_accuracy_mean",
  "cv_accuracy_std",
  "train_rows",
  "test_rows",
];

const PREDICT_BATCH = 4096;

/** The step functions, given the ML services (created on first use where none were given, e.g. in a worker). */
export function mlSteps(
  ml: () => Promise<MlServices>,
): Record<string, (invocation: StepInvocation, deps: StepDeps) => Promise<StepResult>> {
  return {
    train: async (invocation) => trainStep(invocation, await ml()),
    deploy_model: async (invocation) => deployModelStep(invocation, await ml()),
    predict: async (invocation, deps) => predictStep(invocation, deps, await ml()),
    automl: async (invocation) => automlStep(invocation, await ml()),
  };
}

export async function trainStep(invocation: StepInvocation, ml: MlServices): Promise<StepResult> {
  const { node, runId } = invocation;
  const input = onlyInput(invocation);
  const config = new ConfigReader(node);
  const request: TrainingRequest = {
    algorithm: config.string("algorithm", "RandomForest"),
    target: config.string("target"),
    features: config.strings("features", []),
    categorical: config.strings("categorical", []),
    groupBy: config.optionalString("groupBy") ?? null,
    params: paramsOf(invocation),
    testFraction: optionalNumber(invocation, "testFraction"),
    cvFolds: optionalNumber(invocation, "cvFolds"),
    seed: config.integer("seed", 42),
  };
  if (request.testFraction == null && request.cvFolds == null) request.testFraction = 0.2;
  const spec = explainMl(invocation, () => resolveTrainingSpec(request, input.columns, input.rows));
  const registerAs = config.optionalString("registerAs");
  const split =
    spec.split.kind === "CV"
      ? `${spec.split.folds}-fold CV`
      : `${Math.round((spec.split.testFraction ?? 0) * 100)}% held out`;
  invocation.log(
    "INFO",
    `training ${spec.algorithm}${Object.keys(spec.params).length ? ` ${JSON.stringify(spec.params)}` : ""} on ${count(input.rows)} rows × ${spec.features.length} features → "${spec.target}" (${split}${spec.groupBy ? `, by ${spec.groupBy}` : ""}, seed ${spec.seed})`,
  );
  let lastStage = "";
  const { experiment, trained } = await explainMlAsync(invocation, () =>
    ml.experiments.trainForStep({
      spec,
      input,
      runId,
      nodeId: node.id,
      name: `${node.label || node.id} (run ${runId})`,
      signal: invocation.signal,
      onProgress: (state) => {
        if (state.stage !== lastStage && state.stage !== "DONE") {
          lastStage = state.stage;
          invocation.log("INFO", `${state.stage.toLowerCase()}${state.message ? `: ${state.message}` : ""}`);
        }
      },
    }),
  );
  const m = trained.metrics;
  invocation.log(
    "INFO",
    `experiment ${experiment.id}: accuracy ${fmt(m["accuracy"])}, F1 weighted ${fmt(m["f1_weighted"])}, F1 macro ${fmt(m["f1_macro"])}${m["roc_auc"] !== undefined ? `, ROC AUC ${fmt(m["roc_auc"])}` : ""} over ${trained.classLabels.length} classes (trained in ${((experiment.timings?.["trainMs"] ?? 0) / 1000).toFixed(1)} s)`,
  );
  let model: TrainedModelMeta["model"] = null;
  if (registerAs) {
    const version = await explainMlAsync(invocation, () =>
      ml.models.registerFromExperiment(experiment.id, registerAs, {
        by: `pipeline:${runId}`,
        description: `Trained by ${nodeName(node)} of run ${runId}`,
      }),
    );
    model = { id: version.id, name: version.name, version: version.version };
    invocation.log("INFO", `registered as "${version.name}" version ${version.version}`);
  }
  const meta: TrainedModelMeta = { experimentId: experiment.id, model };
  return {
    output: { ...input, meta: { ...input.meta, ...meta } },
    rowsIn: input.rows,
    rowsOut: input.rows,
    bytes: input.bytes,
    metrics: pickMetrics(m),
    details: {
      experimentId: experiment.id,
      ...(model ? { modelName: model.name, modelVersion: model.version } : {}),
    },
  };
}

export async function deployModelStep(invocation: StepInvocation, ml: MlServices): Promise<StepResult> {
  const { node, runId } = invocation;
  const input = onlyInput(invocation);
  const alias = new ConfigReader(node).string("alias", "champion");
  const model = (input.meta as Partial<TrainedModelMeta> | undefined)?.model;
  if (!model) {
    throw failure(
      `${nodeName(node)}: no model version comes from upstream; connect it after a train or automl step that sets registerAs`,
    );
  }
  const before = await ml.models.getRegistered(model.name).catch(() => null);
  const from = before?.aliases.find((a) => a.alias === alias)?.version ?? null;
  await explainMlAsync(invocation, () => ml.models.setAlias(model.name, alias, model.version, `pipeline:${runId}`));
  invocation.log(
    "INFO",
    from === model.version
      ? `"${model.name}"@${alias} already points at version ${model.version}`
      : `"${model.name}"@${alias}: ${from === null ? "unset" : `version ${from}`} → version ${model.version}`,
  );
  return {
    output: null,
    rowsIn: input.rows,
    rowsOut: null,
    bytes: null,
    metrics: { model_version: model.version },
    details: { modelName: model.name, alias, version: model.version, previousVersion: from },
  };
}

export async function predictStep(invocation: StepInvocation, deps: StepDeps, ml: MlServices): Promise<StepResult> {
  const { node } = invocation;
  const input = onlyInput(invocation);
  const config = new ConfigReader(node);
  const ref = config.string("model");
  const outputColumn = config.string("outputColumn", "prediction");
  const withProbabilities = config.boolean("probabilities", false);
  const record = await explainMlAsync(invocation, () => ml.models.resolve(ref));
  const loaded = await explainMlAsync(invocation, () => ml.models.load(record));
  const { inputSchema, classLabels } = loaded.artifact;
  const present = new Set(input.columns.map((c) => c.name));
  for (const column of inputSchema) {
    if (!present.has(column.name)) {
      throw failure(
        `${nodeName(node)}: model "${record.name}" version ${record.version} needs column "${column.name}", which the input lacks`,
        { column: column.name },
      );
    }
  }
  const probaColumns = withProbabilities ? classLabels.map((l) => `${outputColumn}_proba_${l}`) : [];
  for (const name of [outputColumn, ...probaColumns]) {
    if (present.has(name))
      throw failure(`${nodeName(node)}: the input already has a column "${name}"; choose another outputColumn`, {
        column: name,
      });
  }
  invocation.log(
    "INFO",
    `predicting ${count(input.rows)} rows with "${record.name}" version ${record.version} (${record.algorithm})`,
  );

  // Predictions go to a CSV of the run (streamed, batch by batch), which is then joined back by row number.
  const target = outputOf(invocation);
  const side = { runId: target.runId, nodeId: `${target.nodeId.slice(0, 54)}__pred` };
  const csvFile = path.join(deps.engine.dataDir, runFile(target, "predictions.csv"));
  const sideFile = path.join(deps.engine.dataDir, deps.engine.outputLocation(side));
  const counts = new Map<string, number>();
  try {
    const out = createWriteStream(csvFile);
    const write = async (text: string): Promise<void> => {
      if (!out.write(text)) await once(out, "drain");
    };
    try {
      await write(`${csvHeader(["__pred_row", outputColumn, ...probaColumns])}\n`);
      let offset = 0;
      for await (const batch of deps.engine.scan(input.location, PREDICT_BATCH, { signal: invocation.signal })) {
        const table = explainMl(invocation, () => rowsToTable(batch, inputSchema, "row", offset));
        const labels = loaded.pipeline.predict(table).map(String);
        const proba = withProbabilities ? loaded.pipeline.predictProba(table) : null;
        let text = "";
        for (let i = 0; i < labels.length; i++) {
          const label = labels[i]!;
          counts.set(label, (counts.get(label) ?? 0) + 1);
          text += `${offset + i},${csvCell(label)}`;
          if (proba) for (let c = 0; c < probaColumns.length; c++) text += `,${proba.data[i * proba.cols + c] ?? 0}`;
          text += "\n";
        }
        await write(text);
        offset += labels.length;
        invocation.progress({ rowsIn: offset, rowsOut: offset });
        // Let other work run between batches: prediction is synchronous.
        await new Promise((resolve) => setImmediate(resolve));
      }
      out.end();
      await once(out, "finish");
    } catch (error) {
      out.destroy();
      throw error;
    }
    const predictions = await deps.engine
      .readFile({
        file: csvFile,
        format: "CSV",
        csv: {
          header: true,
          columns: [
            { name: "__pred_row", type: "BIGINT" },
            { name: outputColumn, type: "VARCHAR" },
            ...probaColumns.map((name) => ({ name, type: "DOUBLE" })),
          ],
        },
        displayName: "predictions",
        output: side,
        signal: invocation.signal,
      })
      .catch((error: unknown) => explain(error, node, "the predictions"));
    const row = ident(ROW);
    const output: StepOutput = await deps.engine
      .materialize({
        sql: `SELECT i.* EXCLUDE (${row}), p.* EXCLUDE (${row}, "__pred_row")
FROM input AS i JOIN predictions AS p ON i.${row} = p."__pred_row"
ORDER BY i.${row}`,
        inputs: { input: input.location, predictions: predictions.location },
        rowNumberColumn: ROW,
        output: target,
        signal: invocation.signal,
      })
      .catch((error: unknown) => explain(error, node, "joining the predictions"));
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5);
    invocation.log(
      "INFO",
      `added "${outputColumn}"${probaColumns.length ? ` and ${probaColumns.length} probability columns` : ""} to ${count(output.rows)} rows; most predicted: ${top.map(([l, n]) => `${l} ${count(n)}`).join(", ")}`,
    );
    return {
      output: { ...output, ...(input.meta ? { meta: input.meta } : {}) },
      rowsIn: input.rows,
      rowsOut: output.rows,
      bytes: output.bytes,
      metrics: { rows_predicted: output.rows, classes_predicted: counts.size, model_version: record.version },
      details: { modelName: record.name, modelVersion: record.version },
    };
  } finally {
    await rm(csvFile, { force: true });
    await rm(sideFile, { force: true });
  }
}

export async function automlStep(invocation: StepInvocation, ml: MlServices): Promise<StepResult> {
  const { node, runId } = invocation;
  const input = onlyInput(invocation);
  const config = new ConfigReader(node);
  const name = node.label || node.id;
  const registerAs = config.optionalString("registerAs") ?? name;
  const request = {
    name,
    target: config.string("target"),
    features: config.strings("features", []),
    categorical: config.strings("categorical", []),
    groupBy: config.optionalString("groupBy") ?? null,
    algorithms: config.strings("algorithms", ["RandomForest", "GradientBoosting", "LogisticRegression", "SVM"]),
    paramGrids: (node.config["paramGrids"] as Record<string, unknown> | undefined) ?? null,
    strategy: config.oneOf<SearchStrategy>("strategy", ["GRID", "RANDOM", "SUCCESSIVE_HALVING"], "RANDOM"),
    metric: config.string("metric", "accuracy"),
    folds: config.integer("folds", 5),
    maxTrials: config.integer("maxTrials", 20),
    timeBudgetSeconds: config.integer("timeBudgetSeconds", 300),
    seed: config.integer("seed", 42),
    registerAs,
    alias: config.optionalString("alias") ?? null,
  };
  invocation.log(
    "INFO",
    `AutoML: ${request.strategy.toLowerCase()} search over ${request.algorithms.join(", ")} with ${request.folds}-fold CV on ${count(input.rows)} rows (at most ${request.maxTrials} trials, ${request.timeBudgetSeconds} s)`,
  );
  let logged = 0;
  const { run, model } = await explainMlAsync(invocation, () =>
    ml.automl.runForStep({
      request,
      input,
      runId,
      nodeId: node.id,
      signal: invocation.signal,
      onProgress: (state) => {
        if (state.trialsCompleted > logged && state.leaderboard[0]) {
          logged = state.trialsCompleted;
          const best = state.leaderboard[0];
          invocation.log(
            "INFO",
            `${state.trialsCompleted} trials done; best so far ${best.algorithm} ${JSON.stringify(best.params)}: ${request.metric} ${fmt(best.score ?? undefined)}`,
          );
        }
      },
    }),
  );
  invocation.log(
    "INFO",
    `AutoML ${run.id} ${(run.stoppedBy ?? "COMPLETED").toLowerCase().replace("_", " ")}: ${run.trialsCompleted} trials in ${(run.budgetUsedSeconds ?? 0).toFixed(1)} s; best ${request.metric} ${fmt(run.bestScore ?? undefined)}${model ? `, registered "${model.name}" version ${model.version}` : ""}`,
  );
  const meta: TrainedModelMeta = {
    experimentId: run.bestExperimentId,
    automlRunId: run.id,
    model: model ? { id: model.id, name: model.name, version: model.version } : null,
  };
  return {
    output: { ...input, meta: { ...input.meta, ...meta } },
    rowsIn: input.rows,
    rowsOut: input.rows,
    bytes: input.bytes,
    metrics: {
      ...(run.bestScore !== null ? { [`best_${request.metric}`]: run.bestScore } : {}),
      trials_completed: run.trialsCompleted,
      trials_launched: run.trialsLaunched ?? run.trialsCompleted,
      budget_used_seconds: run.budgetUsedSeconds ?? 0,
    },
    details: {
      automlRunId: run.id,
      bestExperimentId: run.bestExperimentId,
      ...(model ? { modelName: model.name, modelVersion: model.version } : {}),
    },
  };
}

/** The step's `params` config: an object of scalar values (null allowed, e.g. max_depth: null). */
function paramsOf(invocation: StepInvocation): Record<string, unknown> {
  const value = invocation.node.config["params"];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw failure(`${nodeName(invocation.node)}: config "params" must be an object of hyper-parameters`);
  return value as Record<string, unknown>;
}

function optionalNumber(invocation: StepInvocation, key: string): number | null {
  const value = invocation.node.config[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number") throw failure(`${nodeName(invocation.node)}: config "${key}" must be a number`);
  return value;
}

/** Bad config or data (a DomainError naming the field) fails the step without retry, saying which step. */
function explainMl<T>(invocation: StepInvocation, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asStepError(invocation, error);
  }
}

async function explainMlAsync<T>(invocation: StepInvocation, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asStepError(invocation, error);
  }
}

function asStepError(invocation: StepInvocation, error: unknown): unknown {
  if (invocation.signal.aborted) return error;
  if (error instanceof DomainError) {
    const field = error.details?.["field"];
    return new StepError(`${nodeName(invocation.node)}: ${error.message}`, {
      retryable: false,
      ...(typeof field === "string" ? { location: { column: field } } : {}),
    });
  }
  return error;
}

function pickMetrics(metrics: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of STEP_METRICS) {
    const v = metrics[name];
    if (typeof v === "number" && Number.isFinite(v)) out[name] = v;
  }
  return out;
}

function fmt(v: number | undefined): string {
  return v === undefined ? "—" : v.toFixed(4);
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) || value.trim() !== value || value === "" ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvHeader(names: readonly string[]): string {
  return names.map(csvCell).join(",");
}
