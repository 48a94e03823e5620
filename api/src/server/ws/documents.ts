import {
  GraphQLError,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from "graphql";

export interface PreparedDocument {
  document: DocumentNode | null;
  /** Syntax or validation errors (coded as over HTTP); the operation is not run. */
  errors: readonly GraphQLError[] | null;
}

/** Documents larger than this are parsed each time (a cache of big ones would hold too much). */
const MAX_CACHED_QUERY_CHARS = 16 * 1024;

/**
 * Parse + validate once per distinct query text (10,000 subscribers sending the same subscription cost one
 * validation). Errors carry the codes Apollo gives them over HTTP (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED).
 */
export class DocumentCache {
  private readonly cache = new Map<string, PreparedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    private readonly maxTokens: number,
    private readonly maxEntries = 500,
  ) {}

  get(query: string): PreparedDocument {
    const hit = this.cache.get(query);
    if (hit) {
      // Most recently used last.
      this.cache.delete(query);
      this.cache.set(query, hit);
      return hit;
    }
    const prepared = this.prepare(query);
    if (query.length <= MAX_CACHED_QUERY_CHARS) {
      this.cache.set(query, prepared);
      if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    }
    return prepared;
  }

  private prepare(query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.maxTokens });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { document: null, errors: [withCode(error, "GRAPHQL_PARSE_FAILED")] };
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) return { document, errors: errors.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED")) };
    return { document, errors: null };
  }
}

/** The error with `extensions.code` set when it has none. */
export function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions["code"] !== undefined) return error;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...error.extensions, code },
  });
}

export function operationOf(document: DocumentNode, operationName: string | null | undefined) {
  return getOperationAST(document, operationName ?? undefined) as OperationDefinitionNode | null;
}
