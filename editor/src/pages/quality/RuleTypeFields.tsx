import { useId } from "react";
import { ColumnOptions, DatasetOptions } from "../ml-shared/options";
import { EXPECTED_TYPES, type Column, type DraftProblem, type RuleDraft } from "./rule-builder";
import { InlineCheckbox, Problems, RuleTextField } from "./rule-fields";

const ONE_PER_LINE = "One per line (or comma-separated)";

/** A dataset a referential rule can point at. */
export interface Reference {
  id: string;
  name: string;
  columns: readonly Column[];
}

/** The fields only some rule types use (bounds, pattern, values, age, expression, reference), and the tolerance. */
export function RuleTypeFields({
  draft,
  references,
  problems,
  onChange,
}: {
  draft: RuleDraft;
  references: readonly Reference[];
  problems: readonly DraftProblem[];
  onChange: (patch: Partial<RuleDraft>) => void;
}) {
  const id = useId();
  const reference = references.find((r) => r.id === draft.reference);
  return (
    <div className="rule-card__row">
      {(draft.type === "range" || draft.type === "row_count") && (
        <>
          <RuleTextField
            label={draft.type === "row_count" ? "Minimum rows" : "Minimum"}
            value={draft.min}
            onChange={(min) => onChange({ min })}
            problems={problems}
            field="min"
          />
          <RuleTextField
            label={draft.type === "row_count" ? "Maximum rows" : "Maximum"}
            value={draft.max}
            onChange={(max) => onChange({ max })}
            problems={problems}
            field="max"
          />
          {draft.type === "range" && (
            <>
              <InlineCheckbox checked={draft.minInclusive} onChange={(minInclusive) => onChange({ minInclusive })}>
                minimum included
              </InlineCheckbox>
              <InlineCheckbox checked={draft.maxInclusive} onChange={(maxInclusive) => onChange({ maxInclusive })}>
                maximum included
              </InlineCheckbox>
            </>
          )}
        </>
      )}
      {draft.type === "type_check" && (
        <label className="field">
          <span>Expected type</span>
          <select
            className="input"
            value={draft.expected}
            onChange={(e) => onChange({ expected: EXPECTED_TYPES.find((t) => t === e.target.value) ?? "string" })}
          >
            {EXPECTED_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.type === "pattern" && (
        <>
          <RuleTextField
            label="Regular expression (RE2)"
            value={draft.pattern}
            onChange={(pattern) => onChange({ pattern })}
            problems={problems}
            field="pattern"
            code
            wide
          />
          <InlineCheckbox checked={draft.fullMatch} onChange={(fullMatch) => onChange({ fullMatch })}>
            whole value must match
          </InlineCheckbox>
          <InlineCheckbox checked={draft.ignoreCase} onChange={(ignoreCase) => onChange({ ignoreCase })}>
            ignore case
          </InlineCheckbox>
        </>
      )}
      {draft.type === "allowed_values" && (
        <label className="field rule-card__wide">
          <span>Allowed values</span>
          <textarea
            className="input"
            rows={3}
            value={draft.values}
            placeholder={ONE_PER_LINE}
            aria-describedby={`${id}-values`}
            onChange={(e) => onChange({ values: e.target.value })}
          />
          <span id={`${id}-values`} className="field__help">
            {ONE_PER_LINE}.
          </span>
          <Problems problems={problems} field="values" />
        </label>
      )}
      {draft.type === "freshness" && (
        <>
          <RuleTextField
            label="Max age (hours)"
            value={draft.maxAgeHours}
            onChange={(maxAgeHours) => onChange({ maxAgeHours })}
            problems={problems}
            field="maxAgeHours"
          />
          <label className="field">
            <span>Judge</span>
            <select
              className="input"
              value={draft.scope}
              onChange={(e) => onChange({ scope: e.target.value === "rows" ? "rows" : "latest" })}
            >
              <option value="latest">the newest value (table)</option>
              <option value="rows">every row</option>
            </select>
          </label>
        </>
      )}
      {draft.type === "custom_sql" && (
        <RuleTextField
          label="Boolean SQL expression over the row (a row fails where it is FALSE)"
          value={draft.expression}
          onChange={(expression) => onChange({ expression })}
          problems={problems}
          field="expression"
          placeholder="x <= 63 AND y >= 0"
          code
          wide
        />
      )}
      {draft.type === "referential" && (
        <>
          <label className="field">
            <span>Reference dataset</span>
            <select
              className="input"
              value={draft.reference}
              onChange={(e) => onChange({ reference: e.target.value, referenceColumns: [] })}
            >
              <DatasetOptions datasets={references} />
            </select>
            <Problems problems={problems} field="reference" />
          </label>
          {draft.columns.map((column, i) => (
            <label key={column} className="field">
              <span>Matches {column} in</span>
              <select
                className="input"
                value={draft.referenceColumns[i] ?? ""}
                disabled={reference === undefined}
                onChange={(e) => {
                  const next = [...draft.referenceColumns];
                  next[i] = e.target.value;
                  onChange({ referenceColumns: next.map((c) => c ?? "") });
                }}
              >
                <ColumnOptions columns={reference?.columns ?? []} />
              </select>
            </label>
          ))}
          <Problems problems={problems} field="referenceColumns" />
        </>
      )}
      {draft.type !== "row_count" && !(draft.type === "freshness" && draft.scope === "latest") && (
        <RuleTextField
          label="Tolerated failing share (0–1)"
          value={draft.maxFailingRatio}
          onChange={(maxFailingRatio) => onChange({ maxFailingRatio })}
          problems={problems}
          field="maxFailingRatio"
          placeholder="0"
        />
      )}
    </div>
  );
}
