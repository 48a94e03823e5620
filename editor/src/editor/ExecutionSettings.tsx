import { memo } from "react";
import type { ExecutionInput } from "../flow/to-flow";

const FIELDS: ReadonlyArray<{ key: keyof ExecutionInput; label: string; help: string; min: number; max?: number }> = [
  { key: "maxAttempts", label: "Max attempts", help: "1 to 10; default 1 (no retry)", min: 1, max: 10 },
  { key: "backoffMs", label: "Retry backoff (ms)", help: "first retry delay, doubling; default 1000", min: 0 },
  { key: "timeoutMs", label: "Timeout per attempt (ms)", help: "default 1 hour", min: 1 },
];

/** A node's execution settings (retries, backoff, timeout); an empty field means the engine's default. */
export const ExecutionSettings = memo(function ExecutionSettings({
  nodeId,
  execution,
  onChange,
  readOnly = false,
}: {
  nodeId: string;
  execution: ExecutionInput | null;
  onChange: (execution: ExecutionInput | null) => void;
  readOnly?: boolean;
}) {
  const set = (key: keyof ExecutionInput, raw: string): void => {
    const next: ExecutionInput = { ...execution };
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) delete next[key];
    else next[key] = Math.round(value);
    onChange(Object.keys(next).length === 0 ? null : next);
  };
  return (
    <fieldset className="execution-settings">
      <legend>Execution</legend>
      {FIELDS.map((field) => {
        const id = `exec-${nodeId}-${field.key}`;
        return (
          <div key={field.key} className="field">
            <label htmlFor={id}>{field.label}</label>
            <input
              id={id}
              className="input"
              type="number"
              inputMode="numeric"
              min={field.min}
              {...(field.max !== undefined ? { max: field.max } : {})}
              placeholder="default"
              value={execution?.[field.key] ?? ""}
              readOnly={readOnly}
              aria-describedby={`${id}-help`}
              onChange={(event) => set(field.key, event.target.value)}
            />
            <span id={`${id}-help`} className="field__help">
              {field.help}
            </span>
          </div>
        );
      })}
    </fieldset>
  );
});
