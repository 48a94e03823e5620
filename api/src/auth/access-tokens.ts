/**
 * Short-lived access tokens: JWTs signed with HS256 (and only HS256 is accepted: no `alg: none`, no key
 * confusion), with issuer, audience and expiry always checked.
 */
import { SignJWT, jwtVerify, errors } from "jose";
import { ROLES, type Principal, type Role } from "./principal.js";

export const ISSUER = "millrace";
export const AUDIENCE = "millrace-api";

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(user: { id: string; email: string; role: Role }): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const exp = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ email: user.email, role: user.role })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The principal of a valid token, or null with the reason (expired, wrong audience, bad signature…). */
  async verify(token: string): Promise<{ principal: Principal } | { error: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.now(),
        requiredClaims: ["sub", "exp", "iat"],
      });
      const role = payload["role"];
      const email = payload["email"];
      if (
        typeof role !== "string" ||
        !(ROLES as readonly string[]).includes(role) ||
        typeof email !== "string" ||
        !payload.sub ||
        !payload.exp
      ) {
        return { error: "token claims are incomplete" };
      }
      return {
        principal: {
          userId: payload.sub,
          email,
          role: role as Role,
          via: "jwt",
          expiresAt: new Date(payload.exp * 1000),
        },
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { error: "token expired" };
      if (error instanceof errors.JWTClaimValidationFailed) return { error: `token ${error.claim} is not valid here` };
      return { error: "token is not valid" };
    }
  }
}
