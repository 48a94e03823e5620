import { useMutation } from "@apollo/client/react";
import { useId, useState } from "react";
import { Link } from "react-router";
import { useCan } from "../auth/auth-context";
import { ErrorPanel } from "../ui/ErrorPanel";
import { RunStatusBadge } from "../ui/RunStatusBadge";
import { LogPanel } from "./LogPanel";
import { OutputPreview } from "./OutputPreview";
import { useOverlay } from "./overlay-context";
import { RunClock } from "./RunClock";
import { isRunFinished, type RunOverlay } from "./run-overlay";
import { CancelRunMutation, RetryRunMutation } from "./run.queries";
import { TimelineChart } from "./TimelineChart";

type Tab = "logs" | "timeline" | "output";

const selectStatus = (overlay: RunOverlay | null) => overlay?.status ?? null;
const selectStartedAt = (overlay: RunOverlay | null) => overlay?.startedAt ?? null;
const selectFinishedAt = (overlay: RunOverlay | null) => overlay?.finishedAt ?? null;
const selectError = (overlay: RunOverlay | null) => overlay?.error ?? null;

/**
 * The run under the canvas: live status, cancel/retry, and tabs for its log, its timeline and a step's output.
 */
export function RunPanel({
  runId,
  nodes,
  previewNodeId,
  onPreviewChange,
  onClose,
  onRetried,
  showRunLink = true,
}: {
  runId: string;
  nodes: ReadonlyArray<{ id: string; label: string }>;
  previewNodeId: string | null;
  onPreviewChange: (nodeId: string | null) => void;
  onClose?: () => void;
  onRetried: (runId: string) => void;
  showRunLink?: boolean;
}) {
  const status = useOverlay(selectStatus);
  const startedAt = useOverlay(selectStartedAt);
  const finishedAt = useOverlay(selectFinishedAt);
  const runError = useOverlay(selectError);
  const [chosenTab, setTab] = useState<Tab>("logs");
  const tab: Tab =
    previewNodeId !== null && chosenTab === "output" ? "output" : chosenTab === "output" ? "logs" : chosenTab;
  const [cancelRun, cancel] = useMutation(CancelRunMutation);
  const [retryRun, retry] = useMutation(RetryRunMutation);
  const tabsId = useId();
  // Viewers watch runs; changing one (cancel, retry) is an editor's.
  const canChange = useCan("EDITOR");
  const finished = status !== null && isRunFinished(status);
  const previewLabel = nodes.find((n) => n.id === previewNodeId)?.label ?? previewNodeId ?? "";

  // Shown to the user as `previewNodeId` changes: a click on "Preview output" opens that tab.
  const [shownPreview, setShownPreview] = useState(previewNodeId);
  if (shownPreview !== previewNodeId) {
    setShownPreview(previewNodeId);
    if (previewNodeId !== null) setTab("output");
  }

  return (
    <section className="run-panel" aria-label="Run" data-testid="run-panel">
      <header className="run-panel__header">
        <h2 className="run-panel__title">
          Run <code>{runId}</code>
        </h2>
        {status !== null && <RunStatusBadge status={status} />}
        {startedAt !== null && <RunClock startedAt={startedAt} finishedAt={finishedAt} />}
        <span className="run-panel__spacer" />
        {canChange && status !== null && !finished && (
          <button
            type="button"
            className="button button--danger"
            disabled={cancel.loading}
            onClick={() => void cancelRun({ variables: { runId } }).catch(() => undefined)}
          >
            Cancel run
          </button>
        )}
        {canChange && finished && status !== "SUCCEEDED" && (
          <button
            type="button"
            className="button"
            disabled={retry.loading}
            onClick={() =>
              void retryRun({ variables: { runId, fromFailed: true } })
                .then((result) => result.data && onRetried(result.data.retryRun.id))
                .catch(() => undefined)
            }
          >
            Retry from failed
          </button>
        )}
        {showRunLink && (
          <Link className="button" to={`/runs/${encodeURIComponent(runId)}`}>
            Open run
          </Link>
        )}
        {onClose && (
          <button type="button" className="button" aria-label="Close the run panel" onClick={onClose}>
            ✕
          </button>
        )}
      </header>
      {runError !== null && status === "FAILED" && (
        <p className="run-panel__error" data-testid="run-error">
          {runError}
        </p>
      )}
      {(cancel.error ?? retry.error) && (
        <ErrorPanel title="The run could not be changed" error={cancel.error ?? retry.error} />
      )}
      <div className="tabs" role="tablist" aria-label="Run details">
        {(["logs", "timeline", "output"] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${tabsId}-${name}`}
            aria-selected={tab === name}
            aria-controls={`${tabsId}-${name}-panel`}
            className="tabs__tab"
            disabled={name === "output" && previewNodeId === null}
            onClick={() => setTab(name)}
          >
            {name === "logs"
              ? "Logs"
              : name === "timeline"
                ? "Timeline"
                : `Output${previewNodeId ? `: ${previewLabel}` : ""}`}
          </button>
        ))}
        {previewNodeId !== null && (
          <button type="button" className="button button--small" onClick={() => onPreviewChange(null)}>
            Clear preview
          </button>
        )}
      </div>
      <div
        className="run-panel__body"
        role="tabpanel"
        id={`${tabsId}-${tab}-panel`}
        aria-labelledby={`${tabsId}-${tab}`}
      >
        {tab === "logs" && <LogPanel nodes={nodes} />}
        {tab === "timeline" && <TimelineChart nodes={nodes} />}
        {tab === "output" && previewNodeId !== null && (
          <OutputPreview runId={runId} nodeId={previewNodeId} label={previewLabel} />
        )}
      </div>
    </section>
  );
}
