import { Arg, Authorized, ID, Mutation, Resolver, Root, Subscription } from "type-graphql";
import { createReadResolver } from "../common/read-resolver.js";
import type { RequestContext } from "../server/context.js";
import type { AutoMLRunRecord } from "../store/records.js";
import type { AutoMLProgressState, AutoMLService } from "./automl.service.js";
import {
  AutoMLProgress,
  AutoMLRun,
  AutoMLRunConnection,
  AutoMLRunFilterInput,
  StartAutoMLInput,
} from "./automl.type.js";

export const AutoMLResolver = createReadResolver({
  single: "automlRun",
  plural: "automlRuns",
  type: AutoMLRun,
  connection: AutoMLRunConnection,
  filter: AutoMLRunFilterInput,
  reader: (services) => services.automl,
});

@Resolver(() => AutoMLRun)
export class AutoMLCommandResolver {
  constructor(private readonly automl: AutoMLService) {}

  @Authorized("EDITOR")
  @Mutation(() => AutoMLRun, {
    description:
      "Checks the request, records the run QUEUED and searches in the background; follow it with automlProgress(id). The best model is registered as a new version and recorded as '<name> - Best Model'.",
  })
  startAutoML(@Arg("input", () => StartAutoMLInput) input: StartAutoMLInput): Promise<AutoMLRunRecord> {
    return this.automl.create({
      ...input,
      maxTrials: input.maxTrials === undefined ? 20 : input.maxTrials,
      timeBudgetSeconds: input.timeBudgetSeconds === undefined ? 300 : input.timeBudgetSeconds,
    });
  }

  @Authorized("EDITOR")
  @Mutation(() => AutoMLRun, { description: "Cancels a search: running trials stop, nothing is registered." })
  cancelAutoML(@Arg("id", () => ID) id: string): Promise<AutoMLRunRecord> {
    return this.automl.cancel(id);
  }

  @Subscription(() => AutoMLProgress, {
    description:
      "The live leaderboard of a search: its current state first, then every change; completes when it ends.",
    subscribe: ({ args, context }) => (context as RequestContext).services.automl.progress((args as { id: string }).id),
  })
  automlProgress(@Root() state: AutoMLProgressState, @Arg("id", () => ID) _id: string): AutoMLProgressState {
    return state;
  }
}
