import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { useCan } from "../../auth/auth-context";
import { useRunChanges } from "../../run/use-run-changes";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { NewPipelineButton } from "./NewPipelineButton";
import { PipelineTable } from "./PipelineTable";
import { PipelineListQuery } from "./pipeline-list.query";

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 250;

// A failed refetch is already on screen through the hook's `error`.
const ignore = (): void => undefined;

/** All pipelines, newest first, searchable by name, a page at a time. */
export function PipelinesPage() {
  // The search lives in the URL (`?q=`), so it survives reloads and back/forward and can be shared.
  const [searchParams, setSearchParams] = useSearchParams();
  const nameContains = searchParams.get("q") ?? "";
  const [draft, setDraft] = useState(nameContains);
  // fetchMore's failure is not the query's error (the first pages are still good): shown below the list.
  const [loadMoreError, setLoadMoreError] = useState<unknown>(undefined);
  const searchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Viewers read: creating pipelines needs the Editor role.
  const canEdit = useCan("EDITOR");
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  // Back/forward changes the URL under the input: show what is being searched (React's "adjust state on a prop
  // change" pattern, rather than an effect that would render the stale text once).
  const [shownQuery, setShownQuery] = useState(nameContains);
  if (shownQuery !== nameContains) {
    setShownQuery(nameContains);
    if (draft.trim() !== nameContains) setDraft(nameContains);
  }

  const search = (value: string): void => {
    clearTimeout(searchTimer.current);
    const query = value.trim();
    // Replace, so history is not one entry per letter.
    setSearchParams(query === "" ? {} : { q: query }, { replace: true });
  };
  const onSearchChange = (value: string): void => {
    setDraft(value);
    setLoadMoreError(undefined);
    clearTimeout(searchTimer.current);
    // Query once typing pauses, not on every keystroke.
    searchTimer.current = setTimeout(() => search(value), SEARCH_DELAY_MS);
  };

  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(PipelineListQuery, {
    variables: { first: PAGE_SIZE, filter: nameContains === "" ? null : { nameContains } },
    notifyOnNetworkStatusChange: true,
  });
  // Last-run badges follow runs as they start and finish.
  useRunChanges(() => refetch());
  // While a new search loads, keep showing the last results instead of flashing an empty page.
  const connection = (data ?? previousData)?.pipelines;
  // Counts only from the current search's own result, never the previous one still on screen.
  const totalCount = data?.pipelines.totalCount;
  const loadingMore = networkStatus === NetworkStatus.fetchMore;
  const loadMore = (after: string | null): void => {
    setLoadMoreError(undefined);
    fetchMore({ variables: { after } }).catch(setLoadMoreError);
  };
  const searching = networkStatus === NetworkStatus.setVariables || networkStatus === NetworkStatus.loading;

  return (
    <section className="page" aria-labelledby="pipelines-title">
      <title>Pipelines · Millrace</title>
      <header className="page__header">
        <div>
          <h1 id="pipelines-title">Pipelines</h1>
          {totalCount !== undefined && (
            <p className="page__subtitle">
              {nameContains === ""
                ? `${totalCount} pipeline${totalCount === 1 ? "" : "s"}`
                : `${totalCount} matching “${nameContains}”`}
            </p>
          )}
        </div>
        <div className="page__actions">
          <form
            className="search"
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              search(draft);
            }}
          >
            <label htmlFor="pipeline-search">Search by name</label>
            <input
              id="pipeline-search"
              type="search"
              value={draft}
              placeholder="e.g. ETL"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => onSearchChange(event.target.value)}
            />
          </form>
          {canEdit && <NewPipelineButton />}
        </div>
      </header>

      {error ? (
        <ErrorPanel title="Could not load pipelines" error={error} onRetry={() => void refetch().catch(ignore)} />
      ) : connection === undefined ? (
        <Loading>Loading pipelines…</Loading>
      ) : (
        <>
          {searching && <Loading>Searching…</Loading>}
          {connection.nodes.length === 0 ? (
            <p className="empty">
              {nameContains === "" ? "No pipelines yet." : `No pipeline name contains “${nameContains}”.`}
            </p>
          ) : (
            <PipelineTable pipelines={connection.nodes} />
          )}
          <footer className="list-footer">
            <span>
              Showing {connection.nodes.length} of {connection.totalCount}
            </span>
            {connection.pageInfo.hasNextPage && (
              <button
                type="button"
                className="button"
                disabled={loadingMore}
                onClick={() => loadMore(connection.pageInfo.endCursor)}
              >
                {loadingMore ? "Loading…" : "Load more"}
              </button>
            )}
          </footer>
          {loadMoreError !== undefined && <ErrorPanel title="Could not load more pipelines" error={loadMoreError} />}
        </>
      )}
    </section>
  );
}
