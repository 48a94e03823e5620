import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type ContainerType, type PubSub } from "type-graphql";
import { AutoMLCommandResolver, AutoMLResolver } from "../automl/automl.resolver.js";
import { DashboardResolver } from "../dashboard/dashboard.resolver.js";
import { DatasetResolver } from "../datasets/dataset.resolver.js";
import { ExperimentCommandResolver, ExperimentResolver } from "../experiments/experiment.resolver.js";
import { LogResolver } from "../logs/log.resolver.js";
import { ModelRegistryResolver, ModelResolver } from "../models/model.resolver.js";
import { PipelineResolver } from "../pipelines/pipeline.resolver.js";
import { RunResolver } from "../runs/run.resolver.js";
import { StepKindResolver } from "../steps/step-kind.resolver.js";
import { ValidationResolver } from "../validations/validation.resolver.js";
import { SystemResolver } from "../system/system.resolver.js";
import { WebhookResolver } from "../notifications/webhook.resolver.js";
import { ScheduleResolver } from "../schedules/schedule.resolver.js";
import type { Services } from "./services.js";
import { AuthResolver } from "../auth/auth.resolver.js";
import { authChecker } from "../auth/auth-checker.js";
import { requireSignedIn } from "../auth/authentication.js";

const RESOLVERS = [
  PipelineResolver,
  RunResolver,
  StepKindResolver,
  LogResolver,
  DashboardResolver,
  DatasetResolver,
  ExperimentResolver,
  ExperimentCommandResolver,
  ModelResolver,
  ModelRegistryResolver,
  AutoMLResolver,
  AutoMLCommandResolver,
  ValidationResolver,
  SystemResolver,
  WebhookResolver,
  ScheduleResolver,
  AuthResolver,
] as const;

/**
 * Every subscription has its own `subscribe` (replay + live from the EventBus), so type-graphql's topic PubSub is
 * never used; buildSchema still insists on one.
 */
const NO_TOPIC_PUBSUB: PubSub = {
  publish: () => {
    throw new Error("topic subscriptions are not used: publish through the EventBus");
  },
  subscribe: () => {
    throw new Error("topic subscriptions are not used: give the subscription a `subscribe` function");
  },
};

/**
 * Builds the executable schema with resolvers bound to the services (constructor injection, no global container).
 * Services are asked for on first execution, so the schema can also be built just to print it.
 */
export async function buildMillraceSchema(getServices: () => Services): Promise<GraphQLSchema> {
  let instances: Map<unknown, unknown> | null = null;
  const resolverInstances = (): Map<unknown, unknown> => {
    if (instances) return instances;
    const services = getServices();
    instances = new Map<unknown, unknown>([
      [PipelineResolver, new PipelineResolver(services.pipelines, services.runs)],
      [RunResolver, new RunResolver(services.runs, services.engine, services.outputs)],
      [StepKindResolver, new StepKindResolver(services.steps)],
      [LogResolver, new LogResolver(services.logs)],
      [DashboardResolver, new DashboardResolver(services.dashboard)],
      [ValidationResolver, new ValidationResolver(services.validations)],
      [ExperimentCommandResolver, new ExperimentCommandResolver(services.experiments)],
      [ModelRegistryResolver, new ModelRegistryResolver(services.models, services.predictions)],
      [AutoMLCommandResolver, new AutoMLCommandResolver(services.automl)],
      [SystemResolver, new SystemResolver(services.system)],
      [WebhookResolver, new WebhookResolver(services.webhooks)],
      [ScheduleResolver, new ScheduleResolver(services.scheduleTicks)],
      [AuthResolver, new AuthResolver(services.auth)],
    ]);
    return instances;
  };
  const container: ContainerType = {
    get: (someClass: new () => unknown) => resolverInstances().get(someClass) ?? new someClass(),
  };
  return buildSchema({
    resolvers: RESOLVERS,
    container,
    pubSub: NO_TOPIC_PUBSUB,
    validate: false,
    authChecker,
    globalMiddlewares: [requireSignedIn],
  });
}

/** The SDL committed as schema/schema.graphql: sorted so that it only changes when the API does. */
export function printMillraceSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
