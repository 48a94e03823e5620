import { describeError } from "./describe-error";

/** An operation's failure: every error message with its code, and a retry when there is something to retry. */
export function ErrorPanel({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const details = describeError(error);
  return (
    <div className="panel panel--error" role="alert">
      <h2 className="panel__title">{title}</h2>
      <ul className="error-list">
        {details.map((detail, index) => (
          <li key={index}>
            {detail.code !== undefined && <code className="error-code">{detail.code}</code>}
            <span>{detail.message}</span>
          </li>
        ))}
      </ul>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
