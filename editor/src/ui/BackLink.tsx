import { Link } from "react-router";

/** "← Parent" above a page's heading. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} className="back-link">
      ← {label}
    </Link>
  );
}
