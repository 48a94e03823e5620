import { CheckboxList, columnOptions } from "../ml-shared/CheckboxList";
import { ColumnOptions } from "../ml-shared/options";
import {
  RULE_TITLES,
  RULE_TYPES,
  SEVERITIES,
  usesColumns,
  type Column,
  type DraftProblem,
  type RuleDraft,
  withType,
} from "./rule-builder";
import { Problems, RuleTypeOptions } from "./rule-fields";
import { RuleTypeFields, type Reference } from "./RuleTypeFields";

/** One rule as a card: type, severity, mode, label, columns, the fields of its type; move up or down, remove. */
export function RuleCard({
  draft,
  index,
  count,
  columns,
  references,
  problems,
  onChange,
  onRemove,
  onMove,
}: {
  draft: RuleDraft;
  index: number;
  count: number;
  columns: readonly Column[];
  references: readonly Reference[];
  problems: readonly DraftProblem[];
  onChange: (patch: Partial<RuleDraft>) => void;
  onRemove: () => void;
  onMove: (by: -1 | 1) => void;
}) {
  const wanted = usesColumns(draft.type);
  const legend = `Rule ${index + 1}: ${RULE_TITLES[draft.type]}`;
  return (
    <li className="rule-card" data-testid={`rule-${index}`}>
      <fieldset>
        <legend>{legend}</legend>
        <div className="rule-card__row">
          <label className="field">
            <span>Type</span>
            <select
              className="input"
              value={draft.type}
              onChange={(e) => onChange(withType(draft, RULE_TYPES.find((t) => t === e.target.value) ?? draft.type))}
            >
              <RuleTypeOptions />
            </select>
          </label>
          <label className="field">
            <span>Severity</span>
            <select
              className="input"
              value={draft.severity}
              onChange={(e) => onChange({ severity: SEVERITIES.find((s) => s === e.target.value) ?? "MEDIUM" })}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Mode</span>
            <select
              className="input"
              value={draft.mode}
              onChange={(e) =>
                onChange({ mode: e.target.value === "BLOCK" ? "BLOCK" : e.target.value === "WARN" ? "WARN" : "" })
              }
            >
              <option value="">as the validation</option>
              <option value="WARN">warn</option>
              <option value="BLOCK">block</option>
            </select>
          </label>
          <label className="field">
            <span>Label (optional)</span>
            <input className="input" value={draft.name} onChange={(e) => onChange({ name: e.target.value })} />
          </label>
        </div>

        {wanted === "one" && (
          <label className="field">
            <span>Column</span>
            <select
              className="input"
              value={draft.columns[0] ?? ""}
              onChange={(e) => onChange({ columns: [e.target.value] })}
            >
              <ColumnOptions columns={columns} typed />
            </select>
            <Problems problems={problems} field="columns" />
          </label>
        )}
        {wanted === "many" && (
          <fieldset className="checklist">
            <legend>Columns</legend>
            <CheckboxList
              options={columnOptions(columns)}
              selected={draft.columns}
              onChange={(next) => onChange({ columns: next })}
            />
            <Problems problems={problems} field="columns" />
          </fieldset>
        )}

        <RuleTypeFields draft={draft} references={references} problems={problems} onChange={onChange} />
        <div className="button-row">
          <button type="button" className="button button--small" disabled={index === 0} onClick={() => onMove(-1)}>
            Move up
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            Move down
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            aria-label={`Remove rule ${index + 1}`}
            onClick={onRemove}
          >
            Remove
          </button>
        </div>
      </fieldset>
    </li>
  );
}
