import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import type { Logger } from "../common/logger.js";
import { SlowConsumerError } from "../common/async-queue.js";
import { DomainError } from "../common/errors.js";

/**
 * What a client sees of an error: domain errors with their `extensions.code` and details, GraphQL's own
 * (syntax, validation, variable coercion) as they are, and anything else as INTERNAL_SERVER_ERROR without
 * message or stack — the details go to the log.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = originalOf(error);
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (original instanceof DomainError) {
    return { message: original.message, ...where, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof SlowConsumerError) {
    return { message: original.message, ...where, extensions: { code: "SLOW_CONSUMER" } };
  }
  if (original instanceof ArgumentValidationError) {
    return { message: original.message, ...where, extensions: { code: "BAD_USER_INPUT" } };
  }
  if (original === undefined || original instanceof GraphQLError) {
    const {
      stacktrace: _stack,
      exception: _exception,
      ...extensions
    } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: { code: "GRAPHQL_ERROR", ...extensions } };
  }
  logger.error({ err: original, path: formatted.path }, "internal error while executing an operation");
  return { message: "Internal server error", ...where, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** The error thrown by a resolver, unwrapped from GraphQL's location wrapper; undefined for GraphQL's own errors. */
function originalOf(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError !== undefined && current.originalError !== null) {
    current = current.originalError;
  }
  return current instanceof GraphQLError ? (current === error ? undefined : current) : current;
}
