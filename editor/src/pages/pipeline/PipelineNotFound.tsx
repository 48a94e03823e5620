import { Link } from "react-router";

/** What `/pipelines/:id` shows when the API answers NOT_FOUND. */
export function PipelineNotFound({ id }: { id: string }) {
  return (
    <section className="page" aria-labelledby="not-found-title" data-testid="pipeline-not-found">
      <title>Pipeline not found · Millrace</title>
      <div className="panel">
        <h1 id="not-found-title">Pipeline not found</h1>
        <p>
          There is no pipeline with the id <code>{id}</code>. It may have been deleted, or the link is mistyped.
        </p>
        <Link className="button" to="/pipelines">
          Back to all pipelines
        </Link>
      </div>
    </section>
  );
}
