import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { PipelineEditor } from "../../editor/PipelineEditor";
import { StepKindsQuery } from "../../flow/step-kinds.query";
import { hasErrorCode } from "../../ui/describe-error";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { PipelineNotFound } from "./PipelineNotFound";
import { PipelineDetailQuery } from "./pipeline-detail.query";

// A failed refetch is already on screen through the hook's `error`.
const ignore = (): void => undefined;

/** `/pipelines/:id`: loads the pipeline and the step catalog, then hands both to the editor. */
export default function PipelinePage() {
  const { id = "" } = useParams();
  const pipelineResult = useQuery(PipelineDetailQuery, { variables: { id }, fetchPolicy: "network-only" });
  // The catalog changes only with an API release: the cached copy is good for the session.
  const kindsResult = useQuery(StepKindsQuery);

  const pipeline = pipelineResult.data?.pipeline;
  const kinds = kindsResult.data?.stepKinds;
  if (hasErrorCode(pipelineResult.error, "NOT_FOUND")) return <PipelineNotFound id={id} />;
  const error = pipelineResult.error ?? kindsResult.error;
  if (error && (pipeline === undefined || kinds === undefined)) {
    return (
      <section className="page">
        <title>Pipeline · Millrace</title>
        <BackLink />
        <ErrorPanel
          title="Could not load the pipeline editor"
          error={error}
          onRetry={() => {
            void pipelineResult.refetch().catch(ignore);
            void kindsResult.refetch().catch(ignore);
          }}
        />
      </section>
    );
  }
  if (pipeline === undefined || kinds === undefined) {
    return (
      <section className="page">
        <title>Pipeline · Millrace</title>
        <BackLink />
        <Loading>Loading pipeline…</Loading>
      </section>
    );
  }
  // Keyed by id: the editor owns its draft from here on; another pipeline is another editor.
  return <PipelineEditor key={pipeline.id} pipeline={pipeline} kinds={kinds} />;
}

function BackLink() {
  return (
    <Link className="back-link" to="/pipelines">
      ← All pipelines
    </Link>
  );
}
