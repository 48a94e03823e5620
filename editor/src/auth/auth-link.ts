/**
 * The Apollo link that signs HTTP operations: `Authorization: Bearer <access token>` on each, renewed first when it
 * is about to expire; when the API still answers UNAUTHENTICATED (or HTTP 401), the session refreshes once — shared
 * with every other operation rejected at the same time — and the operation is sent again, once.
 */
import { ApolloLink } from "@apollo/client";
import { ServerError } from "@apollo/client/errors";
import { catchError, from, mergeMap, of, throwError, type Observable } from "rxjs";
import type { Session } from "./session";

/** Whether the API refused the request's credentials: an UNAUTHENTICATED GraphQL error. */
export function isUnauthenticatedResult(result: ApolloLink.Result): boolean {
  if (!("errors" in result) || !Array.isArray(result.errors)) return false;
  return result.errors.some((error: { extensions?: Record<string, unknown> }) => {
    return error.extensions?.["code"] === "UNAUTHENTICATED";
  });
}

/** An HTTP 401 that Apollo turned into a ServerError (a response that was not GraphQL-over-HTTP). */
export function isUnauthorizedError(error: unknown): boolean {
  return ServerError.is(error) && error.statusCode === 401;
}

export function createAuthLink(session: Pick<Session, "accessToken" | "tokenRejected">): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const send = (token: string | null): Observable<ApolloLink.Result> => {
      operation.setContext(({ headers }: { headers?: Record<string, string> }) => {
        const next: Record<string, string> = { ...headers };
        if (token === null) delete next["authorization"];
        else next["authorization"] = `Bearer ${token}`;
        return { headers: next };
      });
      return forward(operation);
    };
    /** After a rejection of `token`: the renewed token's answer, or the original outcome when signed out. */
    const retry = (token: string | null, original: () => Observable<ApolloLink.Result>) =>
      from(session.tokenRejected(token)).pipe(mergeMap((renewed) => (renewed === null ? original() : send(renewed))));

    return from(session.accessToken()).pipe(
      mergeMap((token) =>
        send(token).pipe(
          mergeMap((result) =>
            token !== null && isUnauthenticatedResult(result) ? retry(token, () => of(result)) : of(result),
          ),
          catchError((error: unknown) =>
            token !== null && isUnauthorizedError(error)
              ? retry(token, () => throwError(() => error))
              : throwError(() => error),
          ),
        ),
      ),
    );
  });
}
