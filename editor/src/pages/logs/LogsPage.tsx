import { useQuery, useSubscription } from "@apollo/client/react";
import { useResyncOnConnect } from "../../app/use-resync-on-connect";
import { useThrottled } from "../../lib/use-throttled";
import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { LogEntryFieldsFragment, LogLevel } from "../../graphql/generated/graphql";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { formatDateTime } from "../../ui/format-time";
import { Loading } from "../../ui/Loading";
import { LogsQuery, LogsSubscription } from "./logs.queries";
import { mergeLogLines } from "./merge-log-lines";

const LEVELS: readonly LogLevel[] = ["DEBUG", "INFO", "WARN", "ERROR"];
const PAGE_SIZE = 100;
const MAX_LIVE = 1_000;
const ignore = (): void => undefined;

/** Millrace's own log: the history (newest first) with new lines arriving on top, filtered by level and source. */
export function LogsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const level = LEVELS.find((l) => l === searchParams.get("level")) ?? null;
  const source = searchParams.get("source") ?? "";
  const [sourceDraft, setSourceDraft] = useState(source);
  const [paused, setPaused] = useState(false);
  const [live, setLive] = useState<LogEntryFieldsFragment[]>([]);
  const setFilter = (key: "level" | "source", value: string): void => {
    const next = new URLSearchParams(searchParams);
    if (value === "") next.delete(key);
    else next.set(key, value);
    setSearchParams(next, { replace: true });
    setLive([]);
  };
  const filter = { ...(level !== null ? { level } : {}), ...(source !== "" ? { source } : {}) };
  const history = useQuery(LogsQuery, {
    variables: { first: PAGE_SIZE, filter },
    fetchPolicy: "network-only",
    notifyOnNetworkStatusChange: true,
  });
  useSubscription(LogsSubscription, {
    variables: { level, source: source === "" ? null : source, runId: null },
    skip: paused,
    onData: ({ data }) => {
      const entry = data.data?.logs;
      if (entry) setLive((lines) => [entry, ...lines].slice(0, MAX_LIVE));
    },
  });
  // Lines logged before the feed was subscribed, or while the socket was down, come with the history.
  useResyncOnConnect(useThrottled(() => void history.refetch().catch(ignore), 1000));
  const lines = useMemo(
    () => mergeLogLines(live, history.data?.logs.nodes ?? [], MAX_LIVE + (history.data?.logs.nodes.length ?? 0)),
    [live, history.data],
  );
  const pageInfo = history.data?.logs.pageInfo;

  return (
    <section className="page" aria-labelledby="logs-title">
      <title>Logs · Millrace</title>
      <header className="page__header">
        <div>
          <h1 id="logs-title">Logs</h1>
          <p className="page__subtitle">
            {paused ? "Paused: new lines are not shown." : "Live: new lines appear on top."}
          </p>
        </div>
        <form
          className="filters"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter("source", sourceDraft.trim());
          }}
        >
          <label className="field">
            <span>Minimum level</span>
            <select className="input" value={level ?? ""} onChange={(event) => setFilter("level", event.target.value)}>
              <option value="">Any</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Source</span>
            <input
              className="input"
              value={sourceDraft}
              placeholder="engine, api, pipeline:<id>…"
              onChange={(event) => setSourceDraft(event.target.value)}
              onBlur={() => sourceDraft.trim() !== source && setFilter("source", sourceDraft.trim())}
            />
          </label>
          <button type="button" className="button" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
            {paused ? "Resume live" : "Pause live"}
          </button>
        </form>
      </header>
      {history.error ? (
        <ErrorPanel
          title="Could not load logs"
          error={history.error}
          onRetry={() => void history.refetch().catch(ignore)}
        />
      ) : history.data === undefined ? (
        <Loading>Loading logs…</Loading>
      ) : lines.length === 0 ? (
        <p className="empty">No log lines match.</p>
      ) : (
        <div className="log-lines log-lines--page" role="log" data-testid="log-lines" tabIndex={0}>
          {lines.map((line) => (
            <div key={line.id} className="log-line" data-level={line.level}>
              <time dateTime={line.at} title={formatDateTime(line.at)}>
                {formatDateTime(line.at)}
              </time>
              <span className="log-line__level">{line.level}</span>
              <span className="log-line__source">
                {line.runId !== null ? (
                  <Link to={`/runs/${encodeURIComponent(line.runId)}`}>{line.source}</Link>
                ) : (
                  line.source
                )}
              </span>
              <span className="log-line__message">
                {line.nodeId !== null && <code>{line.nodeId}</code>} {line.message}
              </span>
            </div>
          ))}
        </div>
      )}
      {pageInfo?.hasNextPage === true && (
        <button
          type="button"
          className="button"
          onClick={() => void history.fetchMore({ variables: { after: pageInfo.endCursor } }).catch(ignore)}
        >
          Load older lines
        </button>
      )}
    </section>
  );
}
