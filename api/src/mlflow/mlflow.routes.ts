/**
 * The MLflow-compatible REST API (`/api/2.0/mlflow/…`) and artifact proxy (`/api/2.0/mlflow-artifacts/…`), so
 * unchanged `mlflow` client code logs into Millrace with MLFLOW_TRACKING_URI=<Millrace URL> and
 * MLFLOW_TRACKING_TOKEN=<API token or access JWT>. Thin: each route reads its fields, calls a service and answers
 * MLflow's JSON; errors are `{"error_code", "message"}` with the client's codes and statuses.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import type { Authenticator } from "../auth/authentication.js";
import { hasRole, type Principal, type Role } from "../auth/principal.js";
import type { Logger } from "../common/logger.js";
import type { MetricPoint } from "../store/records.js";
import type { MlflowArtifactService } from "./mlflow-artifacts.service.js";
import { invalidParameter, MlflowError, toMlflowError } from "./mlflow-errors.js";
import type { MlflowRegistryService } from "./mlflow-registry.service.js";
import {
  checkKey,
  fieldsOf,
  keyValue,
  keyValues,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  maxResults,
  objectList,
  optionalInt,
  optionalString,
  requiredDouble,
  requiredInt,
  requiredString,
  stringList,
  type Fields,
} from "./mlflow-request.js";
import { checkBatchLimits, viewTypeOf, type MlflowTrackingService } from "./mlflow-tracking.service.js";
import {
  groupJson,
  loggedModelJson,
  loggedModelStatusOf,
  metricJson,
  modelVersionJson,
  registeredModelJson,
  runInfoJson,
  runJson,
  RUN_STATUSES,
  type Json,
  type RunStatus,
} from "./mlflow-views.js";
import { proxyPathOf } from "./mlflow-ids.js";

export const MLFLOW_PREFIX = "/api/2.0/mlflow";
export const MLFLOW_ARTIFACTS_PREFIX = "/api/2.0/mlflow-artifacts";

export interface MlflowRouterDeps {
  tracking: MlflowTrackingService;
  registry: MlflowRegistryService;
  artifacts: MlflowArtifactService;
  authenticator: Authenticator;
  logger: Logger;
}

interface Call {
  fields: Fields;
  params: Record<string, string>;
  principal: Principal;
  by: string;
}

type Handler = (call: Call) => Promise<Json>;

export function mlflowRouter(deps: MlflowRouterDeps): express.Router {
  const { tracking, registry, artifacts } = deps;
  const router = express.Router();
  const api = express.Router();
  // What the client called, at debug level (LOG_LEVEL=debug shows which endpoints a client version uses).
  router.use([MLFLOW_PREFIX, MLFLOW_ARTIFACTS_PREFIX], (req: Request, res: Response, next: NextFunction) => {
    res.on("finish", () =>
      deps.logger.debug(
        { method: req.method, path: req.originalUrl.split("?")[0], status: res.statusCode },
        "MLflow request",
      ),
    );
    next();
  });

  const route = (method: "get" | "post" | "patch" | "delete", path: string, role: Role, handler: Handler): void => {
    api[method](path, (req: Request, res: Response) => {
      void (async () => {
        const principal = await authorize(deps.authenticator, req, role);
        const fields = method === "get" ? fieldsOf(req.query) : fieldsOf(req.body);
        const params = Object.fromEntries(
          Object.entries(req.params as Record<string, unknown>).map(([k, v]) => [k, String(v as string)]),
        );
        res.json(await handler({ fields, params, principal, by: principal.email || principal.userId }));
      })().catch((error: unknown) => sendError(res, error, deps.logger));
    });
  };
  const read = (method: "get" | "post", path: string, handler: Handler) => route(method, path, "VIEWER", handler);
  const write = (method: "post" | "patch" | "delete", path: string, handler: Handler) =>
    route(method, path, "EDITOR", handler);

  // ---- experiments ----
  read("get", "/experiments/get-by-name", async ({ fields }) => ({
    experiment: groupJson(await tracking.getGroupByName(requiredString(fields, "experiment_name"))),
  }));
  read("get", "/experiments/get", async ({ fields }) => ({
    experiment: groupJson(await tracking.getGroup(requiredString(fields, "experiment_id"))),
  }));
  write("post", "/experiments/create", async ({ fields }) => ({
    experiment_id: await tracking.createGroup(
      requiredString(fields, "name"),
      keyValues(fields, "tags", MAX_TAG_VALUE_LENGTH),
    ),
  }));
  const searchExperiments: Handler = async ({ fields }) => {
    const page = await tracking.searchGroups({
      view: viewTypeOf(optionalString(fields, "view_type")),
      filter: optionalString(fields, "filter"),
      orderBy: stringList(fields, "order_by"),
      maxResults: maxResults(fields, 1000, 50_000),
      pageToken: optionalString(fields, "page_token"),
    });
    return { experiments: page.items.map(groupJson), ...nextToken(page.nextPageToken) };
  };
  read("post", "/experiments/search", searchExperiments);
  read("get", "/experiments/search", searchExperiments);
  write("post", "/experiments/update", async ({ fields }) => {
    const name = optionalString(fields, "new_name");
    if (name !== undefined) await tracking.renameGroup(requiredString(fields, "experiment_id"), name);
    return {};
  });
  write("post", "/experiments/delete", async ({ fields }) => {
    await tracking.setGroupLifecycle(requiredString(fields, "experiment_id"), "deleted");
    return {};
  });
  write("post", "/experiments/restore", async ({ fields }) => {
    await tracking.setGroupLifecycle(requiredString(fields, "experiment_id"), "active");
    return {};
  });
  write("post", "/experiments/set-experiment-tag", async ({ fields }) => {
    const key = requiredString(fields, "key");
    checkKey(key, "tag");
    await tracking.setGroupTag(requiredString(fields, "experiment_id"), keyValue(fields, MAX_TAG_VALUE_LENGTH, "tag"));
    return {};
  });
  write("post", "/experiments/delete-experiment-tag", async ({ fields }) => {
    await tracking.setGroupTag(requiredString(fields, "experiment_id"), {
      key: requiredString(fields, "key"),
      value: null,
    });
    return {};
  });

  // ---- runs ----
  const runOf = async (runId: string): Promise<Json> => {
    const run = await tracking.getRun(runId);
    return runJson(run, await tracking.latestMetrics(run), await tracking.outputsOf(run.id));
  };
  write("post", "/runs/create", async ({ fields, principal }) => {
    const run = await tracking.createRun({
      groupId: optionalString(fields, "experiment_id") ?? "0",
      userId: optionalString(fields, "user_id") ?? principal.email,
      startTime: optionalInt(fields, "start_time"),
      tags: keyValues(fields, "tags", MAX_TAG_VALUE_LENGTH),
      runName: optionalString(fields, "run_name"),
    });
    return { run: runJson(run, new Map(), []) };
  });
  read("get", "/runs/get", async ({ fields }) => ({ run: await runOf(runIdOf(fields)) }));
  write("post", "/runs/update", async ({ fields }) => {
    const status = optionalString(fields, "status");
    if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status))
      throw invalidParameter(`Invalid run status '${status}'`);
    const run = await tracking.updateRun(runIdOf(fields), {
      status: status as RunStatus | undefined,
      endTime: optionalInt(fields, "end_time"),
      runName: optionalString(fields, "run_name"),
    });
    return { run_info: runInfoJson(run) };
  });
  write("post", "/runs/delete", async ({ fields }) => {
    await tracking.setRunLifecycle(requiredString(fields, "run_id"), "deleted");
    return {};
  });
  write("post", "/runs/restore", async ({ fields }) => {
    await tracking.setRunLifecycle(requiredString(fields, "run_id"), "active");
    return {};
  });
  write("post", "/runs/log-metric", async ({ fields }) => {
    await tracking.logToRun(runIdOf(fields), { metrics: [metricOf(fields)] });
    return {};
  });
  write("post", "/runs/log-parameter", async ({ fields }) => {
    await tracking.logToRun(runIdOf(fields), { params: [keyValue(fields, MAX_PARAM_VALUE_LENGTH, "param")] });
    return {};
  });
  write("post", "/runs/set-tag", async ({ fields }) => {
    await tracking.logToRun(runIdOf(fields), { tags: [keyValue(fields, MAX_TAG_VALUE_LENGTH, "tag")] });
    return {};
  });
  write("post", "/runs/delete-tag", async ({ fields }) => {
    await tracking.deleteRunTag(requiredString(fields, "run_id"), requiredString(fields, "key"));
    return {};
  });
  write("post", "/runs/log-batch", async ({ fields }) => {
    const [metrics, params, tags] = [
      objectList(fields, "metrics"),
      objectList(fields, "params"),
      objectList(fields, "tags"),
    ];
    checkBatchLimits(metrics.length, params.length, tags.length);
    await tracking.logToRun(requiredString(fields, "run_id"), {
      metrics: metrics.map(metricOf),
      params: params.map((p) => keyValue(p, MAX_PARAM_VALUE_LENGTH, "param")),
      tags: tags.map((t) => keyValue(t, MAX_TAG_VALUE_LENGTH, "tag")),
    });
    return {};
  });
  write("post", "/runs/log-inputs", async ({ fields }) => {
    await tracking.logInputs(requiredString(fields, "run_id"), objectList(fields, "datasets"));
    return {};
  });
  write("post", "/runs/outputs", async ({ fields }) => {
    const models = objectList(fields, "models").map((m) => requiredString(m, "model_id"));
    await tracking.logOutputs(requiredString(fields, "run_id"), models);
    return {};
  });
  write("post", "/runs/log-model", async ({ fields }) => {
    // MLflow keeps the MLmodel summaries of a run in this tag (a JSON list).
    const runId = requiredString(fields, "run_id");
    let model: unknown;
    try {
      model = JSON.parse(requiredString(fields, "model_json"));
    } catch (error) {
      if (error instanceof SyntaxError) throw invalidParameter("'model_json' is not valid JSON");
      throw error;
    }
    const run = await tracking.getRun(runId);
    const history: unknown[] = [];
    try {
      const parsed: unknown = JSON.parse(run.tags["mlflow.log-model.history"] ?? "[]");
      if (Array.isArray(parsed)) history.push(...(parsed as unknown[]));
    } catch {
      // a tag someone else wrote: start over
    }
    history.push(model);
    await tracking.logToRun(runId, { tags: [{ key: "mlflow.log-model.history", value: JSON.stringify(history) }] });
    return {};
  });
  const searchRuns: Handler = async ({ fields }) => {
    const page = await tracking.searchRuns({
      groupIds: stringList(fields, "experiment_ids"),
      filter: optionalString(fields, "filter"),
      view: viewTypeOf(optionalString(fields, "run_view_type")),
      orderBy: stringList(fields, "order_by"),
      maxResults: maxResults(fields, 1000, 50_000),
      pageToken: optionalString(fields, "page_token"),
    });
    const runs = await Promise.all(
      page.items.map(async (run) => runJson(run, await tracking.latestMetrics(run), await tracking.outputsOf(run.id))),
    );
    return { runs, ...nextToken(page.nextPageToken) };
  };
  read("post", "/runs/search", searchRuns);
  read("get", "/metrics/get-history", async ({ fields }) => {
    const page = await tracking.metricHistory(
      runIdOf(fields),
      requiredString(fields, "metric_key"),
      maxResults(fields, 25_000, 25_000),
      optionalString(fields, "page_token"),
    );
    return { metrics: page.items.map(metricJson), ...nextToken(page.nextPageToken) };
  });
  read("get", "/artifacts/list", async ({ fields }) => {
    const run = await tracking.getRun(runIdOf(fields));
    const root = run.artifactUri ?? "";
    const base = proxyPathOf(root) ?? "";
    const path = (optionalString(fields, "path") ?? "").replace(/^\/+|\/+$/g, "");
    const entries = await artifacts.list(path === "" ? base : `${base}/${path}`);
    return {
      root_uri: root,
      files: entries.map((e) => ({
        path: path === "" ? e.name : `${path}/${e.name}`,
        is_dir: e.isDir,
        ...(e.size !== null ? { file_size: e.size } : {}),
      })),
    };
  });

  // ---- logged models (MLflow 3) ----
  write("post", "/logged-models", async ({ fields }) => {
    const model = await tracking.createLoggedModel({
      groupId: requiredString(fields, "experiment_id"),
      name: optionalString(fields, "name"),
      modelType: optionalString(fields, "model_type"),
      sourceRunId: optionalString(fields, "source_run_id"),
      params: keyValues(fields, "params", MAX_PARAM_VALUE_LENGTH),
      tags: keyValues(fields, "tags", MAX_TAG_VALUE_LENGTH),
    });
    return { model: loggedModelJson(model) };
  });
  read("post", "/logged-models/search", async ({ fields }) => {
    const page = await tracking.searchLoggedModels({
      groupIds: stringList(fields, "experiment_ids"),
      filter: optionalString(fields, "filter"),
      orderBy: objectList(fields, "order_by").map(
        (o) => `${requiredString(o, "field_name")} ${o["ascending"] === false ? "DESC" : "ASC"}`,
      ),
      maxResults: maxResults(fields, 100, 1000),
      pageToken: optionalString(fields, "page_token"),
    });
    return { models: page.items.map((m) => loggedModelJson(m)), ...nextToken(page.nextPageToken) };
  });
  read("get", "/logged-models/:modelId", async ({ params, fields }) => ({
    model: loggedModelJson(
      await tracking.getLoggedModel(params["modelId"] ?? "", optionalString(fields, "allow_deleted") === "true"),
    ),
  }));
  write("patch", "/logged-models/:modelId", async ({ params, fields }) => {
    const status = loggedModelStatusOf(fields["status"]);
    if (!status) throw invalidParameter(`Invalid logged model status ${JSON.stringify(fields["status"])}`);
    const model = await tracking.updateLoggedModel(params["modelId"] ?? "", () => ({ status }));
    return { model: loggedModelJson(model) };
  });
  write("delete", "/logged-models/:modelId", async ({ params }) => {
    await tracking.updateLoggedModel(params["modelId"] ?? "", () => ({ lifecycleStage: "deleted" }));
    return {};
  });
  write("patch", "/logged-models/:modelId/tags", async ({ params, fields }) => {
    const tags = keyValues(fields, "tags", MAX_TAG_VALUE_LENGTH);
    const model = await tracking.updateLoggedModel(params["modelId"] ?? "", (m) => ({
      tags: { ...m.tags, ...Object.fromEntries(tags.map((t) => [t.key, t.value])) },
    }));
    return { model: loggedModelJson(model) };
  });
  write("delete", "/logged-models/:modelId/tags/:tagKey", async ({ params }) => {
    const key = params["tagKey"] ?? "";
    await tracking.updateLoggedModel(params["modelId"] ?? "", (m) => {
      const tags = { ...m.tags };
      delete tags[key];
      return { tags };
    });
    return {};
  });
  write("post", "/logged-models/:modelId/params", async ({ params, fields }) => {
    const values = keyValues(fields, "params", MAX_PARAM_VALUE_LENGTH);
    await tracking.updateLoggedModel(params["modelId"] ?? "", (m) => ({
      params: { ...m.params, ...Object.fromEntries(values.map((p) => [p.key, p.value])) },
    }));
    return {};
  });
  read("get", "/logged-models/:modelId/artifacts/directories", async ({ params, fields }) => {
    const model = await tracking.getLoggedModel(params["modelId"] ?? "");
    const base = proxyPathOf(model.artifactUri) ?? "";
    const path = (optionalString(fields, "artifact_directory_path") ?? "").replace(/^\/+|\/+$/g, "");
    const entries = await artifacts.list(path === "" ? base : `${base}/${path}`);
    return {
      root_uri: model.artifactUri,
      files: entries.map((e) => ({
        path: path === "" ? e.name : `${path}/${e.name}`,
        is_dir: e.isDir,
        ...(e.size !== null ? { file_size: e.size } : {}),
      })),
    };
  });

  // ---- model registry ----
  const registeredOf = async (name: string): Promise<Json> =>
    registeredModelJson(await registry.getRegisteredModel(name), await registry.latestVersion(name));
  write("post", "/registered-models/create", async ({ fields }) => {
    const name = requiredString(fields, "name");
    await registry.createRegisteredModel(
      name,
      optionalString(fields, "description"),
      keyValues(fields, "tags", MAX_TAG_VALUE_LENGTH),
    );
    return { registered_model: await registeredOf(name) };
  });
  read("get", "/registered-models/get", async ({ fields }) => ({
    registered_model: await registeredOf(requiredString(fields, "name")),
  }));
  read("get", "/registered-models/search", async ({ fields }) => {
    const page = await registry.searchRegisteredModels({
      filter: optionalString(fields, "filter"),
      orderBy: stringList(fields, "order_by"),
      maxResults: maxResults(fields, 100, 1000),
      pageToken: optionalString(fields, "page_token"),
    });
    const models = await Promise.all(page.items.map((m) => registeredOf(m.name)));
    return { registered_models: models, ...nextToken(page.nextPageToken) };
  });
  write("patch", "/registered-models/update", async ({ fields }) => {
    const name = requiredString(fields, "name");
    await registry.updateRegisteredModel(name, optionalString(fields, "description"));
    return { registered_model: await registeredOf(name) };
  });
  write("post", "/registered-models/rename", async ({ fields }) => {
    const newName = requiredString(fields, "new_name");
    await registry.renameRegisteredModel(requiredString(fields, "name"), newName);
    return { registered_model: await registeredOf(newName) };
  });
  write("delete", "/registered-models/delete", async ({ fields }) => {
    await registry.deleteRegisteredModel(requiredString(fields, "name"));
    return {};
  });
  write("post", "/registered-models/set-tag", async ({ fields }) => {
    const tag = keyValue(fields, MAX_TAG_VALUE_LENGTH, "tag");
    await registry.setRegisteredModelTag(requiredString(fields, "name"), tag.key, tag.value);
    return {};
  });
  write("delete", "/registered-models/delete-tag", async ({ fields }) => {
    await registry.setRegisteredModelTag(requiredString(fields, "name"), requiredString(fields, "key"), null);
    return {};
  });
  write("post", "/registered-models/alias", async ({ fields, by }) => {
    await registry.setAlias(requiredString(fields, "name"), requiredString(fields, "alias"), versionOf(fields), by);
    return {};
  });
  write("delete", "/registered-models/alias", async ({ fields, by }) => {
    await registry.deleteAlias(requiredString(fields, "name"), requiredString(fields, "alias"), by);
    return {};
  });
  read("get", "/registered-models/alias", async ({ fields }) => ({
    model_version: modelVersionJson(
      await registry.versionByAlias(requiredString(fields, "name"), requiredString(fields, "alias")),
    ),
  }));
  const latestVersions: Handler = async ({ fields }) => {
    const name = requiredString(fields, "name");
    await registry.getRegisteredModel(name);
    const latest = await registry.latestVersion(name);
    return { model_versions: latest ? [modelVersionJson(latest)] : [] };
  };
  read("post", "/registered-models/get-latest-versions", latestVersions);
  read("get", "/registered-models/get-latest-versions", latestVersions);
  write("post", "/model-versions/create", async ({ fields, by }) => {
    const version = await registry.createModelVersion({
      name: requiredString(fields, "name"),
      source: requiredString(fields, "source"),
      runId: optionalString(fields, "run_id"),
      modelId: optionalString(fields, "model_id"),
      description: optionalString(fields, "description"),
      tags: keyValues(fields, "tags", MAX_TAG_VALUE_LENGTH),
      by,
    });
    return { model_version: modelVersionJson(version) };
  });
  read("get", "/model-versions/get", async ({ fields }) => ({
    model_version: modelVersionJson(await registry.getModelVersion(requiredString(fields, "name"), versionOf(fields))),
  }));
  write("patch", "/model-versions/update", async ({ fields }) => ({
    model_version: modelVersionJson(
      await registry.updateModelVersion(
        requiredString(fields, "name"),
        versionOf(fields),
        optionalString(fields, "description"),
      ),
    ),
  }));
  write("delete", "/model-versions/delete", async ({ fields, by }) => {
    await registry.deleteModelVersion(requiredString(fields, "name"), versionOf(fields), by);
    return {};
  });
  read("get", "/model-versions/search", async ({ fields }) => {
    const page = await registry.searchModelVersions({
      filter: optionalString(fields, "filter"),
      orderBy: stringList(fields, "order_by"),
      maxResults: maxResults(fields, 10_000, 200_000),
      pageToken: optionalString(fields, "page_token"),
    });
    return { model_versions: page.items.map(modelVersionJson), ...nextToken(page.nextPageToken) };
  });
  read("get", "/model-versions/get-download-uri", async ({ fields }) => ({
    artifact_uri: await registry.downloadUri(
      await registry.getModelVersion(requiredString(fields, "name"), versionOf(fields)),
    ),
  }));
  write("post", "/model-versions/set-tag", async ({ fields }) => {
    const tag = keyValue(fields, MAX_TAG_VALUE_LENGTH, "tag");
    await registry.setModelVersionTag(requiredString(fields, "name"), versionOf(fields), tag.key, tag.value);
    return {};
  });
  write("delete", "/model-versions/delete-tag", async ({ fields }) => {
    await registry.setModelVersionTag(
      requiredString(fields, "name"),
      versionOf(fields),
      requiredString(fields, "key"),
      null,
    );
    return {};
  });

  // Anything else under the prefix: MLflow's "no such endpoint", so clients that probe fall back.
  api.use((req: Request, res: Response) => {
    deps.logger.debug({ method: req.method, path: req.path }, "MLflow endpoint not implemented");
    res.status(404).json({
      error_code: "ENDPOINT_NOT_FOUND",
      message: `No MLflow endpoint ${req.method} ${MLFLOW_PREFIX}${req.path}`,
    });
  });

  router.use(MLFLOW_PREFIX, express.json({ limit: "16mb" }), api, jsonErrors(deps.logger));

  // ---- artifact proxy ----
  const artifactsApi = express.Router();
  artifactsApi.get("/artifacts", (req: Request, res: Response) => {
    void (async () => {
      await authorize(deps.authenticator, req, "VIEWER");
      const path = optionalString(fieldsOf(req.query), "path") ?? "";
      const entries = await artifacts.list(path);
      res.json({
        files: entries.map((e) => ({
          path: e.name,
          is_dir: e.isDir,
          ...(e.size !== null ? { file_size: e.size } : {}),
        })),
      });
    })().catch((error: unknown) => sendError(res, error, deps.logger));
  });
  artifactsApi.get("/artifacts/*path", (req: Request, res: Response) => {
    void (async () => {
      await authorize(deps.authenticator, req, "VIEWER");
      const stream = await artifacts.download(wildcardPath(req));
      res.status(200).type("application/octet-stream");
      stream.on("error", (error) => {
        deps.logger.error({ err: error }, "MLflow artifact download failed");
        res.destroy(error);
      });
      stream.pipe(res);
    })().catch((error: unknown) => sendError(res, error, deps.logger));
  });
  artifactsApi.put("/artifacts/*path", (req: Request, res: Response) => {
    void (async () => {
      await authorize(deps.authenticator, req, "EDITOR");
      await artifacts.upload(wildcardPath(req), req);
      res.json({});
    })().catch((error: unknown) => sendError(res, error, deps.logger));
  });
  artifactsApi.delete("/artifacts/*path", (req: Request, res: Response) => {
    void (async () => {
      await authorize(deps.authenticator, req, "EDITOR");
      await artifacts.delete(wildcardPath(req));
      res.json({});
    })().catch((error: unknown) => sendError(res, error, deps.logger));
  });
  artifactsApi.use((req: Request, res: Response) => {
    res.status(404).json({
      error_code: "ENDPOINT_NOT_FOUND",
      message: `No MLflow endpoint ${req.method} ${MLFLOW_ARTIFACTS_PREFIX}${req.path}`,
    });
  });
  router.use(MLFLOW_ARTIFACTS_PREFIX, artifactsApi);
  return router;
}

/** The caller, when signed in with at least `role`; else an UNAUTHENTICATED or PERMISSION_DENIED MlflowError. */
async function authorize(authenticator: Authenticator, req: Request, role: Role): Promise<Principal> {
  const result = await authenticator.fromAuthorization(req.headers.authorization);
  if ("error" in result) throw new MlflowError("UNAUTHENTICATED", result.error);
  if (!result.principal)
    throw new MlflowError(
      "UNAUTHENTICATED",
      "sign in first: set MLFLOW_TRACKING_TOKEN to a Millrace API token (Authorization: Bearer <token>)",
    );
  if (!hasRole(result.principal, role))
    throw new MlflowError("PERMISSION_DENIED", `this needs the ${role} role; you are ${result.principal.role}`);
  return result.principal;
}

function sendError(res: Response, error: unknown, logger: Logger): void {
  const known = toMlflowError(error);
  if (!known) logger.error({ err: error }, "MLflow request failed");
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (known) res.status(known.status).json(known.toJSON());
  else res.status(500).json({ error_code: "INTERNAL_ERROR", message: "Internal server error" });
}

/** Bodies that are not JSON (or too large) get MLflow's error shape too. */
function jsonErrors(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (error as { type?: string } | null)?.type;
    if (error instanceof SyntaxError || type === "entity.parse.failed") {
      res.status(400).json({ error_code: "MALFORMED_REQUEST", message: "The request body is not valid JSON" });
      return;
    }
    if (type === "entity.too.large") {
      res.status(400).json({ error_code: "INVALID_PARAMETER_VALUE", message: "The request body is too large" });
      return;
    }
    if (res.headersSent) return next(error);
    sendError(res, error, logger);
  };
}

function nextToken(token: string | null): Json {
  return token ? { next_page_token: token } : {};
}

function runIdOf(fields: Fields): string {
  const id = optionalString(fields, "run_id") ?? optionalString(fields, "run_uuid");
  if (id === undefined || id === "") throw invalidParameter("Missing value for required parameter 'run_id'.");
  return id;
}

function versionOf(fields: Fields): number {
  const version = requiredInt(fields, "version");
  if (version < 1) throw invalidParameter(`Invalid model version number '${version}'`);
  return version;
}

function metricOf(fields: Fields): MetricPoint {
  const key = requiredString(fields, "key");
  checkKey(key, "metric");
  return {
    key,
    value: requiredDouble(fields, "value"),
    timestamp: requiredInt(fields, "timestamp"),
    step: optionalInt(fields, "step") ?? 0,
  };
}

function wildcardPath(req: Request): string {
  const value = (req.params as Record<string, unknown>)["path"];
  return Array.isArray(value) ? value.map(String).join("/") : String(value);
}
