import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { PipelineCanvas } from "../../flow/PipelineCanvas";
import { StepKindsQuery } from "../../flow/step-kinds.query";
import { hasErrorCode } from "../../ui/describe-error";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { RelativeTime } from "../../ui/RelativeTime";
import { RunStatusBadge } from "../../ui/RunStatusBadge";
import { PipelineNotFound } from "./PipelineNotFound";
import { PipelineDetailQuery } from "./pipeline-detail.query";

// A failed refetch is already on screen through the hook's `error`.
const ignore = (): void => undefined;

/** One pipeline: its details and its DAG, read-only. */
export default function PipelinePage() {
  const { id = "" } = useParams();
  const pipelineResult = useQuery(PipelineDetailQuery, {
    variables: { id },
    // Show the cached pipeline at once but always check for a newer version.
    fetchPolicy: "cache-and-network",
  });
  // The catalog changes only with an API release: the cached copy is good for the session.
  const kindsResult = useQuery(StepKindsQuery);

  const pipeline = pipelineResult.data?.pipeline;
  if (pipeline === undefined) {
    if (hasErrorCode(pipelineResult.error, "NOT_FOUND")) return <PipelineNotFound id={id} />;
    if (pipelineResult.error) {
      return (
        <section className="page">
          <title>Pipeline · Millrace</title>
          <BackLink />
          <ErrorPanel
            title="Could not load the pipeline"
            error={pipelineResult.error}
            onRetry={() => void pipelineResult.refetch().catch(ignore)}
          />
        </section>
      );
    }
    return (
      <section className="page">
        <title>Pipeline · Millrace</title>
        <BackLink />
        <Loading>Loading pipeline…</Loading>
      </section>
    );
  }

  const stepKinds = kindsResult.data?.stepKinds;
  return (
    <section className="page page--full" aria-labelledby="pipeline-title">
      <title>{`${pipeline.name} · Millrace`}</title>
      <header className="page__header pipeline-header">
        <div>
          <BackLink />
          <h1 id="pipeline-title">{pipeline.name}</h1>
          {pipeline.description !== "" && <p className="page__subtitle">{pipeline.description}</p>}
        </div>
        <dl className="facts">
          <div>
            <dt>Version</dt>
            <dd>v{pipeline.version}</dd>
          </div>
          <div>
            <dt>Steps</dt>
            <dd>{pipeline.nodes.length}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <RelativeTime iso={pipeline.updatedAt} />
            </dd>
          </div>
          <div>
            <dt>Last run</dt>
            <dd>
              {pipeline.lastRun ? (
                <span className="last-run">
                  <RunStatusBadge status={pipeline.lastRun.status} />
                  <RelativeTime iso={pipeline.lastRun.createdAt} />
                </span>
              ) : (
                "Never run"
              )}
            </dd>
          </div>
          {pipeline.tags.length > 0 && (
            <div>
              <dt>Tags</dt>
              <dd>
                <ul className="tags">
                  {pipeline.tags.map((tag) => (
                    <li key={tag} className="tag">
                      {tag}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
      </header>

      {kindsResult.error && (
        <ErrorPanel
          title="Could not load the step catalog; steps are shown without their kind's title and category"
          error={kindsResult.error}
          onRetry={() => void kindsResult.refetch().catch(ignore)}
        />
      )}
      {stepKinds === undefined && !kindsResult.error ? (
        <Loading>Loading step catalog…</Loading>
      ) : (
        <div className="canvas" data-testid="pipeline-canvas">
          <PipelineCanvas
            // A newer version, or the catalog arriving after an error, redraws the canvas from scratch.
            key={`${pipeline.id}@${pipeline.version}/${stepKinds === undefined ? "no-kinds" : "kinds"}`}
            dag={pipeline}
            stepKinds={stepKinds ?? NO_KINDS}
          />
        </div>
      )}
    </section>
  );
}

const NO_KINDS: readonly never[] = [];

function BackLink() {
  return (
    <Link className="back-link" to="/pipelines">
      ← All pipelines
    </Link>
  );
}
