/** Why a job failed, as the API recorded it (an alert). */
export function FailurePanel({
  title,
  message,
  preWrap = false,
}: {
  title: string;
  message: string;
  preWrap?: boolean;
}) {
  return (
    <div className="panel panel--error" role="alert">
      <h2 className="panel__title">{title}</h2>
      <p className={preWrap ? "pre-wrap" : undefined}>{message}</p>
    </div>
  );
}
