/**
 * Turning what a request presents into a Principal, the same way for HTTP (`Authorization: Bearer …`) and for
 * WebSocket (`connection_init` payload `{ authorization: "Bearer …" }`). In the explicit single-user dev mode
 * (AUTH_MODE=off, refused in production) every caller is the local admin.
 */
import type { MiddlewareFn } from "type-graphql";
import { DomainError } from "../common/errors.js";
import type { RequestContext } from "../server/context.js";
import type { AuthService } from "./auth.service.js";
import { DEV_PRINCIPAL, type Principal } from "./principal.js";

export type AuthMode = "required" | "off";

/** Root fields anyone may call: how one signs in. */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set(["login", "refreshSession", "logout"]);

export class Authenticator {
  constructor(
    readonly mode: AuthMode,
    private readonly auth: AuthService,
  ) {}

  /** null: no credentials (anonymous); a principal; or an error for credentials that do not hold. */
  async fromAuthorization(value: unknown): Promise<{ principal: Principal | null } | { error: string }> {
    if (this.mode === "off") return { principal: DEV_PRINCIPAL };
    if (value === undefined || value === null || value === "") return { principal: null };
    if (typeof value !== "string") return { error: "the authorization value must be a string" };
    const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
    if (!match) return { error: 'use "Authorization: Bearer <token>"' };
    return this.auth.authenticate(match[1] as string);
  }
}

/** Every root field needs a signed-in caller, except the public ones; roles are checked by @Authorized. */
export const requireSignedIn: MiddlewareFn<RequestContext> = ({ context, info }, next) => {
  if (info.path.prev === undefined && !PUBLIC_OPERATIONS.has(info.fieldName) && !context.principal) {
    throw new DomainError("UNAUTHENTICATED", "sign in first (Authorization: Bearer <token>)");
  }
  return next();
};
