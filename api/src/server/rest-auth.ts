import type { NextFunction, Request, Response } from "express";
import type { Authenticator } from "../auth/authentication.js";
import { hasRole, type Principal, type Role } from "../auth/principal.js";

/** Express guard for the REST routes: the same credentials and roles as GraphQL (401 without, 403 below the role). */
export function requireRole(authenticator: Authenticator, role: Role) {
  return (req: Request, res: Response, next: NextFunction): void => {
    authenticator.fromAuthorization(req.headers.authorization).then(
      (result) => {
        if ("error" in result)
          return void res.status(401).json({ error: { code: "UNAUTHENTICATED", message: result.error } });
        if (!result.principal) {
          return void res
            .status(401)
            .json({ error: { code: "UNAUTHENTICATED", message: "sign in first (Authorization: Bearer <token>)" } });
        }
        if (!hasRole(result.principal, role)) {
          return void res.status(403).json({
            error: { code: "FORBIDDEN", message: `this needs the ${role} role; you are ${result.principal.role}` },
          });
        }
        (res.locals as { principal?: Principal }).principal = result.principal;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
