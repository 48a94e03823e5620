/**
 * Domain errors. The core throws these; the GraphQL layer maps `code` to `extensions.code`.
 * Anything else that escapes is an internal error and is never shown to clients.
 */
export type DomainErrorCode =
  "NOT_FOUND" | "VALIDATION_FAILED" | "CONFLICT" | "BAD_USER_INPUT" | "FORBIDDEN" | "UNAUTHENTICATED";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super("NOT_FOUND", `${entity} "${id}" not found`, { entity, id });
  }
}

export class BadInputError extends DomainError {
  constructor(field: string, message: string) {
    super("BAD_USER_INPUT", `${field}: ${message}`, { field });
  }
}
