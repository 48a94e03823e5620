import { Field, ID, Int, ObjectType } from "type-graphql";
import { graphqlEnum } from "../common/enums.js";
import { JSONObjectScalar } from "../common/scalars.js";
import { STEP_CATEGORIES, type StepCategory as StepCategoryName } from "./step-kind.js";

export const StepCategory = graphqlEnum("StepCategory", STEP_CATEGORIES);

@ObjectType({
  description: "A kind of step the palette offers; the editor builds the node's form from `configSchema`.",
})
export class StepKind {
  @Field(() => ID) id!: string;
  @Field(() => StepCategory) category!: StepCategoryName;
  @Field(() => String) title!: string;
  @Field(() => String) description!: string;
  @Field(() => JSONObjectScalar, { description: "JSON Schema (2020-12) of the node config." }) configSchema!: Record<
    string,
    unknown
  >;
  @Field(() => Int) minInputs!: number;
  @Field(() => Int) maxInputs!: number;
  @Field(() => Boolean) hasOutput!: boolean;
}
