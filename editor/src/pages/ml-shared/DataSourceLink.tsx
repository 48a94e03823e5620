import type { ReactNode } from "react";
import { Link } from "react-router";

/** A dataset by name when it is known, else by id; linked to its page. */
export function DatasetLink({ id, names }: { id: string | null; names: ReadonlyMap<string, string> }) {
  if (id === null) return <span className="muted">—</span>;
  return <Link to={`/datasets/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link>;
}

/**
 * Where data came from: a dataset (by name), else a pipeline run's step output (linked to the run, labelled by
 * `children`), else "—".
 */
export function DataSourceLink({
  datasetId,
  runId,
  names,
  children,
}: {
  datasetId: string | null;
  runId: string | null;
  names: ReadonlyMap<string, string>;
  children: ReactNode;
}) {
  if (datasetId !== null) return <DatasetLink id={datasetId} names={names} />;
  if (runId !== null) return <Link to={`/runs/${encodeURIComponent(runId)}`}>{children}</Link>;
  return <>—</>;
}
