import { useQuery } from "@apollo/client/react";
import { useCallback, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { PipelineCanvas } from "../../flow/PipelineCanvas";
import { StepKindsQuery } from "../../flow/step-kinds.query";
import { NodeRunDetails } from "../../run/NodeRunDetails";
import { NO_RUN, OverlayContext } from "../../run/overlay-context";
import { RunPanel } from "../../run/RunPanel";
import { useRunOverlay } from "../../run/use-run-overlay";
import { hasErrorCode } from "../../ui/describe-error";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { RelativeTime } from "../../ui/RelativeTime";

const NO_KINDS: readonly never[] = [];

/** `/runs/:id`: a run on the DAG it executed (its snapshot), with the live overlay, log, timeline and outputs. */
export default function RunPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const live = useRunOverlay(id);
  const kinds = useQuery(StepKindsQuery);
  const [selected, setSelected] = useState<string | null>(null);
  const [previewNodeId, setPreviewNodeId] = useState<string | null>(null);
  const onSelectNode = useCallback((nodeId: string | null) => setSelected(nodeId), []);
  const run = live.run;
  const nodes = useMemo(() => run?.snapshot.nodes.map((n) => ({ id: n.id, label: n.label })) ?? [], [run]);

  if (run === undefined) {
    if (hasErrorCode(live.error, "NOT_FOUND")) {
      return (
        <section className="page">
          <title>Run not found · Millrace</title>
          <div className="panel">
            <h1>Run not found</h1>
            <p>
              There is no run with the id <code>{id}</code>.
            </p>
            <Link className="button" to="/runs">
              All runs
            </Link>
          </div>
        </section>
      );
    }
    return (
      <section className="page">
        <title>Run · Millrace</title>
        {live.error ? (
          <ErrorPanel title="Could not load the run" error={live.error} />
        ) : (
          <Loading>Loading run…</Loading>
        )}
      </section>
    );
  }

  const selectedLabel = nodes.find((n) => n.id === selected)?.label;
  return (
    <OverlayContext value={live.store ?? NO_RUN}>
      <section className="page page--full run-page" aria-labelledby="run-title">
        <title>{`Run of ${run.pipelineName} · Millrace`}</title>
        <header className="page__header">
          <div>
            <Link className="back-link" to="/runs">
              ← All runs
            </Link>
            <h1 id="run-title">
              Run of <Link to={`/pipelines/${encodeURIComponent(run.pipelineId)}`}>{run.pipelineName}</Link>
            </h1>
            <p className="page__subtitle">
              Version {run.pipelineVersion} · {run.trigger.toLowerCase()} · created <RelativeTime iso={run.createdAt} />
            </p>
          </div>
        </header>
        <div className="run-page__body">
          <div className="canvas" data-testid="pipeline-canvas">
            {kinds.data === undefined && kinds.error === undefined ? (
              <Loading>Loading step catalog…</Loading>
            ) : (
              <PipelineCanvas
                // Drawn once: with the catalog, or without it (unknown kinds) if it could not be loaded.
                key={`${run.id}/${kinds.data === undefined ? "no-kinds" : "kinds"}`}
                dag={run.snapshot}
                stepKinds={kinds.data?.stepKinds ?? NO_KINDS}
                onSelectNode={onSelectNode}
              />
            )}
          </div>
          <aside className="run-page__side" aria-label="Selected step">
            {selected === null ? (
              <p className="muted">Select a step to see its state; a finished one can show its output.</p>
            ) : (
              <>
                <h2 className="node-panel__section-title">{selectedLabel}</h2>
                <NodeRunDetails nodeId={selected} onPreview={setPreviewNodeId} />
              </>
            )}
          </aside>
          <div className="run-page__panel">
            <RunPanel
              runId={run.id}
              nodes={nodes}
              previewNodeId={previewNodeId}
              onPreviewChange={setPreviewNodeId}
              onRetried={(retryId) => void navigate(`/runs/${encodeURIComponent(retryId)}`)}
              showRunLink={false}
            />
          </div>
        </div>
      </section>
    </OverlayContext>
  );
}
