import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { compact } from "../common/compact.js";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { PagingArgs } from "../common/paging-args.js";
import { JSONObjectScalar } from "../common/scalars.js";
import type { QualityReport, TableProfile as TableProfileValue } from "../quality/index.js";
import type { RequestContext } from "../server/context.js";
import type { ValidationRecord } from "../store/records.js";
import type { ValidationService } from "./validation.service.js";
import {
  ColumnQuality,
  GateMode,
  QualityIssue,
  QualityMetrics,
  RuleCheckResult,
  TableProfile,
  Validation,
  ValidationConnection,
  ValidationFilterInput,
} from "./validation.type.js";

@Resolver(() => Validation)
export class ValidationResolver {
  constructor(private readonly validationService: ValidationService) {}

  @Query(() => ValidationConnection, {
    description: "Validations, newest first (history per dataset with the filter).",
  })
  async validations(
    @Arg("filter", () => ValidationFilterInput, { nullable: true }) filter: ValidationFilterInput | null,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<ValidationRecord>> {
    return toConnection(await this.validationService.list(compact(filter), { first, after }));
  }

  @Query(() => Validation)
  validation(@Arg("id", () => ID) id: string): Promise<ValidationRecord> {
    return this.validationService.get(id);
  }

  @Authorized("EDITOR")
  @Mutation(() => Validation, {
    description:
      "Checks the rules against the dataset (problems are refused at once, naming rule and field), then validates in the background.",
  })
  createValidation(
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("rules", () => [JSONObjectScalar]) rules: Record<string, unknown>[],
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("mode", () => GateMode, { nullable: true }) mode: "BLOCK" | "WARN" | null,
  ): Promise<ValidationRecord> {
    return this.validationService.create({ datasetId, rules, name, mode });
  }

  @Query(() => TableProfile, {
    description:
      "Per-column profile of a dataset: types, nulls, distinct, min/max/mean/std, quantiles, histogram, top values.",
  })
  async datasetProfile(@Arg("datasetId", () => ID) datasetId: string): Promise<TableProfile> {
    return toProfile(await this.validationService.profileDataset(datasetId));
  }

  @Query(() => TableProfile, { description: "Per-column profile of a finished step's output." })
  async stepOutputProfile(
    @Arg("runId", () => ID) runId: string,
    @Arg("nodeId", () => ID) nodeId: string,
  ): Promise<TableProfile> {
    return toProfile(await this.validationService.profileStepOutput(runId, nodeId));
  }

  @Subscription(() => Validation, {
    description: "Validations as they finish (standalone and pipeline gates), of one dataset or of all.",
    subscribe: ({ args, context }) =>
      (context as RequestContext).services.validations.completed(
        (args as { datasetId?: string | null }).datasetId ?? undefined,
      ),
  })
  validationCompleted(
    @Root() validation: ValidationRecord,
    @Arg("datasetId", () => ID, { nullable: true }) _datasetId: string | null,
  ): ValidationRecord {
    return validation;
  }

  @FieldResolver(() => QualityMetrics, { nullable: true, description: "Null until the validation has run." })
  metrics(@Root() v: ValidationRecord): QualityMetrics | null {
    const report = reportOf(v);
    if (!report) return null;
    return {
      rows: report.rows,
      failingRows: report.failingRows,
      score: report.score,
      scoreFormula: report.scoreFormula,
      ...report.dimensions,
    };
  }

  @FieldResolver(() => [RuleCheckResult])
  ruleResults(@Root() v: ValidationRecord): RuleCheckResult[] {
    return (reportOf(v)?.rules ?? []) as unknown as RuleCheckResult[];
  }

  @FieldResolver(() => [QualityIssue])
  issues(@Root() v: ValidationRecord): QualityIssue[] {
    return (reportOf(v)?.issues ?? []) as unknown as QualityIssue[];
  }

  @FieldResolver(() => [ColumnQuality])
  columnQuality(@Root() v: ValidationRecord): ColumnQuality[] {
    return reportOf(v)?.columns ?? [];
  }
}

function reportOf(v: ValidationRecord): QualityReport | null {
  return v.report as unknown as QualityReport | null;
}

function toProfile(profile: TableProfileValue): TableProfile {
  return {
    rows: profile.rows,
    approximate: profile.approximate,
    columns: profile.columns.map((c) => ({
      ...c,
      bins: c.histogram?.kind === "bins" ? c.histogram.bins : [],
    })),
  };
}
