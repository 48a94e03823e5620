import { ApolloProvider } from "@apollo/client/react";
import { lazy } from "react";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { SessionContext } from "../auth/auth-context";
import { browserRefreshLock, localTokenStore, onStoredTokenChange } from "../auth/browser-storage";
import { RequireSession } from "../auth/RequireSession";
import { createSession } from "../auth/session";
import { SignInPage } from "../auth/SignInPage";
import { httpAuthTransport } from "../auth/transport";
import { LogsPage } from "../pages/logs/LogsPage";
import { NotFoundPage } from "../pages/placeholders/NotFoundPage";
import { PipelinesPage } from "../pages/pipelines/PipelinesPage";
import { RunsPage } from "../pages/runs/RunsPage";
import { SettingsPage } from "../pages/settings/SettingsPage";
import { createApolloClient } from "./apollo-client";
import { graphqlEndpoints } from "./graphql-endpoints";
import { Layout } from "./Layout";
import "../styles/auth.css";
import { EXTRA_SECTIONS } from "./sections";
import { SocketContext } from "./socket-context";

// React Flow (and the config forms) are most of the bundle: load them with the first DAG opened, not with lists.
const PipelinePage = lazy(() => import("../pages/pipeline/PipelinePage"));
const RunPage = lazy(() => import("../pages/run/RunPage"));
// Recharts too: the charts come with the dashboard.
const DashboardPage = lazy(() => import("../pages/dashboard/DashboardPage"));

// One session and one client for the page's lifetime; never recreated by a render.
const session = createSession({
  transport: httpAuthTransport(graphqlEndpoints(window.location.href).http),
  tokens: localTokenStore(),
  lock: browserRefreshLock(),
});
const { client, socket, resetSocket } = createApolloClient(session);
onStoredTokenChange(session.storedTokenChanged);
// Whenever the user changes (sign-out, expiry, another account): no socket or cached data of the previous one stays.
let currentUserId: string | null = null;
session.state.subscribe(() => {
  const state = session.state.getState();
  if (state.status === "starting" || state.status === "unreachable") return;
  const userId = state.status === "signed-in" ? state.user.id : null;
  if (userId === currentUserId) return;
  const hadUser = currentUserId !== null;
  currentUserId = userId;
  if (hadUser) {
    resetSocket();
    void client.clearStore().catch(() => undefined);
  }
});
void session.start();

// A data router: the editor's unsaved-changes guard (`useBlocker`) needs one.
const router = createBrowserRouter([
  { path: "sign-in", element: <SignInPage /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: "dashboard", element: <DashboardPage /> },
      { path: "pipelines", element: <PipelinesPage /> },
      { path: "pipelines/:id", element: <PipelinePage /> },
      { path: "runs", element: <RunsPage /> },
      { path: "runs/:id", element: <RunPage /> },
      { path: "logs", element: <LogsPage /> },
      ...EXTRA_SECTIONS.flatMap((section) => section.routes),
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

/** The editor: the session, Apollo, the socket monitor, the router. */
export function App() {
  return (
    <SessionContext value={session}>
      <ApolloProvider client={client}>
        <SocketContext value={socket}>
          <RouterProvider router={router} />
        </SocketContext>
      </ApolloProvider>
    </SessionContext>
  );
}
