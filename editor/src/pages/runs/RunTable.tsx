import { Link } from "react-router";
import type { RunListItemFieldsFragment } from "../../graphql/generated/graphql";
import { RelativeTime } from "../../ui/RelativeTime";
import { RunDuration } from "../../ui/RunDuration";
import { RunStatusBadge } from "../../ui/RunStatusBadge";

/** Runs, one row each: status, pipeline, trigger, when, how long; the status links to the run on its DAG. */
export function RunTable({
  runs,
  showPipeline = true,
}: {
  runs: readonly RunListItemFieldsFragment[];
  showPipeline?: boolean;
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Run</th>
            {showPipeline && <th scope="col">Pipeline</th>}
            <th scope="col">Trigger</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid={`run-row-${run.id}`}>
              <td>
                <Link className="run-link" to={`/runs/${encodeURIComponent(run.id)}`}>
                  <RunStatusBadge status={run.status} />
                  <code>{run.id}</code>
                </Link>
                {run.error !== null && run.status === "FAILED" && <p className="table__description">{run.error}</p>}
              </td>
              {showPipeline && (
                <td>
                  <Link to={`/pipelines/${encodeURIComponent(run.pipelineId)}`}>{run.pipelineName}</Link>{" "}
                  <span className="muted">v{run.pipelineVersion}</span>
                </td>
              )}
              <td>{run.trigger.toLowerCase()}</td>
              <td>
                <RelativeTime iso={run.createdAt} />
              </td>
              <td className="num">
                <RunDuration ms={run.durationMs} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
