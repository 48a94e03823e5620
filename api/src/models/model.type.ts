import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";

@ObjectType({ description: "One version of a registered model." })
export class Model {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: "1, 2, 3… per model name." }) version!: number;
  @Field(() => String) algorithm!: string;
  @Field(() => ID, { nullable: true }) experimentId!: string | null;
  @Field(() => JSONObjectScalar) metrics!: Record<string, number>;
  @Field(() => [String], { description: "Aliases pointing at this version, e.g. champion." }) aliases!: string[];
  @Field(() => String, { nullable: true }) artifactUri!: string | null;
  @Field(() => String) description!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class ModelConnection extends Connection(Model) {}

@InputType()
export class ModelFilterInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => String, { nullable: true }) alias?: string;
}
