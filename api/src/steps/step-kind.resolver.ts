import { Arg, Query, Resolver } from "type-graphql";
import type { StepCategory as StepCategoryName, StepKindInfo } from "./step-kind.js";
import type { StepRegistry } from "./step-registry.js";
import { StepCategory, StepKind } from "./step-kind.type.js";

@Resolver(() => StepKind)
export class StepKindResolver {
  constructor(private readonly steps: StepRegistry) {}

  @Query(() => [StepKind], { description: "The step catalog, optionally of one category." })
  stepKinds(
    @Arg("category", () => StepCategory, { nullable: true }) category: StepCategoryName | null,
  ): StepKindInfo[] {
    return this.steps.list().filter((kind) => category == null || kind.category === category);
  }
}
