import { Link } from "react-router";
import type { PipelineListQuery } from "../../graphql/generated/graphql";
import { RelativeTime } from "../../ui/RelativeTime";
import { RunStatusBadge } from "../../ui/RunStatusBadge";

type PipelineListItem = PipelineListQuery["pipelines"]["nodes"][number];

/** The pipelines of the list page, one row each; the name links to the pipeline. */
export function PipelineTable({ pipelines }: { pipelines: readonly PipelineListItem[] }) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Tags</th>
            <th scope="col" className="num">
              Steps
            </th>
            <th scope="col" className="num">
              Version
            </th>
            <th scope="col">Updated</th>
            <th scope="col">Last run</th>
            <th scope="col">Schedule</th>
          </tr>
        </thead>
        <tbody>
          {pipelines.map((pipeline) => (
            <tr key={pipeline.id} data-testid={`pipeline-row-${pipeline.id}`}>
              <td>
                <Link className="table__name" to={`/pipelines/${encodeURIComponent(pipeline.id)}`}>
                  {pipeline.name}
                </Link>
                {pipeline.description !== "" && <p className="table__description">{pipeline.description}</p>}
              </td>
              <td>
                {pipeline.tags.length > 0 ? (
                  <ul className="tags" aria-label="Tags">
                    {pipeline.tags.map((tag) => (
                      <li key={tag} className="tag">
                        {tag}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="num">{pipeline.nodes.length}</td>
              <td className="num">v{pipeline.version}</td>
              <td>
                <RelativeTime iso={pipeline.updatedAt} />
              </td>
              <td>
                {pipeline.lastRun ? (
                  <span className="last-run">
                    <RunStatusBadge status={pipeline.lastRun.status} />
                    <RelativeTime iso={pipeline.lastRun.createdAt} />
                  </span>
                ) : (
                  <span className="muted">Never run</span>
                )}
              </td>
              <td data-testid={`pipeline-schedule-${pipeline.id}`}>
                {pipeline.schedule === null || pipeline.schedule === undefined ? (
                  <span className="muted">—</span>
                ) : (
                  <span
                    className="schedule-summary"
                    title={`${pipeline.schedule.cron} (${pipeline.schedule.timezone})`}
                  >
                    <code>{pipeline.schedule.cron}</code>{" "}
                    {!pipeline.schedule.enabled ? (
                      "paused"
                    ) : pipeline.nextFireTimes[0] !== undefined ? (
                      <>
                        next <RelativeTime iso={pipeline.nextFireTimes[0]} />
                      </>
                    ) : null}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
