import { DataTable, RowHead, Th } from "../../ui/DataTable";
import { formatPercent } from "../../ui/format-number";
import { formatMetric, metricEntries, metricLabel, perClassMetrics, shadeConfusion } from "./metrics";

/** Every numeric metric of an experiment (or model version), one row each. */
export function MetricsTable({ metrics, testId }: { metrics: Readonly<Record<string, unknown>>; testId?: string }) {
  const entries = metricEntries(metrics);
  if (entries.length === 0) return <p className="empty">No metrics recorded.</p>;
  return (
    <DataTable
      testId={testId}
      variant="compact"
      head={
        <>
          <Th>Metric</Th>
          <Th num>Value</Th>
        </>
      }
    >
      {entries.map(([name, value]) => (
        <tr key={name}>
          <RowHead title={name}>{metricLabel(name)}</RowHead>
          <td className="num">{formatMetric(name, value)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * The confusion matrix as a heat-map table: rows are true classes, columns predicted ones, each cell shaded by its
 * share of the row (the count is always written in the cell, so colour is never the only cue).
 */
export function ConfusionMatrix({
  labels,
  matrix,
}: {
  labels: readonly string[];
  matrix: ReadonlyArray<readonly number[]>;
}) {
  const shaded = shadeConfusion(matrix);
  return (
    <div className="table-scroll confusion" data-testid="confusion-matrix">
      <table className="table confusion__table">
        <caption className="visually-hidden">
          Confusion matrix: rows are the true classes, columns the predicted ones; shading is the share of the row.
        </caption>
        <thead>
          <tr>
            <th scope="col" className="confusion__corner">
              True ↓ / Predicted →
            </th>
            {labels.map((label) => (
              <th key={label} scope="col" className="confusion__label">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shaded.map((row, r) => (
            <tr key={labels[r] ?? r}>
              <th scope="row" className="confusion__label">
                {labels[r] ?? `#${r}`}
              </th>
              {row.map((cell, c) => (
                <td
                  key={c}
                  className={r === c ? "num confusion__cell confusion__cell--diagonal" : "num confusion__cell"}
                  data-tone={cell.tone}
                  style={{ backgroundColor: cell.alpha > 0 ? `rgb(31 111 235 / ${cell.alpha})` : undefined }}
                  title={`${labels[r] ?? r} predicted as ${labels[c] ?? c}: ${cell.value} (${formatPercent(cell.share)} of the class)`}
                >
                  {cell.value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Precision, recall, F1 and support per class, computed from the confusion matrix. */
export function PerClassTable({
  labels,
  matrix,
}: {
  labels: readonly string[];
  matrix: ReadonlyArray<readonly number[]>;
}) {
  const rows = perClassMetrics(labels, matrix);
  return (
    <DataTable
      testId="per-class-metrics"
      variant="compact"
      head={
        <>
          <Th>Class</Th>
          <Th num>Precision</Th>
          <Th num>Recall</Th>
          <Th num>F1</Th>
          <Th num>Support</Th>
        </>
      }
    >
      {rows.map((row) => (
        <tr key={row.label}>
          <RowHead>{row.label}</RowHead>
          <td className="num">{formatMetric("precision", row.precision)}</td>
          <td className="num">{formatMetric("recall", row.recall)}</td>
          <td className="num">{formatMetric("f1", row.f1)}</td>
          <td className="num">{formatMetric("test_rows", row.support)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Param values as text: strings bare, everything else as JSON. */
export function formatParam(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "—");
}
