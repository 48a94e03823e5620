import { useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useCan, useSession } from "../../auth/auth-context";
import { DataTable, Th } from "../../ui/DataTable";
import { formatBytes, formatCount } from "../../ui/format-number";
import { NeedsRole } from "../../ui/NeedsRole";
import { Page, PageHeader } from "../../ui/Page";
import { RelativeTime } from "../../ui/RelativeTime";
import { ListBody } from "../../ui/ListBody";
import { quietly } from "../ml-shared/reload";
import { formatFromFileName, nameFromFileName, uploadDataset, type UploadFormat } from "./upload-dataset";
import { useDatasets } from "./use-datasets";

const FORMATS: readonly UploadFormat[] = ["CSV", "PARQUET", "JSON"];

/** Uploads a file (CSV, Parquet or JSON) as a dataset, checked by the API, then opens it. */
function UploadForm({ onUploaded }: { onUploaded: () => void }) {
  const navigate = useNavigate();
  const session = useSession();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [format, setFormat] = useState<UploadFormat>("CSV");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);

  return (
    <form
      className="panel form-grid"
      aria-labelledby="upload-title"
      data-testid="upload-dataset"
      onSubmit={(event) => {
        event.preventDefault();
        if (file === null || name.trim() === "") return;
        setBusy(true);
        setProblem(null);
        uploadDataset(
          { file, name: name.trim(), format, description: description.trim() },
          { accessToken: session.accessToken, tokenRejected: session.tokenRejected },
        )
          .then((result) => {
            if (result.ok) {
              onUploaded();
              void navigate(`/datasets/${encodeURIComponent(result.dataset.id)}`);
            } else setProblem({ field: result.field, message: result.message });
          })
          .catch((error: unknown) =>
            setProblem({ field: null, message: error instanceof Error ? error.message : String(error) }),
          )
          .finally(() => setBusy(false));
      }}
    >
      <h2 id="upload-title" className="panel__title">
        Upload a dataset
      </h2>
      <div className="rule-card__row">
        <label className="field" htmlFor={fileId}>
          <span>File</span>
          <input
            id={fileId}
            className="input"
            type="file"
            accept=".csv,.tsv,.txt,.parquet,.json,.jsonl,.ndjson"
            required
            onChange={(e) => {
              const picked = e.target.files?.[0] ?? null;
              setFile(picked);
              if (picked !== null) {
                if (name.trim() === "") setName(nameFromFileName(picked.name));
                setFormat(formatFromFileName(picked.name) ?? format);
              }
            }}
          />
        </label>
        <label className="field">
          <span>Name</span>
          <input className="input" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Format</span>
          <select
            className="input"
            value={format}
            onChange={(e) => setFormat(FORMATS.find((f) => f === e.target.value) ?? "CSV")}
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Description (optional)</span>
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
      </div>
      {problem !== null && (
        <div className="panel panel--error" role="alert">
          <h3 className="panel__title">Not uploaded</h3>
          <p>
            {problem.field !== null && <code className="error-code">{problem.field}</code>} {problem.message}
          </p>
        </div>
      )}
      <div className="button-row">
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || file === null || name.trim() === ""}
          data-testid="upload-submit"
        >
          {busy ? "Uploading…" : "Upload"}
        </button>
      </div>
    </form>
  );
}

/** Datasets: every table Millrace can read (uploads, samples, pipeline outputs), and uploads. */
export default function DatasetsPage() {
  const { datasets, error, refetch } = useDatasets();
  const canEdit = useCan("EDITOR");
  const reload = quietly(refetch);
  return (
    <Page titleId="datasets-title" title="Datasets · Millrace">
      <PageHeader titleId="datasets-title" title="Datasets" subtitle="Tables to train on, validate and profile." />
      {canEdit ? <UploadForm onUploaded={reload} /> : <NeedsRole role="EDITOR" what="upload datasets" />}
      <ListBody
        items={datasets}
        error={error}
        what="datasets"
        onRetry={reload}
        empty={<p className="empty">No datasets yet: upload a file above.</p>}
      >
        {(datasets) => (
          <DataTable
            testId="dataset-table"
            head={
              <>
                <Th>Dataset</Th>
                <Th>Source</Th>
                <Th>Format</Th>
                <Th num>Rows</Th>
                <Th num>Columns</Th>
                <Th num>Size</Th>
                <Th>Added</Th>
              </>
            }
          >
            {datasets.map((d) => (
              <tr key={d.id} data-testid={`dataset-row-${d.id}`}>
                <td>
                  <Link className="table__name" to={`/datasets/${encodeURIComponent(d.id)}`}>
                    {d.name}
                  </Link>
                  {d.description !== "" && <p className="table__description">{d.description}</p>}
                </td>
                <td>{d.source.toLowerCase()}</td>
                <td>{d.format.toLowerCase().replace("_", ".")}</td>
                <td className="num">{formatCount(d.rowCount)}</td>
                <td className="num">{d.columns.length}</td>
                <td className="num">{formatBytes(d.sizeBytes)}</td>
                <td>
                  <RelativeTime iso={d.createdAt} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListBody>
    </Page>
  );
}
