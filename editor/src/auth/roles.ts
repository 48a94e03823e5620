/** The API's roles, weakest first: each may do what the ones before it may (VIEWER reads, EDITOR changes, ADMIN admins). */
export const ROLES = ["VIEWER", "EDITOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what needs `required`; no role (signed out) may do nothing. */
export function hasRole(role: Role | null | undefined, required: Role): boolean {
  if (role === null || role === undefined) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** What each role is called on screen. */
export const ROLE_LABELS: Record<Role, string> = { VIEWER: "Viewer", EDITOR: "Editor", ADMIN: "Admin" };

/** Why a control is disabled, for its tooltip. */
export function needsRoleHint(required: Role): string {
  return `Needs the ${ROLE_LABELS[required]} role`;
}
