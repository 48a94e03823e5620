import type { FormErrors, ParamSpec } from "./experiment-form";

/** Choices of a param that has a fixed set (a select), or null for typed ones (a text input). */
function choicesOf(spec: ParamSpec): string[] | null {
  if (spec.type === "boolean") return ["true", "false"];
  return spec.type === "enum" ? spec.values.map(String) : null;
}

/** An algorithm's params as fields (empty = its default), each with its doc, range and problem. */
export function ParamFields({
  specs,
  values,
  errors,
  onChange,
}: {
  specs: readonly ParamSpec[];
  /** Param name → typed text. */
  values: Readonly<Record<string, string>>;
  errors: FormErrors;
  onChange: (values: Record<string, string>) => void;
}) {
  if (specs.length === 0) return null;
  return (
    <fieldset className="param-grid">
      <legend>Parameters (empty = default)</legend>
      {specs.map((spec) => {
        const problem = errors[`params.${spec.name}`];
        const choices = choicesOf(spec);
        const value = values[spec.name] ?? "";
        const change = (text: string): void => onChange({ ...values, [spec.name]: text });
        return (
          <label key={spec.name} className="field" title={spec.doc}>
            <span>{spec.name}</span>
            {choices !== null ? (
              <select className="input" value={value} onChange={(e) => change(e.target.value)}>
                <option value="">default ({String(spec.default)})</option>
                {choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className="input"
                inputMode={spec.type === "enumOrNumber" ? "text" : "decimal"}
                placeholder={`default ${String(spec.default)}`}
                value={value}
                onChange={(e) => change(e.target.value)}
              />
            )}
            <span className="field__help">
              {spec.doc}
              {spec.min !== null || spec.max !== null ? ` Range ${spec.min ?? "−∞"} … ${spec.max ?? "∞"}.` : ""}
              {spec.type === "enumOrNumber" ? ` Or: ${spec.values.join(", ")}.` : ""}
            </span>
            {problem !== undefined && (
              <span className="field__error" role="alert">
                {problem}
              </span>
            )}
          </label>
        );
      })}
    </fieldset>
  );
}
