import { DomainError } from "../common/errors.js";
import type { RequestContext } from "../server/context.js";
import type { Principal } from "./principal.js";

/** The caller, or UNAUTHENTICATED. */
export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new DomainError("UNAUTHENTICATED", "sign in first (Authorization: Bearer <token>)");
  return ctx.principal;
}
