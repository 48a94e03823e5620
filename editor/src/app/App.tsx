import { ApolloProvider } from "@apollo/client/react";
import { lazy } from "react";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { LogsPage } from "../pages/logs/LogsPage";
import { NotFoundPage } from "../pages/placeholders/NotFoundPage";
import { PipelinesPage } from "../pages/pipelines/PipelinesPage";
import { RunsPage } from "../pages/runs/RunsPage";
import { SettingsPage } from "../pages/settings/SettingsPage";
import { createApolloClient } from "./apollo-client";
import { Layout } from "./Layout";
import { EXTRA_SECTIONS } from "./sections";
import { SocketContext } from "./socket-context";

// React Flow (and the config forms) are most of the bundle: load them with the first DAG opened, not with lists.
const PipelinePage = lazy(() => import("../pages/pipeline/PipelinePage"));
const RunPage = lazy(() => import("../pages/run/RunPage"));
// Recharts too: the charts come with the dashboard.
const DashboardPage = lazy(() => import("../pages/dashboard/DashboardPage"));

// One client for the page's lifetime; never recreated by a render.
const { client, socket } = createApolloClient();

// A data router: the editor's unsaved-changes guard (`useBlocker`) needs one.
const router = createBrowserRouter([
  {
    element: <Layout />,
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

/** The editor: Apollo, the socket monitor, the router. */
export function App() {
  return (
    <ApolloProvider client={client}>
      <SocketContext value={socket}>
        <RouterProvider router={router} />
      </SocketContext>
    </ApolloProvider>
  );
}
