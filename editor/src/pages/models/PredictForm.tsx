import { useMutation } from "@apollo/client/react";
import { useId, useState } from "react";
import type { ModelVersionFieldsFragment } from "../../graphql/generated/graphql";
import { DataTable, Th } from "../../ui/DataTable";
import { errorField } from "../../ui/error-details";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { formatPercent } from "../../ui/format-number";
import { ignore } from "../ml-shared/reload";
import { PredictMutation } from "./models.queries";
import { exampleRow, locateField, parseRowsJson, rankedProbabilities, rowFromForm } from "./predict-rows";

/** Classes shown per prediction (the rest are summed up). */
const TOP_CLASSES = 5;

/**
 * Predicts with one version: a form generated from its input schema (one row), or JSON rows; shows each row's
 * label and class probabilities, and the row and field of a refusal.
 */
export function PredictForm({ model }: { model: ModelVersionFieldsFragment }) {
  const schema = model.inputSchema ?? [];
  const [mode, setMode] = useState<"form" | "json">(schema.length > 0 ? "form" : "json");
  const [values, setValues] = useState<Record<string, string>>({});
  const [json, setJson] = useState(() => JSON.stringify([exampleRow(schema)], null, 2));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [predict, { data, error, loading, reset }] = useMutation(PredictMutation);
  const ref = `${model.name}/${model.version}`;
  const refused = error !== undefined ? locateField(errorField(error) ?? "") : null;
  const jsonId = useId();

  const submit = (): void => {
    let rows: Array<Record<string, unknown>>;
    if (mode === "form") {
      const built = rowFromForm(schema, values);
      if (!built.ok) {
        setLocalErrors(built.errors);
        return;
      }
      rows = [built.row];
    } else {
      const parsed = parseRowsJson(json);
      if (!parsed.ok) {
        setJsonError(parsed.error);
        return;
      }
      rows = parsed.rows;
    }
    setLocalErrors({});
    setJsonError(null);
    reset();
    void predict({ variables: { model: ref, rows } }).catch(ignore);
  };

  return (
    <div className="predict" data-testid="predict">
      <div
        className="tabs"
        role="tablist"
        aria-label="Input"
        onKeyDown={(event) => {
          // Arrow keys move between the two tabs, as in any tab list.
          if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && schema.length > 0) {
            event.preventDefault();
            setMode((m) => (m === "form" ? "json" : "form"));
          }
        }}
      >
        <button
          type="button"
          role="tab"
          className="tabs__tab"
          aria-selected={mode === "form"}
          disabled={schema.length === 0}
          onClick={() => setMode("form")}
        >
          Form
        </button>
        <button
          type="button"
          role="tab"
          className="tabs__tab"
          aria-selected={mode === "json"}
          onClick={() => setMode("json")}
        >
          JSON rows
        </button>
      </div>
      <form
        className="predict__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {mode === "form" ? (
          <div className="param-grid">
            {schema.map((column) => {
              const problem =
                localErrors[column.name] ?? (refused?.column === column.name && error ? error.message : undefined);
              const listId = `${jsonId}-${column.name}`;
              return (
                <label key={column.name} className="field">
                  <span>
                    {column.name}{" "}
                    <span className="column-type">{column.kind === "NUMBER" ? "number" : "category"}</span>
                  </span>
                  <input
                    className="input"
                    name={column.name}
                    inputMode={column.kind === "NUMBER" ? "decimal" : "text"}
                    value={values[column.name] ?? ""}
                    placeholder={column.kind === "NUMBER" ? "empty = missing" : (column.categories?.[0] ?? "")}
                    aria-invalid={problem !== undefined}
                    {...(column.categories ? { list: listId } : {})}
                    onChange={(e) => setValues((v) => ({ ...v, [column.name]: e.target.value }))}
                  />
                  {column.categories && (
                    <datalist id={listId}>
                      {column.categories.map((c) => (
                        <option key={c} value={c} />
                      ))}
                    </datalist>
                  )}
                  {problem !== undefined && (
                    <span className="field__error" role="alert">
                      {problem}
                    </span>
                  )}
                </label>
              );
            })}
          </div>
        ) : (
          <label className="field">
            <span>Rows (a JSON object or an array of objects)</span>
            <textarea
              id={jsonId}
              className="input input--code"
              rows={8}
              spellCheck={false}
              value={json}
              onChange={(e) => setJson(e.target.value)}
            />
            {jsonError !== null && (
              <span className="field__error" role="alert">
                {jsonError}
              </span>
            )}
          </label>
        )}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={loading} data-testid="predict-submit">
            Predict with v{model.version}
          </button>
        </div>
      </form>
      {error && (
        <div data-testid="predict-error">
          {refused !== null && refused.row !== null && (
            <p className="field__error">
              Row {refused.row + 1}
              {refused.column !== null && (
                <>
                  , field <code>{refused.column}</code>
                </>
              )}
              :
            </p>
          )}
          <ErrorPanel title="Not predicted" error={error} />
        </div>
      )}
      {data && (
        <DataTable
          testId="predictions"
          caption={`Predictions of ${ref}`}
          head={
            <>
              <Th num>Row</Th>
              <Th>Label</Th>
              <Th>Class probabilities</Th>
            </>
          }
        >
          {data.predict.predictions.map((p, i) => {
            const ranked = rankedProbabilities(data.predict.classLabels, p.probabilities);
            const shown = ranked.slice(0, TOP_CLASSES);
            const rest = ranked.slice(TOP_CLASSES).reduce((s, r) => s + r.probability, 0);
            return (
              <tr key={i}>
                <td className="num">{i + 1}</td>
                <td>
                  <strong data-testid="predicted-label">{p.label}</strong>
                </td>
                <td>
                  <ul className="proba-list">
                    {shown.map((r) => (
                      <li key={r.label}>
                        <span className="proba-list__label">{r.label}</span>
                        <span className="proba-list__bar" aria-hidden="true">
                          <span style={{ width: `${(r.probability * 100).toFixed(1)}%` }} />
                        </span>
                        <span className="proba-list__value">{formatPercent(r.probability)}</span>
                      </li>
                    ))}
                    {ranked.length > TOP_CLASSES && (
                      <li className="muted">
                        {ranked.length - TOP_CLASSES} more classes: {formatPercent(rest)}
                      </li>
                    )}
                  </ul>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </div>
  );
}
