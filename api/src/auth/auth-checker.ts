import type { AuthChecker } from "type-graphql";
import { DomainError } from "../common/errors.js";
import type { RequestContext } from "../server/context.js";
import { hasRole, ROLES, type Role } from "./principal.js";

/**
 * type-graphql's `@Authorized(role?)`: no caller → UNAUTHENTICATED; a caller below the role → FORBIDDEN (thrown as
 * DomainErrors so the client gets the right `extensions.code`). `@Authorized()` means any signed-in caller.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const principal = context.principal;
  if (!principal) throw new DomainError("UNAUTHENTICATED", "sign in first (Authorization: Bearer <token>)");
  const required =
    roles.length === 0 ? "VIEWER" : roles.reduce((a, b) => (ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b));
  if (!hasRole(principal, required)) {
    throw new DomainError("FORBIDDEN", `this needs the ${required} role; you are ${principal.role}`, {
      required,
      role: principal.role,
    });
  }
  return true;
};
