import { useId, useState } from "react";
import {
  newRuleDraft,
  RULE_TYPES,
  type Column,
  type DraftProblem,
  type RuleDraft,
  type RuleType,
} from "./rule-builder";
import { RuleCard } from "./RuleCard";
import { RuleTypeOptions } from "./rule-fields";
import type { Reference } from "./RuleTypeFields";

/** Rules as editable cards: add by type, edit the fields each type uses, reorder, remove. */
export function RuleBuilder({
  drafts,
  columns,
  references,
  problems,
  onChange,
}: {
  drafts: readonly RuleDraft[];
  columns: readonly Column[];
  references: readonly Reference[];
  problems: readonly DraftProblem[];
  onChange: (drafts: RuleDraft[]) => void;
}) {
  const addId = useId();
  const [toAdd, setToAdd] = useState<RuleType>("not_null");
  const update = (index: number, patch: Partial<RuleDraft>): void =>
    onChange(drafts.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const add = (type: RuleType): void =>
    onChange([...drafts, newRuleDraft(type, Math.max(0, ...drafts.map((d) => d.key)) + 1, columns[0]?.name)]);
  return (
    <div className="rule-builder" data-testid="rule-builder">
      {drafts.length === 0 ? (
        <p className="muted">No rules yet: add one below.</p>
      ) : (
        <ol className="rule-list">
          {drafts.map((draft, index) => (
            <RuleCard
              key={draft.key}
              draft={draft}
              index={index}
              count={drafts.length}
              columns={columns}
              references={references}
              problems={problems.filter((p) => p.rule === index)}
              onChange={(patch) => update(index, patch)}
              onRemove={() => onChange(drafts.filter((_, i) => i !== index))}
              onMove={(by) => {
                const next = [...drafts];
                const [moved] = next.splice(index, 1);
                if (moved !== undefined) next.splice(index + by, 0, moved);
                onChange(next);
              }}
            />
          ))}
        </ol>
      )}
      <div className="rule-builder__add">
        <label htmlFor={addId} className="visually-hidden">
          Rule type to add
        </label>
        <select
          id={addId}
          className="input"
          value={toAdd}
          data-testid="add-rule-type"
          onChange={(e) => setToAdd(RULE_TYPES.find((t) => t === e.target.value) ?? "not_null")}
        >
          <RuleTypeOptions />
        </select>
        <button type="button" className="button" data-testid="add-rule" onClick={() => add(toAdd)}>
          Add rule
        </button>
      </div>
    </div>
  );
}
