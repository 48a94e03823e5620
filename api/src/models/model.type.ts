import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";

export const ModelInputKind = graphqlEnum("ModelInputKind", ["NUMBER", "CATEGORY"] as const);

@ObjectType({ description: "One input column a model version expects in each row to predict." })
export class ModelInputColumn {
  @Field(() => String) name!: string;
  @Field(() => ModelInputKind) kind!: "NUMBER" | "CATEGORY";
  @Field(() => [String], { nullable: true, description: "Categories seen in training (CATEGORY columns)." })
  categories?: string[];
}

@ObjectType({ description: "One version of a registered model." })
export class Model {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: "1, 2, 3… per model name." }) version!: number;
  @Field(() => String) algorithm!: string;
  @Field(() => ID, { nullable: true }) experimentId!: string | null;
  @Field(() => JSONObjectScalar) metrics!: Record<string, number>;
  @Field(() => [String], { description: "Aliases pointing at this version, e.g. champion." }) aliases!: string[];
  @Field(() => String, { nullable: true, description: "Key of its artifact in the artifact store." })
  artifactUri!: string | null;
  @Field(() => String) description!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => String, { nullable: true }) target?: string | null;
  @Field(() => [String], { nullable: true, description: "Class labels, in the order of prediction probabilities." })
  classLabels?: string[];
  @Field(() => [ModelInputColumn], { nullable: true, description: "What predict expects in each row." })
  inputSchema?: ModelInputColumn[];
  @Field(() => String, { nullable: true, description: "sha256 of the data it was trained on." })
  dataFingerprint?: string | null;
  @Field(() => String, { nullable: true, description: "Who registered it: api, system or pipeline:<runId>." })
  createdBy?: string;
  @Field(() => String, {
    nullable: true,
    description: "MILLRACE (trained here) or MLFLOW (registered by an MLflow client; it cannot predict here).",
  })
  source?: string;
  @Field(() => String, { nullable: true, description: "What an MLflow client registered (models:/…, runs:/…)." })
  sourceUri?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: "Tags set through the MLflow-compatible API." })
  tags?: Record<string, string>;
}

@ObjectType()
export class ModelConnection extends Connection(Model) {}

@InputType()
export class ModelFilterInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => String, { nullable: true }) alias?: string;
}

@ObjectType({ description: "An alias and the version it points at." })
export class ModelAlias {
  @Field(() => String) alias!: string;
  @Field(() => Int) version!: number;
}

@ObjectType({ description: "One move of an alias, for the audit trail." })
export class ModelAliasChange {
  @Field(() => String) alias!: string;
  @Field(() => Int, { nullable: true, description: "null when the alias was new." }) fromVersion!: number | null;
  @Field(() => Int, { nullable: true, description: "null when the alias was removed." }) toVersion!: number | null;
  @Field(() => String, { description: "api, system or pipeline:<runId> (users once auth lands)." }) by!: string;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType({ description: "A model name: its versions, its aliases and their history." })
export class RegisteredModel {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => Int, { description: "The highest version number given out." }) latestVersion!: number;
  @Field(() => [ModelAlias]) aliases!: ModelAlias[];
  @Field(() => [ModelAliasChange], { description: "Every alias move, oldest first." })
  aliasHistory!: ModelAliasChange[];
  @Field(() => JSONObjectScalar, { nullable: true, description: "Tags set through the MLflow-compatible API." })
  tags?: Record<string, string>;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType()
export class RegisteredModelConnection extends Connection(RegisteredModel) {}

@InputType()
export class RegisteredModelFilterInput {
  @Field(() => String, { nullable: true }) nameContains?: string;
}

@ObjectType({ description: "The prediction for one row." })
export class Prediction {
  @Field(() => String, { description: "The predicted class label." }) label!: string;
  @Field(() => [Float], { description: "One probability per class, in classLabels order." })
  probabilities!: number[];
}

@ObjectType({ description: "Predictions of one model version for the rows given." })
export class PredictionResult {
  @Field(() => Model) model!: unknown;
  @Field(() => [String]) classLabels!: string[];
  @Field(() => [Prediction]) predictions!: Prediction[];
}
