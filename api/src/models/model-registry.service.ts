/**
 * The model registry: versions 1, 2, 3… per model name, registered from succeeded experiments; aliases
 * (champion, challenger…) that move between versions with an audit history; artifacts through the
 * ArtifactStore. A version exists only once its artifact is written, so a failure leaves no half-registered one.
 */
import type { ArtifactStore } from "../artifacts/artifact-store.js";
import type { Clock } from "../common/clock.js";
import { EntityReader } from "../common/entity-reader.js";
import { BadInputError, DomainError, NotFoundError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import { Pipeline } from "../ml/index.js";
import type {
  ExperimentStore,
  ModelFilter,
  ModelStore,
  Page,
  PageRequest,
  RegisteredModelFilter,
  RegisteredModelStore,
} from "../store/ports.js";
import type { ModelRecord, RegisteredModelRecord } from "../store/records.js";
import { decodeModelArtifact, encodeModelArtifact, modelArtifactKey, type ModelArtifact } from "./model-artifact.js";

export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/;
export const ALIAS_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
/** `name/latest` always means the newest version, so no alias may be called that. */
const RESERVED_ALIASES = new Set(["latest"]);
const MAX_CAS_ATTEMPTS = 50;
const CACHE_SIZE = 16;

export interface ModelRegistryDeps {
  models: ModelStore;
  registered: RegisteredModelStore;
  experiments: ExperimentStore;
  artifacts: ArtifactStore;
  clock: Clock;
  logger: Logger;
}

/** A version ready to predict: its record, its artifact and the pipeline restored from it. */
export interface LoadedModel {
  record: ModelRecord;
  artifact: ModelArtifact;
  pipeline: Pipeline;
}

/** How a caller names a version: `name@alias`, `name/3`, `name/latest` or just `name` (the latest). */
export interface ModelRef {
  name: string;
  alias: string | null;
  version: number | null;
}

export function parseModelRef(ref: string, field = "model"): ModelRef {
  const text = ref.trim();
  const at = text.lastIndexOf("@");
  const slash = text.lastIndexOf("/");
  let name = text;
  let alias: string | null = null;
  let version: number | null = null;
  if (at > 0 && at > slash) {
    name = text.slice(0, at);
    alias = text.slice(at + 1);
  } else if (slash > 0) {
    name = text.slice(0, slash);
    const v = text.slice(slash + 1);
    if (v !== "latest") {
      if (!/^[1-9][0-9]{0,8}$/.test(v))
        throw new BadInputError(field, `"${ref}": the version after "/" must be a number (or "latest")`);
      version = Number(v);
    }
  }
  if (!MODEL_NAME_PATTERN.test(name))
    throw new BadInputError(field, `"${ref}" is not a model reference; use "name@alias", "name/3" or "name"`);
  if (alias !== null && !ALIAS_PATTERN.test(alias)) throw new BadInputError(field, `"${alias}" is not a valid alias`);
  return { name, alias, version };
}

export class ModelRegistryService extends EntityReader<ModelRecord, ModelFilter> {
  private readonly cache = new Map<string, Promise<LoadedModel>>();
  private readonly aliasLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ModelRegistryDeps) {
    super(deps.models, "Model");
  }

  /**
   * Registers a succeeded experiment's trained pipeline as the next version of `name` (created on first use),
   * optionally pointing `alias` at it.
   */
  async registerFromExperiment(
    experimentId: string,
    name: string,
    options: { description?: string | null; alias?: string | null; by: string },
  ): Promise<ModelRecord> {
    const modelName = checkName(name);
    if (options.alias != null) checkAlias(options.alias);
    const experiment = await this.deps.experiments.get(experimentId);
    if (!experiment) throw new NotFoundError("Experiment", experimentId);
    if (experiment.status !== "SUCCEEDED" || !experiment.artifactKey) {
      throw new BadInputError(
        "experimentId",
        `experiment "${experimentId}" is ${experiment.status}; only a succeeded experiment can be registered`,
      );
    }
    const trained = await decodeModelArtifact(
      await this.deps.artifacts.get(experiment.artifactKey),
      experiment.artifactKey,
    );
    const registered = await this.ensureRegistered(modelName, options.description ?? "");
    const modelId = newId();
    const key = modelArtifactKey(registered.id, modelId);
    const now = this.deps.clock.now();
    // Artifact first: a version record never points at a missing artifact.
    const version = await this.nextVersion(registered.id);
    const artifact: ModelArtifact = {
      ...trained,
      registration: { name: modelName, version, modelId, registeredAt: now.toISOString(), by: options.by },
    };
    await this.deps.artifacts.put(key, await encodeModelArtifact(artifact));
    const record: ModelRecord = {
      id: modelId,
      name: modelName,
      version,
      algorithm: experiment.algorithm,
      experimentId,
      metrics: experiment.metrics,
      aliases: [],
      artifactUri: key,
      description: options.description ?? "",
      createdAt: now,
      target: trained.target,
      classLabels: trained.classLabels,
      inputSchema: trained.inputSchema,
      dataFingerprint: trained.trainingData.fingerprint,
      createdBy: options.by,
    };
    try {
      await this.deps.models.insert(record);
    } catch (error) {
      await this.deps.artifacts.delete(key).catch(() => false);
      throw error;
    }
    this.deps.logger.info({ model: modelName, version, experimentId }, "model version registered");
    if (options.alias != null) {
      await this.setAlias(modelName, options.alias, version, options.by);
      return (await this.deps.models.get(modelId)) ?? record;
    }
    return record;
  }

  /**
   * Registers a version whose artifacts live elsewhere (an MLflow client's model: `sourceUri` such as
   * `models:/m-…` or `runs:/<run>/model`), optionally from a tracked experiment whose metrics it takes. It has no
   * Millrace artifact, so it cannot predict here.
   */
  async registerExternal(
    name: string,
    options: {
      sourceUri: string;
      experimentId: string | null;
      description?: string | null;
      tags?: Record<string, string>;
      by: string;
    },
  ): Promise<ModelRecord> {
    const modelName = checkName(name);
    const experiment = options.experimentId ? await this.deps.experiments.get(options.experimentId) : null;
    if (options.experimentId && !experiment) throw new NotFoundError("Experiment", options.experimentId);
    const registered = await this.ensureRegistered(modelName, "");
    const version = await this.nextVersion(registered.id);
    const now = this.deps.clock.now();
    const record: ModelRecord = {
      id: newId(),
      name: modelName,
      version,
      algorithm: experiment && experiment.source !== "MLFLOW" ? experiment.algorithm : "mlflow",
      experimentId: experiment?.id ?? null,
      metrics: experiment?.metrics ?? {},
      aliases: [],
      artifactUri: null,
      description: options.description ?? "",
      createdAt: now,
      createdBy: options.by,
      source: "MLFLOW",
      sourceUri: options.sourceUri,
      tags: options.tags ?? {},
      updatedAt: now,
    };
    await this.deps.models.insert(record);
    this.deps.logger.info(
      { model: modelName, version, source: options.sourceUri },
      "external model version registered",
    );
    return record;
  }

  /** Creates a model name with no versions yet; CONFLICT when it exists. */
  async createRegistered(
    name: string,
    options: { description?: string | null; tags?: Record<string, string> } = {},
  ): Promise<RegisteredModelRecord> {
    const modelName = checkName(name);
    if (await this.findRegistered(modelName))
      throw new DomainError("CONFLICT", `a model is already registered as "${modelName}"`, { name: modelName });
    const now = this.deps.clock.now();
    const record: RegisteredModelRecord = {
      id: newId(),
      name: modelName,
      description: options.description ?? "",
      latestVersion: 0,
      aliases: [],
      aliasHistory: [],
      tags: options.tags ?? {},
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.registered.insert(record);
    return record;
  }

  /** Changes a model name's description and/or tags (`tags` replaces them all). */
  async updateRegistered(
    name: string,
    patch: { description?: string; tags?: Record<string, string> },
  ): Promise<RegisteredModelRecord> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await this.getRegistered(name);
      const updated = await this.deps.registered.update(
        current.id,
        { ...patch, updatedAt: this.deps.clock.now() },
        { ifVersion: current.version },
      );
      if (updated && !("conflict" in updated)) return updated;
    }
    throw new DomainError("CONFLICT", "too many concurrent changes; try again");
  }

  /** Renames a model name and its versions (aliases and their history stay); CONFLICT when the new name is taken. */
  async renameRegistered(name: string, newName: string): Promise<RegisteredModelRecord> {
    const target = checkName(newName);
    const current = await this.getRegistered(name);
    if (target === current.name) return current;
    if (await this.findRegistered(target))
      throw new DomainError("CONFLICT", `a model is already registered as "${target}"`, { name: target });
    const updated = await this.deps.registered.update(current.id, { name: target, updatedAt: this.deps.clock.now() });
    if (!updated || "conflict" in updated) throw new NotFoundError("Registered model", name);
    for (;;) {
      const page = await this.deps.models.list({ name: current.name }, { first: 500 });
      for (const version of page.items) {
        await this.deps.models.update(version.id, { name: target });
        this.cache.delete(version.id);
      }
      if (!page.hasNextPage) break;
    }
    this.deps.logger.info({ model: current.name, renamedTo: target }, "registered model renamed");
    return updated;
  }

  /** Deletes a model name with all its versions (and their artifacts). */
  async deleteRegistered(name: string): Promise<void> {
    const registered = await this.getRegistered(name);
    for (;;) {
      const page = await this.deps.models.list({ name: registered.name }, { first: 500 });
      for (const version of page.items) await this.dropVersion(version);
      if (!page.hasNextPage) break;
    }
    await this.deps.registered.delete(registered.id);
    this.deps.logger.info({ model: registered.name }, "registered model deleted");
  }

  /** Changes a version's description and/or tags (`tags` replaces them all). */
  async updateVersion(
    name: string,
    version: number,
    patch: { description?: string; tags?: Record<string, string> },
  ): Promise<ModelRecord> {
    const current = await this.version(name, version);
    const updated = await this.deps.models.update(current.id, { ...patch, updatedAt: this.deps.clock.now() });
    if (!updated || "conflict" in updated)
      throw new DomainError("NOT_FOUND", `model "${name}" has no version ${version}`);
    return updated;
  }

  /** Deletes one version; aliases pointing at it are removed (and recorded in the alias history). */
  async deleteVersion(name: string, version: number, by: string): Promise<void> {
    const record = await this.version(name, version);
    for (const alias of record.aliases) await this.moveAlias(name, alias, null, by);
    await this.dropVersion(record);
    this.deps.logger.info({ model: name, version }, "model version deleted");
  }

  private async dropVersion(record: ModelRecord): Promise<void> {
    await this.deps.models.delete(record.id);
    this.cache.delete(record.id);
    if (record.artifactUri) await this.deps.artifacts.delete(record.artifactUri).catch(() => false);
  }

  /** Points `alias` at `version` of `name`, recording the move (from, to, when, by whom). */
  async setAlias(name: string, alias: string, version: number, by: string): Promise<RegisteredModelRecord> {
    checkAlias(alias);
    const target = await this.version(name, version);
    return this.moveAlias(name, alias, target.version, by);
  }

  /** Removes an alias (recorded in the history as a move to nothing). */
  async removeAlias(name: string, alias: string, by: string): Promise<RegisteredModelRecord> {
    checkAlias(alias);
    return this.moveAlias(name, alias, null, by);
  }

  async getRegistered(name: string): Promise<RegisteredModelRecord> {
    const found = await this.findRegistered(name);
    if (!found) throw new NotFoundError("Registered model", name);
    return found;
  }

  listRegistered(filter: RegisteredModelFilter, page: PageRequest): Promise<Page<RegisteredModelRecord>> {
    return this.deps.registered.list(filter, page);
  }

  /** Every version of a model, newest first. */
  async versions(name: string, page: PageRequest = { first: 100 }): Promise<Page<ModelRecord>> {
    return this.deps.models.list({ name }, page);
  }

  /** One version of a model; NOT_FOUND naming both when absent. */
  async version(name: string, version: number): Promise<ModelRecord> {
    const page = await this.deps.models.list({ name }, { first: 500 });
    const found = page.items.find((m) => m.version === version) ?? (await this.scanForVersion(name, version, page));
    if (!found) throw new DomainError("NOT_FOUND", `model "${name}" has no version ${version}`, { name, version });
    return found;
  }

  /** The version a reference names. */
  async resolve(ref: string | ModelRef, field = "model"): Promise<ModelRecord> {
    const parsed = typeof ref === "string" ? parseModelRef(ref, field) : ref;
    const registered = await this.findRegistered(parsed.name);
    if (!registered) throw new DomainError("NOT_FOUND", `no model is registered as "${parsed.name}"`, { field });
    if (parsed.alias !== null) {
      const pointer = registered.aliases.find((a) => a.alias === parsed.alias);
      if (!pointer) {
        const known = registered.aliases.map((a) => a.alias).join(", ") || "none";
        throw new DomainError(
          "NOT_FOUND",
          `model "${parsed.name}" has no alias "${parsed.alias}" (aliases: ${known})`,
          {
            field,
          },
        );
      }
      return this.version(parsed.name, pointer.version);
    }
    if (parsed.version !== null) return this.version(parsed.name, parsed.version);
    const latest = (
      await this.deps.models.list({ name: parsed.name }, { first: 500 })
    ).items.reduce<ModelRecord | null>((best, m) => (best === null || m.version > best.version ? m : best), null);
    if (!latest) throw new DomainError("NOT_FOUND", `model "${parsed.name}" has no versions`, { field });
    return latest;
  }

  /** The version's artifact and pipeline, restored once and kept (a few versions) for the next predictions. */
  load(record: ModelRecord): Promise<LoadedModel> {
    const cached = this.cache.get(record.id);
    if (cached) {
      // Most recently used last.
      this.cache.delete(record.id);
      this.cache.set(record.id, cached);
      return cached;
    }
    const loading = (async (): Promise<LoadedModel> => {
      if (!record.artifactUri)
        throw new DomainError("NOT_FOUND", `model "${record.name}" version ${record.version} has no artifact`);
      const artifact = await decodeModelArtifact(await this.deps.artifacts.get(record.artifactUri), record.artifactUri);
      return { record, artifact, pipeline: Pipeline.fromJSON(artifact.pipeline) };
    })();
    this.cache.set(record.id, loading);
    loading.catch(() => this.cache.delete(record.id));
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return loading;
  }

  private async scanForVersion(name: string, version: number, first: Page<ModelRecord>): Promise<ModelRecord | null> {
    let page = first;
    while (page.hasNextPage && page.endCursor) {
      page = await this.deps.models.list({ name }, { first: 500, after: page.endCursor });
      const found = page.items.find((m) => m.version === version);
      if (found) return found;
    }
    return null;
  }

  private async findRegistered(name: string): Promise<RegisteredModelRecord | null> {
    return (await this.deps.registered.list({ name }, { first: 1 })).items[0] ?? null;
  }

  private async ensureRegistered(name: string, description: string): Promise<RegisteredModelRecord> {
    const existing = await this.findRegistered(name);
    if (existing) return existing;
    const now = this.deps.clock.now();
    const record: RegisteredModelRecord = {
      id: newId(),
      name,
      description,
      latestVersion: 0,
      aliases: [],
      aliasHistory: [],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.registered.insert(record);
      return record;
    } catch (error) {
      // Someone registered the name at the same time (unique index): use theirs.
      if (error instanceof DomainError && error.code === "CONFLICT") {
        const raced = await this.findRegistered(name);
        if (raced) return raced;
      }
      throw error;
    }
  }

  /** Takes the next version number, atomically across processes (compare-and-set on the record's version). */
  private async nextVersion(registeredId: string): Promise<number> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await this.deps.registered.get(registeredId);
      if (!current) throw new DomainError("NOT_FOUND", "the registered model vanished");
      const next = current.latestVersion + 1;
      const updated = await this.deps.registered.update(
        registeredId,
        { latestVersion: next, updatedAt: this.deps.clock.now() },
        { ifVersion: current.version },
      );
      if (updated && !("conflict" in updated)) return next;
    }
    throw new DomainError("CONFLICT", "too many concurrent registrations; try again");
  }

  private async moveAlias(name: string, alias: string, to: number | null, by: string): Promise<RegisteredModelRecord> {
    // One move per model at a time in this process (the compare-and-set below covers other processes).
    const previous = this.aliasLocks.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.moveAliasNow(name, alias, to, by));
    this.aliasLocks.set(name, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.aliasLocks.get(name) === next) this.aliasLocks.delete(name);
      });
    return next;
  }

  private async moveAliasNow(
    name: string,
    alias: string,
    to: number | null,
    by: string,
  ): Promise<RegisteredModelRecord> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await this.getRegistered(name);
      const from = current.aliases.find((a) => a.alias === alias)?.version ?? null;
      if (from === to) return current;
      const now = this.deps.clock.now();
      const aliases = current.aliases.filter((a) => a.alias !== alias);
      if (to !== null) aliases.push({ alias, version: to });
      aliases.sort((a, b) => a.alias.localeCompare(b.alias));
      const updated = await this.deps.registered.update(
        current.id,
        {
          aliases,
          aliasHistory: [...current.aliasHistory, { alias, fromVersion: from, toVersion: to, by, at: now }],
          updatedAt: now,
        },
        { ifVersion: current.version },
      );
      if (!updated || "conflict" in updated) continue;
      // Mirror on the version records, so `models(filter: {alias})` and Model.aliases agree with the registry.
      if (from !== null) {
        const old = await this.version(name, from).catch(() => null);
        if (old) await this.deps.models.update(old.id, { aliases: old.aliases.filter((a) => a !== alias) });
      }
      if (to !== null) {
        const target = await this.version(name, to);
        if (!target.aliases.includes(alias))
          await this.deps.models.update(target.id, { aliases: [...target.aliases, alias].sort() });
      }
      this.deps.logger.info({ model: name, alias, from, to, by }, "model alias moved");
      return updated;
    }
    throw new DomainError("CONFLICT", "too many concurrent alias changes; try again");
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!MODEL_NAME_PATTERN.test(trimmed)) {
    throw new BadInputError(
      "name",
      "must be 1 to 128 characters: letters, digits, spaces, '.', '_' or '-', starting with a letter or digit",
    );
  }
  return trimmed;
}

function checkAlias(alias: string): void {
  if (!ALIAS_PATTERN.test(alias) || RESERVED_ALIASES.has(alias)) {
    throw new BadInputError(
      "alias",
      `"${alias}" is not a valid alias: lowercase letters, digits, '_' or '-', starting with a letter (not "latest")`,
    );
  }
}
