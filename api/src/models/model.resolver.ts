import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { compact } from "../common/compact.js";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { PagingArgs } from "../common/paging-args.js";
import { createReadResolver } from "../common/read-resolver.js";
import { JSONObjectScalar } from "../common/scalars.js";
import type { RequestContext } from "../server/context.js";
import type { ModelRecord, RegisteredModelRecord } from "../store/records.js";
import type { ModelRegistryService } from "./model-registry.service.js";
import {
  Model,
  ModelConnection,
  ModelFilterInput,
  PredictionResult,
  RegisteredModel,
  RegisteredModelConnection,
  RegisteredModelFilterInput,
} from "./model.type.js";
import type { PredictionResult as PredictionValue, PredictionService } from "./prediction.service.js";

/** Who changes the registry: the signed-in user (their e-mail), as the alias history and versions record it. */
function actorOf(ctx: RequestContext): string {
  return ctx.principal?.email || ctx.principal?.userId || "api";
}

export const ModelResolver = createReadResolver({
  single: "model",
  plural: "models",
  type: Model,
  connection: ModelConnection,
  filter: ModelFilterInput,
  reader: (services) => services.models,
});

@Resolver(() => RegisteredModel)
export class ModelRegistryResolver {
  constructor(
    private readonly registry: ModelRegistryService,
    private readonly predictions: PredictionService,
  ) {}

  @Authorized("EDITOR")
  @Mutation(() => Model, {
    description: "Registers a succeeded experiment's model as the next version of `name` (optionally aliased).",
  })
  registerModel(
    @Arg("experimentId", () => ID) experimentId: string,
    @Arg("name", () => String) name: string,
    @Arg("description", () => String, { nullable: true }) description: string | null,
    @Arg("alias", () => String, { nullable: true, description: "e.g. challenger" }) alias: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ModelRecord> {
    return this.registry.registerFromExperiment(experimentId, name, { description, alias, by: actorOf(ctx) });
  }

  @Authorized("EDITOR")
  @Mutation(() => RegisteredModel, { description: "Points an alias at a version (the move is kept in aliasHistory)." })
  setModelAlias(
    @Arg("name", () => String) name: string,
    @Arg("alias", () => String) alias: string,
    @Arg("version", () => Int) version: number,
    @Ctx() ctx: RequestContext,
  ): Promise<RegisteredModelRecord> {
    return this.registry.setAlias(name, alias, version, actorOf(ctx));
  }

  @Authorized("EDITOR")
  @Mutation(() => RegisteredModel, { description: "Removes an alias (kept in aliasHistory as a move to null)." })
  removeModelAlias(
    @Arg("name", () => String) name: string,
    @Arg("alias", () => String) alias: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RegisteredModelRecord> {
    return this.registry.removeAlias(name, alias, actorOf(ctx));
  }

  @Authorized("VIEWER")
  @Mutation(() => PredictionResult, {
    description:
      'Predicts rows with a registered version: model is "name@alias", "name/3" or "name" (latest). Rows are checked against its input schema; errors name the row and field.',
  })
  predict(
    @Arg("model", () => String) model: string,
    @Arg("rows", () => [JSONObjectScalar]) rows: Record<string, unknown>[],
  ): Promise<PredictionValue> {
    return this.predictions.predict(model, rows);
  }

  @Query(() => RegisteredModel, { description: "A model name with its aliases and their history." })
  registeredModel(@Arg("name", () => String) name: string): Promise<RegisteredModelRecord> {
    return this.registry.getRegistered(name);
  }

  @Query(() => RegisteredModelConnection, { description: "Registered model names, newest first." })
  async registeredModels(
    @Arg("filter", () => RegisteredModelFilterInput, { nullable: true }) filter: RegisteredModelFilterInput | null,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<RegisteredModelRecord>> {
    return toConnection(await this.registry.listRegistered(compact(filter), { first, after }));
  }

  @Query(() => Model, { description: 'The version a reference names: "name@alias", "name/3" or "name" (latest).' })
  modelByRef(@Arg("ref", () => String) ref: string): Promise<ModelRecord> {
    return this.registry.resolve(ref, "ref");
  }

  @FieldResolver(() => ModelConnection, { description: "Its versions, newest first." })
  async versions(
    @Root() registered: RegisteredModelRecord,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<ModelRecord>> {
    return toConnection(await this.registry.versions(registered.name, { first, after }));
  }
}
