import { useId } from "react";
import { FieldError } from "./FieldError";

/** A labelled text input with its problem under it (tied by aria-describedby). */
export function TextField({
  label,
  value,
  onChange,
  error,
  inputMode,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  inputMode?: "numeric" | "decimal";
  placeholder?: string;
}) {
  const errorId = useId();
  return (
    <label className="field">
      <span>{label}</span>
      <input
        className="input"
        inputMode={inputMode}
        value={value}
        aria-describedby={errorId}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldError id={errorId} message={error} />
    </label>
  );
}
