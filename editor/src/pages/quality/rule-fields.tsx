import type { ReactNode } from "react";
import { RULE_TITLES, RULE_TYPES, type DraftProblem } from "./rule-builder";

/** The problems with one field of a rule, under it. */
export function Problems({ problems, field }: { problems: readonly DraftProblem[]; field: string }) {
  const mine = problems.filter((p) => p.field === field);
  return mine.length === 0 ? null : (
    <span className="field__error" role="alert">
      {mine.map((p) => p.message).join("; ")}
    </span>
  );
}

/** A rule's text field with its problems; `code` sets it in a code font, `wide` spans the card. */
export function RuleTextField({
  label,
  value,
  onChange,
  problems,
  field,
  placeholder,
  code = false,
  wide = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problems: readonly DraftProblem[];
  /** Whose problems it shows. */
  field: string;
  placeholder?: string;
  code?: boolean;
  wide?: boolean;
}) {
  return (
    <label className={wide ? "field rule-card__wide" : "field"}>
      <span>{label}</span>
      <input
        className={code ? "input input--code" : "input"}
        value={value}
        {...(code ? { spellCheck: false } : {})}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
      <Problems problems={problems} field={field} />
    </label>
  );
}

/** A checkbox with its words after it, on one line. */
export function InlineCheckbox({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="field--inline">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}

/** Every rule type as a select's options, by title. */
export function RuleTypeOptions() {
  return (
    <>
      {RULE_TYPES.map((t) => (
        <option key={t} value={t}>
          {RULE_TITLES[t]}
        </option>
      ))}
    </>
  );
}
