/**
 * MLflow's model registry on the Millrace registry: registered models are model names (with their aliases and
 * alias history), model versions are Millrace model versions registered from MLflow sources (`models:/m-…`,
 * `runs:/<run>/…`), tags are kept on both.
 */
import { DomainError } from "../common/errors.js";
import type { ModelRegistryService } from "../models/model-registry.service.js";
import type { ModelRecord, RegisteredModelRecord } from "../store/records.js";
import { doesNotExist, invalidParameter } from "./mlflow-errors.js";
import { proxyPathOf } from "./mlflow-ids.js";
import { pageOf, type KeyValue } from "./mlflow-request.js";
import { compare, parseFilter, parseOrderBy, sortBy, type Clause, type OrderBy } from "./mlflow-search.js";
import type { MlflowTrackingService } from "./mlflow-tracking.service.js";

const LIST_PAGE = 500;

export class MlflowRegistryService {
  constructor(
    private readonly registry: ModelRegistryService,
    private readonly tracking: MlflowTrackingService,
  ) {}

  async createRegisteredModel(
    name: string,
    description: string | undefined,
    tags: KeyValue[],
  ): Promise<RegisteredModelRecord> {
    if (name === "") throw invalidParameter("Registered model name cannot be empty.");
    return this.registry.createRegistered(name, {
      description: description ?? "",
      tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
    });
  }

  async getRegisteredModel(name: string): Promise<RegisteredModelRecord> {
    try {
      return await this.registry.getRegistered(name);
    } catch (error) {
      throw notFoundAs(error, `Registered Model with name=${name} not found`);
    }
  }

  /** The newest version of a model (MLflow's latest_versions, stages being gone). */
  async latestVersion(name: string): Promise<ModelRecord | null> {
    const versions = (await this.registry.versions(name, { first: LIST_PAGE })).items;
    return versions.reduce<ModelRecord | null>(
      (best, v) => (best === null || v.version > best.version ? v : best),
      null,
    );
  }

  async updateRegisteredModel(name: string, description: string | undefined): Promise<RegisteredModelRecord> {
    await this.getRegisteredModel(name);
    return this.registry.updateRegistered(name, description === undefined ? {} : { description });
  }

  async renameRegisteredModel(name: string, newName: string): Promise<void> {
    await this.getRegisteredModel(name);
    await this.registry.renameRegistered(name, newName);
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.getRegisteredModel(name);
    await this.registry.deleteRegistered(name);
  }

  async setRegisteredModelTag(name: string, key: string, value: string | null): Promise<void> {
    const model = await this.getRegisteredModel(name);
    const tags = { ...(model.tags ?? {}) };
    if (value === null) delete tags[key];
    else tags[key] = value;
    await this.registry.updateRegistered(name, { tags });
  }

  async searchRegisteredModels(args: {
    filter?: string | undefined;
    orderBy: string[];
    maxResults: number;
    pageToken?: string | undefined;
  }): Promise<{ items: RegisteredModelRecord[]; nextPageToken: string | null }> {
    const clauses = parseFilter(args.filter);
    const all: RegisteredModelRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.registry.listRegistered({}, { first: LIST_PAGE, after });
      all.push(...page.items);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    const matching = all.filter((m) => clauses.every((c) => compare(c, registeredValue(m, c))));
    const orders = parseOrderBy(args.orderBy);
    const sorted = sortBy(
      matching,
      orders.length > 0 ? orders : [{ entity: "attribute", key: "name", ascending: true }],
      (m, o) => registeredValue(m, o),
      (a, b) => (a.name < b.name ? -1 : 1),
    );
    return pageOf(sorted, args.maxResults, args.pageToken);
  }

  async createModelVersion(args: {
    name: string;
    source: string;
    runId: string | undefined;
    modelId: string | undefined;
    description: string | undefined;
    tags: KeyValue[];
    by: string;
  }): Promise<ModelRecord> {
    if (args.source === "") throw invalidParameter("Missing value for required parameter 'source'.");
    let runId = args.runId && args.runId !== "" ? args.runId : null;
    if (runId) await this.tracking.getRun(runId);
    if (args.modelId) {
      const logged = await this.tracking.getLoggedModel(args.modelId);
      runId ??= logged.sourceRunId ?? logged.experimentId;
    }
    return this.registry.registerExternal(args.name, {
      sourceUri: args.source,
      experimentId: runId,
      description: args.description ?? "",
      tags: Object.fromEntries(args.tags.map((t) => [t.key, t.value])),
      by: args.by,
    });
  }

  async getModelVersion(name: string, version: number): Promise<ModelRecord> {
    try {
      return await this.registry.version(name, version);
    } catch (error) {
      throw notFoundAs(error, `Model Version (name=${name}, version=${version}) not found`);
    }
  }

  async updateModelVersion(name: string, version: number, description: string | undefined): Promise<ModelRecord> {
    await this.getModelVersion(name, version);
    return this.registry.updateVersion(name, version, description === undefined ? {} : { description });
  }

  async deleteModelVersion(name: string, version: number, by: string): Promise<void> {
    await this.getModelVersion(name, version);
    await this.registry.deleteVersion(name, version, by);
  }

  async setModelVersionTag(name: string, version: number, key: string, value: string | null): Promise<void> {
    const record = await this.getModelVersion(name, version);
    const tags = { ...(record.tags ?? {}) };
    if (value === null) delete tags[key];
    else tags[key] = value;
    await this.registry.updateVersion(name, version, { tags });
  }

  async searchModelVersions(args: {
    filter?: string | undefined;
    orderBy: string[];
    maxResults: number;
    pageToken?: string | undefined;
  }): Promise<{ items: ModelRecord[]; nextPageToken: string | null }> {
    const clauses = parseFilter(args.filter);
    const byName = clauses.find((c) => c.entity === "attribute" && c.key === "name" && c.op === "=");
    const all: ModelRecord[] = [];
    const names =
      typeof byName?.value === "string"
        ? [byName.value]
        : (await this.searchRegisteredModels({ orderBy: [], maxResults: 1_000_000 })).items.map((m) => m.name);
    for (const name of names) all.push(...(await this.registry.versions(name, { first: LIST_PAGE })).items);
    const matching = all.filter((v) => clauses.every((c) => compare(c, versionValue(v, c))));
    const orders = parseOrderBy(args.orderBy);
    const sorted = sortBy(
      matching,
      orders.length > 0 ? orders : [{ entity: "attribute", key: "name", ascending: true }],
      (v, o) => versionValue(v, o),
      (a, b) => b.version - a.version,
    );
    return pageOf(sorted, args.maxResults, args.pageToken);
  }

  async setAlias(name: string, alias: string, version: number, by: string): Promise<void> {
    await this.getModelVersion(name, version);
    await this.registry.setAlias(name, alias, version, by);
  }

  async deleteAlias(name: string, alias: string, by: string): Promise<void> {
    await this.getRegisteredModel(name);
    await this.registry.removeAlias(name, alias, by);
  }

  async versionByAlias(name: string, alias: string): Promise<ModelRecord> {
    const model = await this.getRegisteredModel(name);
    const pointer = model.aliases.find((a) => a.alias === alias);
    if (!pointer) throw doesNotExist(`Registered model alias ${alias} not found.`);
    return this.getModelVersion(name, pointer.version);
  }

  /** Where the client downloads a version's artifacts from. */
  async downloadUri(version: ModelRecord): Promise<string> {
    const source = version.sourceUri ?? "";
    const model = /^models:\/(m-[0-9a-f]+)\/?$/.exec(source);
    if (model?.[1]) return (await this.tracking.getLoggedModel(model[1], true)).artifactUri;
    const run = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
    if (run?.[1]) {
      const uri = (await this.tracking.getRun(run[1])).artifactUri ?? "";
      return run[2] ? `${uri}/${run[2]}` : uri;
    }
    if (proxyPathOf(source) !== null) return source;
    return source || (version.artifactUri ?? "");
  }
}

/** A NOT_FOUND in MLflow's words; any other error as it is. */
function notFoundAs(error: unknown, message: string): unknown {
  return error instanceof DomainError && error.code === "NOT_FOUND" ? doesNotExist(message) : error;
}

type Keyed = Pick<Clause, "entity" | "key"> | OrderBy;

function registeredValue(model: RegisteredModelRecord, c: Keyed): string | number | undefined {
  if (c.entity === "tag") return model.tags?.[c.key];
  if (c.entity !== "attribute") return undefined;
  switch (c.key) {
    case "name":
      return model.name;
    case "creation_timestamp":
      return model.createdAt.getTime();
    case "last_updated_timestamp":
    case "timestamp":
      return model.updatedAt.getTime();
    default:
      throw invalidParameter(`Invalid attribute key '${c.key}' specified for registered models.`);
  }
}

function versionValue(version: ModelRecord, c: Keyed): string | number | undefined {
  if (c.entity === "tag") return version.tags?.[c.key];
  if (c.entity !== "attribute") return undefined;
  switch (c.key) {
    case "name":
      return version.name;
    case "version":
    case "version_number":
      return version.version;
    case "run_id":
      return version.experimentId ?? undefined;
    case "source":
    case "source_path":
      return version.sourceUri ?? version.artifactUri ?? undefined;
    case "creation_timestamp":
      return version.createdAt.getTime();
    case "last_updated_timestamp":
      return (version.updatedAt ?? version.createdAt).getTime();
    case "current_stage":
      return "None";
    default:
      throw invalidParameter(`Invalid attribute key '${c.key}' specified for model versions.`);
  }
}
