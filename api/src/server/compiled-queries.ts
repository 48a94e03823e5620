import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { execute, OperationTypeNode, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type SchemaListener = Parameters<Gateway["onSchemaLoadOrUpdate"]>[0];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;

export interface CompiledQueryOptions {
  /** Distinct documents remembered (compiled or counted); the least recently used is forgotten first. */
  maxDocuments: number;
  /** A document is compiled on this execution (2: one-off documents never pay for compiling, ~2–30 ms). */
  compileOnExecution: number;
}

export const DEFAULT_COMPILED_QUERY_OPTIONS: CompiledQueryOptions = { maxDocuments: 500, compileOnExecution: 2 };

interface Entry {
  executions: number;
  /** undefined: not compiled yet; null: graphql-jit cannot compile it, graphql-js executes it. */
  compiled: CompiledQuery | null | undefined;
}

/** Compiled queries by document (query hash + operation name), a bounded LRU (a Map keeps insertion order). */
export class CompiledQueryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: CompiledQueryOptions = DEFAULT_COMPILED_QUERY_OPTIONS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get compiledSize(): number {
    let compiled = 0;
    for (const entry of this.entries.values()) if (entry.compiled) compiled++;
    return compiled;
  }

  /** The compiled form of a document once it has been executed often enough, or null (execute with graphql-js). */
  lookup(key: string, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    else entry = { executions: 0, compiled: undefined };
    this.entries.set(key, entry);
    if (this.entries.size > this.options.maxDocuments) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    entry.executions++;
    if (entry.compiled === undefined && entry.executions >= this.options.compileOnExecution) {
      entry.compiled = this.compile(document, operationName);
    }
    return entry.compiled ?? null;
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    try {
      // No stack traces on graphql-jit's errors: an answer with errors is executed again by graphql-js anyway.
      const compiled = compileQuery(this.schema, document, operationName, { disablingCapturingStackErrors: true });
      return isCompiledQuery(compiled) ? compiled : null;
    } catch {
      return null;
    }
  }
}

/** What the compiled path did, for tests and figures. */
export interface CompiledQueryStats {
  /** Documents remembered, and those of them compiled. */
  documents: number;
  compiledDocuments: number;
  /** Operations answered by a compiled query; executed by graphql-js (not compiled, not a query); re-executed. */
  compiledExecutions: number;
  graphqlJsExecutions: number;
  reExecutedAfterError: number;
}

export interface CompiledQueryGateway extends Gateway {
  stats(): CompiledQueryStats;
}

/**
 * Apollo Server's documented way to take over execution (the `gateway` option, GatewayInterface: `load()` returns
 * the schema through `onSchemaLoadOrUpdate` and an `executor`), used to run queries compiled by graphql-jit:
 * graphql-js resolves every field through its generic machinery (~0.6 µs a field: 15 of the 23 ms of a 1,000-step
 * run); graphql-jit generates one function per document that reads, checks and serialises the same fields.
 * Parsing, validation (with Millrace's rules), contexts, plugins and formatError stay Apollo's.
 *
 * Only queries, and only answers without errors, come from graphql-jit. Mutations, subscriptions over HTTP,
 * documents it cannot compile, and every answer that has an error are graphql-js's: graphql-jit's errors are not
 * graphql-js's (no `extensions` object, null-violation errors without the underlying error, another order), so
 * formatError would mask and log them differently — instead, a query whose compiled execution reports an error is
 * executed again by graphql-js (queries read only), whose answer is what clients have always had. The price is
 * that an erroring query runs twice.
 *
 * Differences a resolver or plugin could see, none used here: fields without a resolver are read as properties
 * (graphql-js would call a function-valued one; every `simpleResolvers` type here is a plain store record);
 * `info.path` has no `typename`; plugins' `willResolveField` hooks do not run for compiled queries (the
 * cache-control plugin, the one that had them, is disabled).
 */
export function compiledQueryGateway(
  schema: GraphQLSchema,
  options: CompiledQueryOptions = DEFAULT_COMPILED_QUERY_OPTIONS,
): CompiledQueryGateway {
  const listeners = new Set<SchemaListener>();
  const cache = new CompiledQueryCache(schema, options);
  const counts = { compiledExecutions: 0, graphqlJsExecutions: 0, reExecutedAfterError: 0 };
  const executor: GatewayExecutor = async (requestContext) => {
    const { document, operation, queryHash, context } = requestContext;
    const { operationName, variables } = requestContext.request;
    const withGraphqlJs = (): Promise<ExecutionResult> => {
      counts.graphqlJsExecutions++;
      return Promise.resolve(
        execute({ schema, document, contextValue: context, variableValues: variables, operationName }),
      );
    };
    if (operation?.operation !== OperationTypeNode.QUERY) return withGraphqlJs();
    const compiled = cache.lookup(`${queryHash}:${operationName ?? ""}`, document, operationName);
    if (!compiled) return withGraphqlJs();
    const result = await compiled.query(undefined, context, variables);
    if (!result.errors?.length) {
      counts.compiledExecutions++;
      return result;
    }
    counts.reExecutedAfterError++;
    return withGraphqlJs();
  };
  return {
    stats: () => ({ documents: cache.size, compiledDocuments: cache.compiledSize, ...counts }),
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load() {
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: "" });
      return Promise.resolve({ executor });
    },
    stop: () => Promise.resolve(),
  };
}
