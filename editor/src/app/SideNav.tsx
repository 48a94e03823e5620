import { NavLink } from "react-router";
import { EXTRA_SECTIONS } from "./sections";

interface NavItem {
  to: string;
  label: string;
}

const ITEMS: readonly NavItem[] = [
  { to: "/dashboard", label: "Dashboard" },
  { to: "/pipelines", label: "Pipelines" },
  { to: "/runs", label: "Runs" },
  { to: "/logs", label: "Logs" },
  ...EXTRA_SECTIONS.map(({ to, label }) => ({ to, label })),
  { to: "/settings", label: "Settings" },
];

/** The product's sections. NavLink marks the current one with `aria-current="page"`. */
export function SideNav() {
  return (
    <nav className="side-nav" aria-label="Main">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} className="side-nav__link">
              <span>{item.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
