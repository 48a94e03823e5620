import { useId } from "react";
import type { DatasetFieldsFragment } from "../../graphql/generated/graphql";
import { FieldError } from "../../ui/FieldError";
import { ColumnChecklist } from "./ColumnChecklist";
import { numericColumns, type DataChoice } from "./data-choice";
import { ColumnOptions, DatasetOptions } from "./options";

/**
 * Dataset, target column and feature columns of a training form. Choosing a dataset clears the target and the
 * grouping and picks its numeric columns as features; the target and the grouping column cannot be features.
 * Problems come from `errors` under the keys `datasetId`, `target` and `features`.
 */
export function DatasetTargetFeatures({
  datasets,
  value,
  errors,
  onChange,
  featuresTestId,
}: {
  datasets: readonly DatasetFieldsFragment[];
  value: DataChoice;
  errors: Partial<Record<string, string>>;
  onChange: (patch: Partial<DataChoice>) => void;
  featuresTestId?: string;
}) {
  const datasetErrorId = useId();
  const targetErrorId = useId();
  const dataset = datasets.find((d) => d.id === value.datasetId);
  const columns = dataset?.columns ?? [];
  return (
    <>
      <label className="field">
        <span>Dataset</span>
        <select
          className="input"
          value={value.datasetId}
          aria-describedby={datasetErrorId}
          onChange={(e) => {
            const next = datasets.find((d) => d.id === e.target.value);
            onChange({ datasetId: e.target.value, target: "", groupBy: "", features: numericColumns(next?.columns) });
          }}
        >
          <DatasetOptions datasets={datasets} />
        </select>
        <FieldError id={datasetErrorId} message={errors["datasetId"]} />
      </label>
      <label className="field">
        <span>Target (column to predict)</span>
        <select
          className="input"
          value={value.target}
          disabled={dataset === undefined}
          aria-describedby={targetErrorId}
          onChange={(e) => onChange({ target: e.target.value })}
        >
          <ColumnOptions columns={columns} typed />
        </select>
        <FieldError id={targetErrorId} message={errors["target"]} />
      </label>
      {dataset !== undefined && (
        <ColumnChecklist
          legend="Features (text columns are one-hot encoded)"
          columns={columns}
          selected={value.features}
          disabled={new Set([value.target, value.groupBy].filter((c) => c !== ""))}
          onChange={(features) => onChange({ features })}
          error={errors["features"]}
          testId={featuresTestId}
        />
      )}
    </>
  );
}

/** The optional grouping column (any column but the target): rows sharing a value stay on one side of a split. */
export function GroupByField({
  label,
  columns,
  value,
  onChange,
}: {
  label: string;
  columns: ReadonlyArray<{ name: string }>;
  value: DataChoice;
  onChange: (groupBy: string) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select className="input" value={value.groupBy} onChange={(e) => onChange(e.target.value)}>
        <option value="">No grouping</option>
        {columns
          .filter((c) => c.name !== value.target)
          .map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
      </select>
    </label>
  );
}
