import { ApolloProvider } from "@apollo/client/react";
import { lazy } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { ComingSoonPage } from "../pages/placeholders/ComingSoonPage";
import { NotFoundPage } from "../pages/placeholders/NotFoundPage";
import { PipelinesPage } from "../pages/pipelines/PipelinesPage";
import { createApolloClient } from "./apollo-client";
import { Layout } from "./Layout";

// React Flow is most of the bundle: load it with the first pipeline opened, not with the list.
const PipelinePage = lazy(() => import("../pages/pipeline/PipelinePage"));

// One client for the page's lifetime; never recreated by a render.
const client = createApolloClient();

/** The editor: Apollo, the router, and the routes. */
export function App() {
  return (
    <ApolloProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Navigate to="/pipelines" replace />} />
            <Route path="pipelines" element={<PipelinesPage />} />
            <Route path="pipelines/:id" element={<PipelinePage />} />
            <Route
              path="dashboard"
              element={
                <ComingSoonPage title="Dashboard">
                  Run counts, success rate, durations and data-quality figures across all pipelines.
                </ComingSoonPage>
              }
            />
            <Route
              path="runs"
              element={
                <ComingSoonPage title="Runs">
                  Every pipeline run with its status and timings, and each run's steps updating live.
                </ComingSoonPage>
              }
            />
            <Route
              path="logs"
              element={
                <ComingSoonPage title="Logs">
                  Millrace's own log (engine, API, pipeline steps), searchable and following new lines as they are
                  written.
                </ComingSoonPage>
              }
            />
            <Route
              path="settings"
              element={<ComingSoonPage title="Settings">Configuration of this Millrace installation.</ComingSoonPage>}
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}
