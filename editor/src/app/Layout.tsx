import { Suspense } from "react";
import { Link, Outlet } from "react-router";
import { Loading } from "../ui/Loading";
import { ConnectionBanner } from "./ConnectionBanner";
import { SideNav } from "./SideNav";

/** The shell around every page: skip link, brand, navigation, and the page itself. */
export function Layout() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="shell__sidebar">
        <Link to="/" className="brand" aria-label="Millrace home">
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <path
              d="M6 22h6l4-12 4 12h6"
              stroke="currentColor"
              strokeWidth="3"
              fill="none"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span>Millrace</span>
        </Link>
        <SideNav />
      </aside>
      <main id="main" className="shell__main" tabIndex={-1}>
        <ConnectionBanner />
        {/* Pages loaded on demand (the canvas) suspend here, keeping the navigation on screen. */}
        <Suspense fallback={<Loading>Loading…</Loading>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
