import { needsRoleHint, type Role } from "../auth/roles";

/** Says why a form is not offered: the signed-in user's role is below what the API asks for it. */
export function NeedsRole({ role, what }: { role: Role; what: string }) {
  return (
    <p className="panel--warning" role="note">
      {needsRoleHint(role)} to {what}.
    </p>
  );
}
