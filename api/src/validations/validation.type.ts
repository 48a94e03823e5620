import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar, JSONObjectScalar, JSONScalar } from "../common/scalars.js";
import type { ValidationStatus as ValidationStatusName } from "../store/records.js";

export const ValidationStatus = graphqlEnum("ValidationStatus", [
  "RUNNING",
  "PASSED",
  "WARNED",
  "FAILED",
  "ERROR",
] as const);
export const GateMode = graphqlEnum("GateMode", ["BLOCK", "WARN"] as const);

@ObjectType({ description: "What one rule found." })
export class RuleCheckResult {
  @Field(() => Int, { description: "Index of the rule in the list." }) rule!: number;
  @Field(() => String) type!: string;
  @Field(() => String) label!: string;
  @Field(() => String) severity!: string;
  @Field(() => String, { nullable: true, description: "The rule's own mode (null: the validation's)." }) mode!:
    string | null;
  @Field(() => String, { description: "completeness, validity, consistency or uniqueness." }) dimension!: string;
  @Field(() => [String]) columns!: string[];
  @Field(() => Boolean) passed!: boolean;
  @Field(() => Float) rows!: number;
  @Field(() => Float, { nullable: true, description: "Null for rules on the whole table (row_count…)." }) failingRows!:
    number | null;
  @Field(() => Float, { nullable: true }) failingRatio!: number | null;
  @Field(() => [JSONObjectScalar], { description: "First failing rows, each with its row number (0-based)." })
  samples!: Record<string, unknown>[];
  @Field(() => String) message!: string;
}

@ObjectType({ description: "One defect found, with examples." })
export class QualityIssue {
  @Field(() => String) type!: string;
  @Field(() => Int) rule!: number;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => [String]) columns!: string[];
  @Field(() => String) severity!: string;
  @Field(() => Boolean) ruleFailed!: boolean;
  @Field(() => Float, { nullable: true }) count!: number | null;
  @Field(() => Float, { nullable: true }) ratio!: number | null;
  @Field(() => [JSONObjectScalar]) examples!: Record<string, unknown>[];
  @Field(() => String) message!: string;
}

@ObjectType({ description: "Quality of one column (ratios 0..1; null when no rule measures it)." })
export class ColumnQuality {
  @Field(() => String) column!: string;
  @Field(() => String) type!: string;
  @Field(() => Float) nulls!: number;
  @Field(() => Float, { nullable: true }) completeness!: number | null;
  @Field(() => Float, { nullable: true }) validity!: number | null;
  @Field(() => Float, { nullable: true }) consistency!: number | null;
  @Field(() => Float, { nullable: true }) uniqueness!: number | null;
}

@ObjectType({ description: "Overall figures; the score's formula is in `scoreFormula`." })
export class QualityMetrics {
  @Field(() => Float) rows!: number;
  @Field(() => Float, { description: "Rows failing at least one row rule." }) failingRows!: number;
  @Field(() => Float, { nullable: true, description: "0 to 100." }) score!: number | null;
  @Field(() => String) scoreFormula!: string;
  @Field(() => Float, { nullable: true }) completeness!: number | null;
  @Field(() => Float, { nullable: true }) validity!: number | null;
  @Field(() => Float, { nullable: true }) consistency!: number | null;
  @Field(() => Float, { nullable: true }) uniqueness!: number | null;
}

@ObjectType({ description: "Data-quality rules checked on a dataset or a step output, with their results." })
export class Validation {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ID, { nullable: true }) datasetId!: string | null;
  @Field(() => ID, { nullable: true }) runId!: string | null;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => ValidationStatus) status!: ValidationStatusName;
  @Field(() => GateMode) mode!: "BLOCK" | "WARN";
  @Field(() => [JSONObjectScalar]) rules!: Record<string, unknown>[];
  @Field(() => Float, { nullable: true, description: "Overall quality score, 0 to 100." }) score!: number | null;
  @Field(() => String, { nullable: true, description: "Why it could not run (ERROR)." }) error!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType()
export class ValidationConnection extends Connection(Validation) {}

@InputType()
export class ValidationFilterInput {
  @Field(() => ID, { nullable: true }) datasetId?: string;
  @Field(() => ID, { nullable: true }) runId?: string;
  @Field(() => [ValidationStatus], { nullable: true }) status?: ValidationStatusName[];
}

@ObjectType()
export class Quantiles {
  @Field(() => Float) p05!: number;
  @Field(() => Float) p25!: number;
  @Field(() => Float) p50!: number;
  @Field(() => Float) p75!: number;
  @Field(() => Float) p95!: number;
}

@ObjectType()
export class HistogramBin {
  @Field(() => Float) from!: number;
  @Field(() => Float) to!: number;
  @Field(() => Float) count!: number;
}

@ObjectType()
export class ValueCount {
  @Field(() => JSONScalar) value!: unknown;
  @Field(() => Float) count!: number;
}

@ObjectType({
  description:
    "Which figures of a column are estimates (approximate profiles of big tables); each bound holds with 99.9% probability.",
})
export class ColumnEstimates {
  @Field(() => Float, {
    nullable: true,
    description: "distinct is within this share of the exact count (0.02 = ±2%); top values are then omitted.",
  })
  distinctRelativeError!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "Each quantile q has a rank share within q ± this bound (a row sample's quantiles).",
  })
  quantileRankError!: number | null;
}

@ObjectType({ description: "Everything profiled about one column." })
export class ColumnProfile {
  @Field(() => String) name!: string;
  @Field(() => String) type!: string;
  @Field(() => String, { description: "number, string, boolean, temporal or other." }) kind!: string;
  @Field(() => Float) count!: number;
  @Field(() => Float) nulls!: number;
  @Field(() => Float, { nullable: true }) nullRatio!: number | null;
  @Field(() => Float) distinct!: number;
  @Field(() => JSONScalar, { nullable: true }) min!: unknown;
  @Field(() => JSONScalar, { nullable: true }) max!: unknown;
  @Field(() => Float, { nullable: true }) mean!: number | null;
  @Field(() => Float, { nullable: true }) std!: number | null;
  @Field(() => Quantiles, { nullable: true }) quantiles!: Quantiles | null;
  @Field(() => [HistogramBin], { description: "Numeric columns: equal-width bins (empty otherwise)." })
  bins!: HistogramBin[];
  @Field(() => [ValueCount]) topValues!: ValueCount[];
  @Field(() => ColumnEstimates, { nullable: true, description: "null: every figure of the column is exact." })
  estimates!: ColumnEstimates | null;
}

@ObjectType()
export class TableProfile {
  @Field(() => Float) rows!: number;
  @Field(() => [ColumnProfile]) columns!: ColumnProfile[];
  @Field(() => Boolean, {
    description: "Whether any figure is an estimate: tables from 2,000,000 rows are profiled approximately.",
  })
  approximate!: boolean;
}
