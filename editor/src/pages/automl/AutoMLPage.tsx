import { useQuery, useSubscription } from "@apollo/client/react";
import { Link } from "react-router";
import { useCan } from "../../auth/auth-context";
import { DataTable, Th } from "../../ui/DataTable";
import { formatDuration } from "../../ui/format-number";
import { NeedsRole } from "../../ui/NeedsRole";
import { Page, PageHeader } from "../../ui/Page";
import { RelativeTime } from "../../ui/RelativeTime";
import { RunStatusBadge } from "../../ui/RunStatusBadge";
import { formatMetric } from "../experiments/metrics";
import { isActive, onJobEnd } from "../ml-shared/job-status";
import { PagedList } from "../ml-shared/PagedList";
import { quietly } from "../ml-shared/reload";
import { usePageSize } from "../ml-shared/use-page-size";
import { AutoMLConfigForm } from "./AutoMLConfigForm";
import { AutoMLProgressSubscription, AutoMLRunListQuery } from "./automl.queries";

/** A running search's stage and trials, live; the list reloads when it ends. */
function LiveSearch({ id, onEnd }: { id: string; onEnd: () => void }) {
  const { data } = useSubscription(AutoMLProgressSubscription, {
    variables: { id },
    onData: onJobEnd((d) => d.automlProgress.status, onEnd),
  });
  const progress = data?.automlProgress;
  if (progress === undefined) return null;
  return (
    <span className="live-stage" aria-live="polite">
      {progress.stage.toLowerCase()} · {progress.trialsCompleted} trials done
    </span>
  );
}

/** AutoML: configure and start a search; every search with its status, best score and registered model. */
export default function AutoMLPage() {
  const { first, loadMore } = usePageSize();
  const { data, previousData, error, refetch, loading } = useQuery(AutoMLRunListQuery, {
    variables: { first },
    fetchPolicy: "cache-and-network",
  });
  const connection = (data ?? previousData)?.automlRuns;
  const canEdit = useCan("EDITOR");
  const reload = quietly(refetch);

  return (
    <Page titleId="automl-title" title="AutoML · Millrace">
      <PageHeader
        titleId="automl-title"
        title="AutoML"
        subtitle="Search algorithms and hyper-parameters with cross-validation, within a budget."
      />
      {canEdit ? <AutoMLConfigForm /> : <NeedsRole role="EDITOR" what="start searches" />}
      <section aria-labelledby="automl-runs-title" className="stack">
        <h2 id="automl-runs-title">Searches</h2>
        <PagedList
          connection={connection}
          error={error}
          loading={loading}
          what="searches"
          onRetry={reload}
          onMore={loadMore}
          empty={<p className="empty">No searches yet.</p>}
        >
          {(runs) => (
            <DataTable
              testId="automl-table"
              head={
                <>
                  <Th>Search</Th>
                  <Th>Status</Th>
                  <Th>Strategy</Th>
                  <Th num>Trials</Th>
                  <Th num>Best score</Th>
                  <Th>Model</Th>
                  <Th>Created</Th>
                  <Th num>Time used</Th>
                </>
              }
            >
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link className="table__name" to={`/automl/${encodeURIComponent(run.id)}`}>
                      {run.name}
                    </Link>
                    {run.target !== null && <span className="muted"> → {run.target}</span>}
                  </td>
                  <td>
                    <span className="status-cell">
                      <RunStatusBadge status={run.status} />
                      {isActive(run.status) && <LiveSearch id={run.id} onEnd={reload} />}
                      {run.stoppedBy !== null && (
                        <span className="muted">{run.stoppedBy.toLowerCase().replace("_", " ")}</span>
                      )}
                    </span>
                  </td>
                  <td>{run.strategy.toLowerCase().replace("_", " ")}</td>
                  <td className="num">
                    {run.trialsCompleted}
                    {run.maxTrials !== null && ` / ${run.maxTrials}`}
                  </td>
                  <td className="num">
                    {formatMetric(run.metric, run.bestScore)} <span className="muted">{run.metric}</span>
                  </td>
                  <td>
                    {run.modelName !== null && run.modelVersion !== null ? (
                      <Link to={`/models/${encodeURIComponent(run.modelName)}`}>
                        {run.modelName} v{run.modelVersion}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <RelativeTime iso={run.createdAt} />
                  </td>
                  <td className="num">
                    {run.budgetUsedSeconds !== null ? formatDuration(run.budgetUsedSeconds * 1000) : "—"}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </Page>
  );
}
