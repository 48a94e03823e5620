/** A select's options for a dataset: "Choose a dataset…" (empty), then each by name. */
export function DatasetOptions({ datasets }: { datasets: ReadonlyArray<{ id: string; name: string }> }) {
  return (
    <>
      <option value="">Choose a dataset…</option>
      {datasets.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </>
  );
}

/** A select's options for a column: "Choose a column…" (empty), then each by name, with its type when `typed`. */
export function ColumnOptions({
  columns,
  typed = false,
}: {
  columns: ReadonlyArray<{ name: string; type: string }>;
  typed?: boolean;
}) {
  return (
    <>
      <option value="">Choose a column…</option>
      {columns.map((c) => (
        <option key={c.name} value={c.name}>
          {typed ? `${c.name} (${c.type})` : c.name}
        </option>
      ))}
    </>
  );
}
