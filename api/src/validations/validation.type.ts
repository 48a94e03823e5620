import { Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";
import type { ValidationStatus as ValidationStatusName } from "../store/records.js";

export const ValidationStatus = graphqlEnum("ValidationStatus", [
  "RUNNING",
  "PASSED",
  "WARNED",
  "FAILED",
  "ERROR",
] as const);

@ObjectType({ description: "Data-quality rules checked on a dataset or a step output, with their results." })
export class Validation {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ID, { nullable: true }) datasetId!: string | null;
  @Field(() => ID, { nullable: true }) runId!: string | null;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => ValidationStatus) status!: ValidationStatusName;
  @Field(() => [JSONObjectScalar]) rules!: Record<string, unknown>[];
  @Field(() => [JSONObjectScalar]) results!: Record<string, unknown>[];
  @Field(() => Float, { nullable: true, description: "Overall quality score, 0 to 100." }) score!: number | null;
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
