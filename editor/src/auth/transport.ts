/**
 * The session's transport: sign-in, refresh, sign-out and the dev-mode probe as plain GraphQL POSTs. Not through
 * Apollo, whose auth link would otherwise attach (and try to renew) the very tokens these operations produce.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import type { SessionUserFieldsFragment } from "../graphql/generated/graphql";
import { isRole } from "./roles";
import { AnonymousViewerQuery, LoginMutation, LogoutMutation, RefreshSessionMutation } from "./auth.queries";
import { AuthRejectedError, type AuthTransport, type SessionGrant, type SessionUser } from "./session";

interface GraphQLErrorBody {
  message?: unknown;
  extensions?: { code?: unknown };
}

/** Thrown for GraphQL errors other than UNAUTHENTICATED (the API is there but refused for another reason). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** One operation; UNAUTHENTICATED errors become AuthRejectedError, network failures stay TypeErrors. */
export async function postGraphQL<R, V extends Record<string, unknown>>(
  endpoint: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
  fetchImpl: typeof fetch = fetch,
): Promise<R> {
  const response = await fetchImpl(endpoint, {
    method: "POST",
    // application/json also satisfies the API's CSRF prevention (no "simple" request).
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query: print(document), variables }),
    credentials: "omit",
  });
  let body: { data?: R | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new Error(`The API answered HTTP ${response.status} without a GraphQL result.`);
  }
  const first = body.errors?.[0];
  if (first !== undefined) {
    const message = typeof first.message === "string" ? first.message : "unknown error";
    const code = typeof first.extensions?.code === "string" ? first.extensions.code : undefined;
    if (code === "UNAUTHENTICATED") throw new AuthRejectedError(message);
    throw new ApiError(message, code);
  }
  if (body.data === undefined || body.data === null)
    throw new Error(`The API answered HTTP ${response.status} without data.`);
  return body.data;
}

/**
 * When the access token expires by this browser's clock. The token's own lifetime (JWT `exp` − `iat`) counted from
 * now, so a browser clock that is off does not make the editor send expired tokens (or renew far too early); the
 * server's absolute `expiresAt` when the token says nothing.
 */
export function localExpiry(accessToken: string, expiresAtIso: string, now: number = Date.now()): number {
  try {
    const payload = accessToken.split(".")[1];
    if (payload !== undefined) {
      const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
      const claims = JSON.parse(json) as { iat?: unknown; exp?: unknown };
      if (typeof claims.iat === "number" && typeof claims.exp === "number" && claims.exp > claims.iat) {
        return now + (claims.exp - claims.iat) * 1000;
      }
    }
  } catch {
    // Not a JWT we can read: fall through.
  }
  return Date.parse(expiresAtIso);
}

/** A session as the API returns it (login, refresh, changePassword), with its expiry on this browser's clock. */
export function toGrant(fields: SessionUserFieldsFragment): SessionGrant {
  const { user } = fields;
  if (!isRole(user.role)) throw new Error(`unknown role ${String(user.role)}`);
  return {
    accessToken: fields.accessToken,
    accessTokenExpiresAt: localExpiry(fields.accessToken, fields.accessTokenExpiresAt),
    refreshToken: fields.refreshToken,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  };
}

export function httpAuthTransport(endpoint: string, fetchImpl: typeof fetch = fetch): AuthTransport {
  // `fetch` must be called unbound from window, never as a method of this object.
  const send = <R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V) =>
    postGraphQL(endpoint, document, variables, (input, init) => fetchImpl(input, init));
  return {
    login: async (email, password) => toGrant((await send(LoginMutation, { email, password })).login),
    refresh: async (refreshToken) => toGrant((await send(RefreshSessionMutation, { refreshToken })).refreshSession),
    logout: async (refreshToken) => {
      await send(LogoutMutation, { refreshToken });
    },
    anonymousViewer: async (): Promise<SessionUser | null> => {
      try {
        const { viewer } = await send(AnonymousViewerQuery, {});
        if (viewer.via !== "dev" || !isRole(viewer.role)) return null;
        return { id: viewer.userId, email: viewer.email, name: "Local developer", role: viewer.role };
      } catch (error) {
        if (error instanceof AuthRejectedError) return null;
        throw error;
      }
    },
  };
}
