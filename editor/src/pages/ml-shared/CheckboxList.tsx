import type { ReactNode } from "react";

/** A checklist's boxes: one per option, each toggling its value in `selected`; `disabled` ones are off and locked. */
export function CheckboxList({
  options,
  selected,
  onChange,
  disabled,
}: {
  options: ReadonlyArray<{ value: string; label: ReactNode }>;
  selected: readonly string[];
  onChange: (next: string[]) => void;
  disabled?: ReadonlySet<string>;
}) {
  return (
    <div className="checklist__items">
      {options.map(({ value, label }) => (
        <label key={value} className="checklist__item">
          <input
            type="checkbox"
            checked={selected.includes(value) && disabled?.has(value) !== true}
            disabled={disabled?.has(value)}
            onChange={(event) =>
              onChange(event.target.checked ? [...selected, value] : selected.filter((n) => n !== value))
            }
          />
          {label}
        </label>
      ))}
    </div>
  );
}

/** Table columns as checklist options: the name, then its type. */
export function columnOptions(
  columns: ReadonlyArray<{ name: string; type: string }>,
): Array<{ value: string; label: ReactNode }> {
  return columns.map((c) => ({
    value: c.name,
    label: (
      <>
        <span>{c.name}</span> <span className="column-type">{c.type}</span>
      </>
    ),
  }));
}
