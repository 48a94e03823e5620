import { NavLink } from "react-router";

interface NavItem {
  to: string;
  label: string;
  /** Not built yet: the page says what it will hold. */
  soon?: boolean;
}

const ITEMS: readonly NavItem[] = [
  { to: "/dashboard", label: "Dashboard", soon: true },
  { to: "/pipelines", label: "Pipelines" },
  { to: "/runs", label: "Runs", soon: true },
  { to: "/logs", label: "Logs", soon: true },
  { to: "/settings", label: "Settings", soon: true },
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
              {item.soon && <span className="side-nav__soon">soon</span>}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
