import { Arg, Args, Ctx, ID, Query, Resolver, type ClassType } from "type-graphql";
import type { RequestContext } from "../server/context.js";
import type { Services } from "../server/services.js";
import { compact } from "./compact.js";
import { toConnection, type ConnectionValue } from "./connection.js";
import type { EntityReader } from "./entity-reader.js";
import { PagingArgs } from "./paging-args.js";

interface ReadResolverOptions<T extends { id: string; createdAt: Date }, F> {
  /** Query names: `<single>(id)` and `<plural>(filter, first, after)`. */
  single: string;
  plural: string;
  type: ClassType;
  connection: ClassType;
  filter: ClassType;
  reader(services: Services): EntityReader<T, F>;
}

/** The two read queries every aggregate has, generated so each aggregate does not repeat them. */
export function createReadResolver<T extends { id: string; createdAt: Date }, F>(options: ReadResolverOptions<T, F>) {
  @Resolver(() => options.type)
  class ReadResolver {
    @Query(() => options.connection, { name: options.plural, description: `${options.plural}, newest first.` })
    async list(
      @Arg("filter", () => options.filter, { nullable: true }) filter: object | null,
      @Args(() => PagingArgs) { first, after }: PagingArgs,
      @Ctx() ctx: RequestContext,
    ): Promise<ConnectionValue<T>> {
      return toConnection(await options.reader(ctx.services).list(compact(filter) as F, { first, after }));
    }

    @Query(() => options.type, { name: options.single })
    one(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<T> {
      return options.reader(ctx.services).get(id);
    }
  }
  return ReadResolver;
}
