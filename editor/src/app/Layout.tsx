import { Suspense } from "react";
import { Link, Outlet } from "react-router";
import { UserMenu } from "../auth/UserMenu";
import { Loading } from "../ui/Loading";
import { ConnectionBanner } from "./ConnectionBanner";
import { SideNav } from "./SideNav";
import { BrandMark } from "../ui/BrandMark";

/** The shell around every page: skip link, brand, navigation, the signed-in user, and the page itself. */
export function Layout() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="shell__sidebar">
        <Link to="/" className="brand" aria-label="Millrace home">
          <BrandMark size={22} />
          <span>Millrace</span>
        </Link>
        <SideNav />
        <UserMenu />
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
