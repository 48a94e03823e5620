import type { RouteObject } from "react-router";

/** A product section: its navigation entry and the routes under it. */
export interface Section {
  to: string;
  label: string;
  routes: RouteObject[];
}

/**
 * Sections added beside the core ones (Dashboard, Pipelines, Runs, Logs, Settings), in navigation order after Logs.
 * Each page module is lazy so its charts and tables load with the page.
 */
export const EXTRA_SECTIONS: readonly Section[] = [];
