/** Who is calling, and what they may do. Roles are ordered: an admin may do what an editor may, and so on. */
export const ROLES = ["VIEWER", "EDITOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  email: string;
  role: Role;
  /** How the caller proved it: an access token (JWT), a machine API token, or the explicit single-user dev mode. */
  via: "jwt" | "api-token" | "dev";
  /** When the credential stops being valid (null: until revoked). */
  expiresAt: Date | null;
}

export function hasRole(principal: Principal, required: Role): boolean {
  return ROLES.indexOf(principal.role) >= ROLES.indexOf(required);
}

/** The principal of the explicit single-user dev mode (AUTH_MODE=off). */
export const DEV_PRINCIPAL: Principal = {
  userId: "local-dev",
  email: "dev@localhost",
  role: "ADMIN",
  via: "dev",
  expiresAt: null,
};
