import { Arg, Authorized, Mutation, Query, Resolver } from "type-graphql";
import type { SystemService } from "./system.service.js";
import { SeedResult, SystemInfo } from "./system.type.js";

@Resolver()
export class SystemResolver {
  constructor(private readonly system: SystemService) {}

  @Query(() => SystemInfo)
  systemInfo(): ReturnType<SystemService["info"]> {
    return this.system.info();
  }

  @Authorized("ADMIN")
  @Mutation(() => SeedResult, {
    description: "Adds the demo pipelines and sample dataset that are missing; changes nothing else.",
  })
  seedDemo(): Promise<SeedResult> {
    return this.system.seedDemo();
  }

  @Authorized("ADMIN")
  @Mutation(() => SeedResult, {
    description: 'Restores the demo pipelines as shipped, deleting their runs. `confirm` must be "RESET".',
  })
  resetDemo(@Arg("confirm", () => String) confirm: string): Promise<SeedResult> {
    return this.system.resetDemo(confirm);
  }
}
