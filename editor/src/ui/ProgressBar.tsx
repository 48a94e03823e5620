/** A labelled progress bar (role="progressbar"); without a value it is indeterminate. */
export function ProgressBar({
  label,
  value,
  max = 1,
  text,
  testId,
}: {
  label: string;
  /** Null: how far is unknown (the bar pulses). */
  value: number | null;
  max?: number;
  /** What the bar means in words, e.g. "12 of 40 trials" (announced as aria-valuetext). */
  text?: string;
  testId?: string;
}) {
  const share = value === null || max <= 0 ? null : Math.min(1, Math.max(0, value / max));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      {...(value !== null ? { "aria-valuenow": Math.min(value, max) } : {})}
      {...(text !== undefined ? { "aria-valuetext": text } : {})}
      data-testid={testId}
    >
      <div
        className={share === null ? "progress__fill progress__fill--unknown" : "progress__fill"}
        style={share === null ? undefined : { width: `${(share * 100).toFixed(1)}%` }}
      />
    </div>
  );
}
