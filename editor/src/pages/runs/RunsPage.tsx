import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { RunStatus } from "../../graphql/generated/graphql";
import { useRunChanges } from "../../run/use-run-changes";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { PipelineNamesQuery, RunListQuery } from "./runs.queries";
import { RunTable } from "./RunTable";

const PAGE_SIZE = 50;
const STATUSES: readonly RunStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];
const ignore = (): void => undefined;

/** Every run, newest first, filterable by status and pipeline (kept in the URL), updating live. */
export function RunsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const status = STATUSES.find((s) => s === searchParams.get("status")) ?? null;
  const pipelineId = searchParams.get("pipeline");
  const setFilter = (key: "status" | "pipeline", value: string | null): void => {
    const next = new URLSearchParams(searchParams);
    if (value === null || value === "") next.delete(key);
    else next.set(key, value);
    setSearchParams(next, { replace: true });
  };
  const filter = {
    ...(status !== null ? { status: [status] } : {}),
    ...(pipelineId !== null ? { pipelineId } : {}),
  };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(RunListQuery, {
    variables: { first: PAGE_SIZE, filter },
    notifyOnNetworkStatusChange: true,
    fetchPolicy: "cache-and-network",
  });
  const pipelines = useQuery(PipelineNamesQuery);
  const [loadMoreError, setLoadMoreError] = useState<unknown>(undefined);
  useRunChanges(() => refetch());
  const connection = (data ?? previousData)?.runs;

  return (
    <section className="page" aria-labelledby="runs-title">
      <title>Runs · Millrace</title>
      <header className="page__header">
        <div>
          <h1 id="runs-title">Runs</h1>
          {data !== undefined && <p className="page__subtitle">{data.runs.totalCount} runs match</p>}
        </div>
        <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
          <label className="field">
            <span>Status</span>
            <select
              className="input"
              value={status ?? ""}
              onChange={(event) => setFilter("status", event.target.value)}
            >
              <option value="">Any</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Pipeline</span>
            <select
              className="input"
              value={pipelineId ?? ""}
              onChange={(event) => setFilter("pipeline", event.target.value)}
            >
              <option value="">All pipelines</option>
              {pipelines.data?.pipelines.nodes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        </form>
      </header>
      {error ? (
        <ErrorPanel title="Could not load runs" error={error} onRetry={() => void refetch().catch(ignore)} />
      ) : connection === undefined ? (
        <Loading>Loading runs…</Loading>
      ) : connection.nodes.length === 0 ? (
        <p className="empty">No runs{status !== null || pipelineId !== null ? " match these filters" : " yet"}.</p>
      ) : (
        <>
          <RunTable runs={connection.nodes} />
          <footer className="list-footer">
            <span>
              Showing {connection.nodes.length} of {connection.totalCount}
            </span>
            {connection.pageInfo.hasNextPage && (
              <button
                type="button"
                className="button"
                disabled={networkStatus === NetworkStatus.fetchMore}
                onClick={() => {
                  setLoadMoreError(undefined);
                  fetchMore({ variables: { after: connection.pageInfo.endCursor } }).catch(setLoadMoreError);
                }}
              >
                Load more
              </button>
            )}
          </footer>
          {loadMoreError !== undefined && <ErrorPanel title="Could not load more runs" error={loadMoreError} />}
        </>
      )}
    </section>
  );
}
