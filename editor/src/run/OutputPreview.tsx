import { useQuery } from "@apollo/client/react";
import { ErrorPanel } from "../ui/ErrorPanel";
import { formatCount } from "../ui/format-number";
import { Loading } from "../ui/Loading";
import { StepOutputPreviewQuery } from "./run.queries";

const PREVIEW_ROWS = 50;

/** The first rows of a finished step's output, with its columns and types. */
export function OutputPreview({ runId, nodeId, label }: { runId: string; nodeId: string; label: string }) {
  const { data, error, loading } = useQuery(StepOutputPreviewQuery, {
    variables: { runId, nodeId, limit: PREVIEW_ROWS },
  });
  if (error) return <ErrorPanel title={`Could not load the output of “${label}”`} error={error} />;
  if (loading || data === undefined) return <Loading>Loading output…</Loading>;
  const preview = data.stepOutputPreview;
  return (
    <div className="output-preview" data-testid="output-preview">
      <p className="muted">
        Output of <strong>{label}</strong>: {formatCount(preview.rowCount)} rows
        {preview.rowCount > preview.rows.length ? `, first ${preview.rows.length} shown` : ""}.
      </p>
      <div className="table-scroll">
        <table className="table table--dense">
          <thead>
            <tr>
              {preview.columns.map((column) => (
                <th key={column.name} scope="col">
                  {column.name} <span className="column-type">{column.type}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, index) => (
              <tr key={index}>
                {preview.columns.map((column) => (
                  <td key={column.name}>{cell(row[column.name])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "∅";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "";
}
