import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

/** One problem to show: what went wrong and, for GraphQL errors, the API's `extensions.code`. */
export interface ErrorDetail {
  message: string;
  code: string | undefined;
}

/** The problems behind an Apollo error, one per GraphQL error, or one for a network or server failure. */
export function describeError(error: unknown): ErrorDetail[] {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => {
      const code = e.extensions?.["code"];
      return { message: e.message, code: typeof code === "string" ? code : undefined };
    });
  }
  if (ServerError.is(error)) {
    return [{ message: `The API answered HTTP ${error.statusCode}: ${error.message}`, code: undefined }];
  }
  if (error instanceof Error) return [{ message: error.message, code: undefined }];
  return [{ message: String(error), code: undefined }];
}

/** Whether the API refused the operation with this `extensions.code` (e.g. NOT_FOUND). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.["code"] === code);
}
