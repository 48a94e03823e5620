import { useId } from "react";
import { FieldError } from "../../ui/FieldError";
import { CheckboxList, columnOptions } from "./CheckboxList";

/** Column checkboxes (features) with "All" and "None": keyboard-usable, with the column types. */
export function ColumnChecklist({
  legend,
  columns,
  selected,
  disabled,
  onChange,
  error,
  testId,
}: {
  legend: string;
  columns: ReadonlyArray<{ name: string; type: string }>;
  selected: readonly string[];
  disabled: ReadonlySet<string>;
  onChange: (next: string[]) => void;
  error?: string | undefined;
  testId?: string | undefined;
}) {
  const errorId = useId();
  return (
    <fieldset className="checklist" data-testid={testId} aria-describedby={error !== undefined ? errorId : undefined}>
      <legend>{legend}</legend>
      <CheckboxList options={columnOptions(columns)} selected={selected} disabled={disabled} onChange={onChange} />
      <div className="button-row">
        <button type="button" className="button button--small" onClick={() => onChange(columns.map((c) => c.name))}>
          All
        </button>
        <button type="button" className="button button--small" onClick={() => onChange([])}>
          None
        </button>
      </div>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
