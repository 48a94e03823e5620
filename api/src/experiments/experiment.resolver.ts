import { Arg, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { DEFAULT_GRIDS } from "../automl/search-space.js";
import { createReadResolver } from "../common/read-resolver.js";
import { describeAlgorithms } from "../ml/index.js";
import type { RequestContext } from "../server/context.js";
import type { ExperimentRecord } from "../store/records.js";
import type {
  ExperimentComparison as Comparison,
  ExperimentProgressState,
  ExperimentService,
} from "./experiment.service.js";
import {
  CreateExperimentInput,
  Experiment,
  ExperimentComparison,
  ExperimentConnection,
  ExperimentFilterInput,
  ExperimentProgress,
  ExperimentSource,
  MetricHistory,
  MlAlgorithm,
} from "./experiment.type.js";

export const ExperimentResolver = createReadResolver({
  single: "experiment",
  plural: "experiments",
  type: Experiment,
  connection: ExperimentConnection,
  filter: ExperimentFilterInput,
  reader: (services) => services.experiments,
});

@Resolver(() => Experiment)
export class ExperimentCommandResolver {
  constructor(private readonly experiments: ExperimentService) {}

  @Authorized("EDITOR")
  @Mutation(() => Experiment, {
    description:
      "Checks the request against the data (BAD_USER_INPUT naming the field), records the experiment QUEUED and trains it in the background; follow it with experimentProgress(id).",
  })
  createExperiment(@Arg("input", () => CreateExperimentInput) input: CreateExperimentInput): Promise<ExperimentRecord> {
    return this.experiments.create(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Experiment, { description: "Cancels a queued or running experiment (nothing is registered)." })
  cancelExperiment(@Arg("id", () => ID) id: string): Promise<ExperimentRecord> {
    return this.experiments.cancel(id);
  }

  @Query(() => ExperimentComparison, { description: "Metrics of up to 50 experiments side by side." })
  compareExperiments(@Arg("ids", () => [ID]) ids: string[]): Promise<Comparison> {
    return this.experiments.compare(ids);
  }

  @Query(() => [MlAlgorithm], { description: "Algorithms that can be trained, with their params and AutoML grids." })
  mlAlgorithms(): MlAlgorithm[] {
    return describeAlgorithms().map((a) => ({
      name: a.name,
      title: a.title,
      params: a.params,
      defaultGrid: DEFAULT_GRIDS[a.name],
    }));
  }

  @FieldResolver(() => MetricHistory, {
    description:
      "One metric's logged values by step (experiments logged through the MLflow-compatible API; empty for others).",
  })
  async metricHistory(
    @Root() experiment: ExperimentRecord,
    @Arg("key", () => String) key: string,
    @Arg("first", () => Int, { defaultValue: 1000, description: "1 to 25000 points (within the cost limit)." })
    first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<MetricHistory> {
    const page = await this.experiments.metricHistory(experiment.id, key, { first, after });
    return {
      points: page.items.map((p) => ({
        key: p.key,
        value: Number.isFinite(p.value) ? p.value : null,
        step: p.step,
        timestamp: new Date(p.timestamp),
      })),
      endCursor: page.endCursor,
    };
  }

  @Subscription(() => Experiment, {
    description:
      "Experiments as they are created and change: trainings as they start and end, MLflow runs as their client logs params, metrics, tags and status.",
    subscribe: ({ args, context }) => {
      const { source, groupId } = args as { source?: "MILLRACE" | "MLFLOW" | null; groupId?: string | null };
      return (context as RequestContext).services.experiments.changes({
        ...(source != null ? { source } : {}),
        ...(groupId != null ? { groupId } : {}),
      });
    },
  })
  experimentChanged(
    @Root() experiment: ExperimentRecord,
    @Arg("source", () => ExperimentSource, { nullable: true }) _source: string | null,
    @Arg("groupId", () => ID, { nullable: true }) _groupId: string | null,
  ): ExperimentRecord {
    return experiment;
  }

  @Subscription(() => ExperimentProgress, {
    description:
      "Stage, iteration and partial scores of an experiment: its current state first, then every change; completes when it ends.",
    subscribe: ({ args, context }) =>
      (context as RequestContext).services.experiments.progress((args as { id: string }).id),
  })
  experimentProgress(
    @Root() state: ExperimentProgressState,
    @Arg("id", () => ID) _id: string,
  ): ExperimentProgressState {
    return state;
  }
}
