import { lazy } from "react";
import type { RouteObject } from "react-router";

/** A product section: its navigation entry and the routes under it. */
export interface Section {
  to: string;
  label: string;
  routes: RouteObject[];
}

// Every page is its own chunk: Recharts and the forms load with the first page that needs them.
const ExperimentsPage = lazy(() => import("../pages/experiments/ExperimentsPage"));
const NewExperimentPage = lazy(() => import("../pages/experiments/NewExperimentPage"));
const CompareExperimentsPage = lazy(() => import("../pages/experiments/CompareExperimentsPage"));
const ExperimentPage = lazy(() => import("../pages/experiments/ExperimentPage"));
const ModelsPage = lazy(() => import("../pages/models/ModelsPage"));
const ModelPage = lazy(() => import("../pages/models/ModelPage"));
const AutoMLPage = lazy(() => import("../pages/automl/AutoMLPage"));
const AutoMLRunPage = lazy(() => import("../pages/automl/AutoMLRunPage"));
const QualityPage = lazy(() => import("../pages/quality/QualityPage"));
const ValidationPage = lazy(() => import("../pages/quality/ValidationPage"));
const DatasetsPage = lazy(() => import("../pages/datasets/DatasetsPage"));
const DatasetPage = lazy(() => import("../pages/datasets/DatasetPage"));

/**
 * Sections added beside the core ones (Dashboard, Pipelines, Runs, Logs, Settings), in navigation order after Logs.
 * Each page module is lazy so its charts and tables load with the page.
 */
export const EXTRA_SECTIONS: readonly Section[] = [
  {
    to: "/experiments",
    label: "Experiments",
    routes: [
      { path: "experiments", element: <ExperimentsPage /> },
      { path: "experiments/new", element: <NewExperimentPage /> },
      { path: "experiments/compare", element: <CompareExperimentsPage /> },
      { path: "experiments/:id", element: <ExperimentPage /> },
    ],
  },
  {
    to: "/models",
    label: "Models",
    routes: [
      { path: "models", element: <ModelsPage /> },
      { path: "models/:name", element: <ModelPage /> },
    ],
  },
  {
    to: "/automl",
    label: "AutoML",
    routes: [
      { path: "automl", element: <AutoMLPage /> },
      { path: "automl/:id", element: <AutoMLRunPage /> },
    ],
  },
  {
    to: "/quality",
    label: "Data quality",
    routes: [
      { path: "quality", element: <QualityPage /> },
      { path: "quality/:id", element: <ValidationPage /> },
    ],
  },
  {
    to: "/datasets",
    label: "Datasets",
    routes: [
      { path: "datasets", element: <DatasetsPage /> },
      { path: "datasets/:id", element: <DatasetPage /> },
    ],
  },
];
