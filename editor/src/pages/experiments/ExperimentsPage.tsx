import { useQuery, useSubscription } from "@apollo/client/react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { ExperimentListItemFieldsFragment, JobStatus } from "../../graphql/generated/graphql";
import { useResyncOnConnect } from "../../app/use-resync-on-connect";
import { useCan } from "../../auth/auth-context";
import { needsRoleHint } from "../../auth/roles";
import { DataTable, Th } from "../../ui/DataTable";
import { Page, PageHeader } from "../../ui/Page";
import { RelativeTime } from "../../ui/RelativeTime";
import { RunDuration } from "../../ui/RunDuration";
import { RunStatusBadge } from "../../ui/RunStatusBadge";
import { useDatasets } from "../datasets/use-datasets";
import { DatasetLink } from "../ml-shared/DataSourceLink";
import { isActive, onJobEnd } from "../ml-shared/job-status";
import { KeyMetricCells, KeyMetricHeads } from "../ml-shared/KeyMetrics";
import { PagedList } from "../ml-shared/PagedList";
import { quietly } from "../ml-shared/reload";
import { usePageSize } from "../ml-shared/use-page-size";
import { useSearchParam } from "../ml-shared/use-search-param";
import { useThrottled } from "../../lib/use-throttled";
import {
  ExperimentChangedSubscription,
  ExperimentListQuery,
  ExperimentProgressSubscription,
} from "./experiments.queries";

const STATUSES: readonly JobStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];

/** A queued or running experiment's stage, live; the list reloads when it ends. */
function LiveStage({ id, onEnd }: { id: string; onEnd: () => void }) {
  const { data } = useSubscription(ExperimentProgressSubscription, {
    variables: { id },
    onData: onJobEnd((d) => d.experimentProgress.status, onEnd),
  });
  const progress = data?.experimentProgress;
  if (progress === undefined) return null;
  const step = progress.iteration !== null && progress.total !== null ? ` ${progress.iteration}/${progress.total}` : "";
  const fold = progress.fold !== null && progress.folds !== null ? ` · fold ${progress.fold}/${progress.folds}` : "";
  return (
    <span className="live-stage" aria-live="polite">
      {progress.stage.toLowerCase()}
      {step}
      {fold}
    </span>
  );
}

function ExperimentRow({
  experiment,
  names,
  selected,
  onToggle,
  onEnd,
}: {
  experiment: ExperimentListItemFieldsFragment;
  names: ReadonlyMap<string, string>;
  selected: boolean;
  onToggle: () => void;
  onEnd: () => void;
}) {
  return (
    <tr data-testid={`experiment-row-${experiment.id}`}>
      <td>
        <input
          type="checkbox"
          checked={selected}
          onChange={onToggle}
          aria-label={`Select ${experiment.name} to compare`}
        />
      </td>
      <td>
        <Link className="table__name" to={`/experiments/${encodeURIComponent(experiment.id)}`}>
          {experiment.name}
        </Link>
        {experiment.error !== null && experiment.status === "FAILED" && (
          <p className="table__description">{experiment.error}</p>
        )}
      </td>
      <td>
        <span className="status-cell">
          <RunStatusBadge status={experiment.status} />
          {isActive(experiment.status) && <LiveStage id={experiment.id} onEnd={onEnd} />}
        </span>
      </td>
      <td>{experiment.algorithm}</td>
      <td>
        <DatasetLink id={experiment.datasetId} names={names} />
        {experiment.target !== null && <span className="muted"> → {experiment.target}</span>}
      </td>
      <KeyMetricCells metrics={experiment.metrics} />
      <td>
        <RelativeTime iso={experiment.createdAt} />
      </td>
      <td className="num">
        <RunDuration ms={experiment.durationMs} />
      </td>
    </tr>
  );
}

/** Every experiment, newest first: status (live while training), algorithm, data, key metrics; pick some to compare. */
export default function ExperimentsPage() {
  const navigate = useNavigate();
  const canEdit = useCan("EDITOR");
  const [statusParam, setStatus] = useSearchParam("status");
  const status = STATUSES.find((s) => s === statusParam) ?? null;
  const { first, loadMore } = usePageSize();
  const [selected, setSelected] = useState<readonly string[]>([]);
  const { data, previousData, error, refetch, loading } = useQuery(ExperimentListQuery, {
    variables: { first, filter: status !== null ? { status: [status] } : null },
    fetchPolicy: "cache-and-network",
  });
  const { names } = useDatasets();
  const connection = (data ?? previousData)?.experiments;
  const toggle = (id: string): void =>
    setSelected((ids) => (ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id]));
  const reload = quietly(refetch);
  // Changes of listed experiments land in the cache by id; one the list does not hold yet (an MLflow run just
  // created, a training started elsewhere) reloads it — at most once a second, as MLflow clients log quickly.
  // So does the feed's (re)start: what changed before it was subscribed comes through no event.
  const listed = new Set(connection?.nodes.map((e) => e.id));
  const reloadSoon = useThrottled(reload, 1000);
  useResyncOnConnect(reloadSoon);
  useSubscription(ExperimentChangedSubscription, {
    onData: ({ data: changed }) => {
      const id = changed.data?.experimentChanged.id;
      if (id !== undefined && !listed.has(id)) reloadSoon();
    },
  });

  return (
    <Page titleId="experiments-title" title="Experiments · Millrace">
      <PageHeader
        titleId="experiments-title"
        title="Experiments"
        subtitle={
          connection !== undefined ? `${connection.totalCount} experiments` : "Model trainings and their metrics"
        }
      >
        <div className="page__actions">
          <label className="field">
            <span>Status</span>
            <select className="input" value={status ?? ""} onChange={(event) => setStatus(event.target.value)}>
              <option value="">Any</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            data-testid="compare-selected"
            disabled={selected.length < 2}
            onClick={() => void navigate(`/experiments/compare?ids=${selected.map(encodeURIComponent).join(",")}`)}
          >
            Compare {selected.length > 0 ? `(${selected.length})` : "selected"}
          </button>
          {canEdit ? (
            <Link className="button button--primary" to="/experiments/new" data-testid="new-experiment">
              New experiment
            </Link>
          ) : (
            <button type="button" className="button" disabled title={needsRoleHint("EDITOR")}>
              New experiment
            </button>
          )}
        </div>
      </PageHeader>
      <PagedList
        connection={connection}
        error={error}
        loading={loading}
        what="experiments"
        onRetry={reload}
        onMore={loadMore}
        empty={
          <div className="panel">
            <p className="empty">
              {status !== null
                ? "No experiments with this status."
                : "No experiments yet: train a model to see it here."}
            </p>
            <Link className="button" to="/experiments/new">
              Train a model
            </Link>
          </div>
        }
      >
        {(experiments) => (
          <DataTable
            testId="experiment-table"
            head={
              <>
                <Th>
                  <span className="visually-hidden">Compare</span>
                </Th>
                <Th>Experiment</Th>
                <Th>Status</Th>
                <Th>Algorithm</Th>
                <Th>Dataset → target</Th>
                <KeyMetricHeads />
                <Th>Created</Th>
                <Th num>Duration</Th>
              </>
            }
          >
            {experiments.map((experiment) => (
              <ExperimentRow
                key={experiment.id}
                experiment={experiment}
                names={names}
                selected={selected.includes(experiment.id)}
                onToggle={() => toggle(experiment.id)}
                onEnd={reload}
              />
            ))}
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}
