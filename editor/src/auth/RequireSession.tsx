import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Loading } from "../ui/Loading";
import { useAuthState, useSession } from "./auth-context";
import { signInPath } from "./safe-redirect";

/** Renders its children only when signed in (or in dev mode); otherwise the sign-in page, then back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const state = useAuthState();
  const session = useSession();
  const location = useLocation();
  switch (state.status) {
    case "starting":
      return (
        <div className="sign-in">
          <Loading>Connecting to Millrace…</Loading>
        </div>
      );
    case "unreachable":
      return (
        <div className="sign-in">
          <div className="panel panel--error" role="alert">
            <h1 className="panel__title">Cannot reach the Millrace API</h1>
            <p>{state.message}</p>
            <button type="button" className="button" onClick={() => void session.start()}>
              Try again
            </button>
          </div>
        </div>
      );
    case "signed-out":
      return <Navigate to={signInPath(`${location.pathname}${location.search}`)} replace />;
    case "signed-in":
      return children;
  }
}
