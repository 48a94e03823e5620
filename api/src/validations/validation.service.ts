import type { Clock } from "../common/clock.js";
import { EntityReader } from "../common/entity-reader.js";
import { DomainError, NotFoundError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import type { DataEngine } from "../data/data-engine.js";
import type { StepOutput } from "../engine/step-runtime.js";
import { datasetTable } from "../datasets/dataset-tables.js";
import { topics, type EventBus } from "../events/event-bus.js";
import { filterStream } from "../common/streams.js";
import {
  profileTable,
  readRules,
  referencedTables,
  runQualityCheck,
  RuleConfigError,
  type ProfileOptions,
  type QualityReport,
  type TableProfile,
  type ValidationDetails,
} from "../quality/index.js";
import type { StepOutputService } from "../runs/step-output.service.js";
import type { DatasetStore, ValidationFilter, ValidationStore } from "../store/ports.js";
import type { ValidationRecord } from "../store/records.js";

/** Profiles in the API: exact, except distinct counts and quantiles of tables from 2M rows (flagged as estimates). */
const PROFILE_OPTIONS: ProfileOptions = { approximate: "auto" };

export interface ValidationServiceDeps {
  store: ValidationStore;
  datasets: DatasetStore;
  engine: DataEngine;
  outputs: StepOutputService;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  samplesDir: string;
}

/**
 * Data quality as a service: standalone validations of datasets (checked before anything runs, evaluated in the
 * background, published when done), the records of pipeline validate steps, and profiles of datasets and step outputs.
 */
export class ValidationService extends EntityReader<ValidationRecord, ValidationFilter> {
  constructor(private readonly deps: ValidationServiceDeps) {
    super(deps.store, "Validation");
  }

  /** Checks the rules against the dataset's columns (every problem at once, none run), then validates in the background. */
  async create(input: {
    datasetId: string;
    rules: unknown;
    name?: string | null;
    mode?: "BLOCK" | "WARN" | null;
  }): Promise<ValidationRecord> {
    const dataset = await this.deps.datasets.get(input.datasetId);
    if (!dataset) throw new NotFoundError("Dataset", input.datasetId);
    const table = await datasetTable(this.deps.engine, this.deps.samplesDir, dataset);
    const references = await this.referenceTables(input.rules);
    const checked = await readRules(input.rules, table.columns, this.deps.engine, {
      references: Object.fromEntries(Object.entries(references).map(([name, t]) => [name, t.columns])),
    });
    if (checked.problems.length > 0) throw invalidRules(checked.problems.map((p) => p.message));
    const record: ValidationRecord = {
      id: newId(),
      name: input.name?.trim() || `${dataset.name} check`,
      datasetId: dataset.id,
      runId: null,
      nodeId: null,
      status: "RUNNING",
      mode: input.mode ?? "WARN",
      rules: input.rules as Record<string, unknown>[],
      results: [],
      report: null,
      score: null,
      error: null,
      createdAt: this.deps.clock.now(),
      finishedAt: null,
    };
    await this.deps.store.insert(record);
    const locations = Object.fromEntries(Object.entries(references).map(([name, t]) => [name, t.location]));
    void this.evaluate(record, table, locations).catch((error: unknown) =>
      this.deps.logger.error({ err: error, validationId: record.id }, "validation failed"),
    );
    return record;
  }

  /** Records what a pipeline's validate step found (also when its gate blocked the run). */
  async recordStep(
    run: { runId: string; nodeId: string; name: string; rules: unknown },
    details: ValidationDetails,
  ): Promise<ValidationRecord> {
    const record: ValidationRecord = {
      id: newId(),
      name: run.name,
      datasetId: null,
      runId: run.runId,
      nodeId: run.nodeId,
      status: details.status,
      mode: details.mode,
      rules: Array.isArray(run.rules) ? (run.rules as Record<string, unknown>[]) : [],
      ...fromReport(details.report),
      error: null,
      createdAt: this.deps.clock.now(),
      finishedAt: this.deps.clock.now(),
    };
    await this.deps.store.insert(record);
    await this.deps.bus.publish(topics.validations(), record);
    return record;
  }

  async profileDataset(datasetId: string): Promise<TableProfile> {
    const dataset = await this.deps.datasets.get(datasetId);
    if (!dataset) throw new NotFoundError("Dataset", datasetId);
    return profileTable(
      this.deps.engine,
      (await datasetTable(this.deps.engine, this.deps.samplesDir, dataset)).location,
      PROFILE_OPTIONS,
    );
  }

  async profileStepOutput(runId: string, nodeId: string): Promise<TableProfile> {
    const output = await this.deps.outputs.outputOf(runId, nodeId);
    return profileTable(this.deps.engine, output.location, PROFILE_OPTIONS);
  }

  /** Validations as they finish, of one dataset or of all. */
  completed(datasetId: string | undefined): AsyncIterableIterator<ValidationRecord> {
    return filterStream(
      this.deps.bus.subscribe<ValidationRecord>(topics.validations()),
      (v) => v.status !== "RUNNING" && (datasetId === undefined || v.datasetId === datasetId),
    );
  }

  /**
   * The tables referential rules name, by name: a reference is a dataset id. Unknown ones are left out, so the
   * rule check refuses the rule by name.
   */
  private async referenceTables(rules: unknown): Promise<Record<string, StepOutput>> {
    const tables: Record<string, StepOutput> = {};
    for (const name of referencedTables(rules)) {
      const dataset = await this.deps.datasets.get(name);
      if (dataset) tables[name] = await datasetTable(this.deps.engine, this.deps.samplesDir, dataset);
    }
    return tables;
  }

  private async evaluate(
    record: ValidationRecord,
    table: { location: string; columns: { name: string; type: string }[] },
    references: Record<string, string>,
  ): Promise<void> {
    let patch: Partial<ValidationRecord>;
    try {
      const report = await runQualityCheck(this.deps.engine, table, record.rules, {
        now: this.deps.clock.now(),
        references,
      });
      const failed = report.rules.some((r) => !r.passed);
      patch = { status: !failed ? "PASSED" : record.mode === "BLOCK" ? "FAILED" : "WARNED", ...fromReport(report) };
    } catch (error) {
      const message =
        error instanceof RuleConfigError ? error.message : error instanceof Error ? error.message : String(error);
      patch = { status: "ERROR", error: message };
    }
    const updated = await this.deps.store.update(record.id, { ...patch, finishedAt: this.deps.clock.now() });
    if (updated && !("conflict" in updated)) await this.deps.bus.publish(topics.validations(), updated);
  }
}

function fromReport(report: QualityReport): Pick<ValidationRecord, "results" | "report" | "score"> {
  return {
    results: report.rules as unknown as Record<string, unknown>[],
    report: report as unknown as Record<string, unknown>,
    score: report.score,
  };
}

function invalidRules(problems: string[]): DomainError {
  return new DomainError(
    "BAD_USER_INPUT",
    `The rules cannot run: ${problems[0] ?? ""}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`,
    {
      field: "rules",
      problems,
    },
  );
}
