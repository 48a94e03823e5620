import { Link, useLocation } from "react-router";

/** Any route the editor does not have. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="page" aria-labelledby="page-not-found-title">
      <title>Page not found · Millrace</title>
      <div className="panel">
        <h1 id="page-not-found-title">Page not found</h1>
        <p>
          Nothing lives at <code>{pathname}</code>.
        </p>
        <Link className="button" to="/pipelines">
          Go to pipelines
        </Link>
      </div>
    </section>
  );
}
