import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { RegisteredModelQuery as RegisteredModelResult } from "../../graphql/generated/graphql";
import { useCan } from "../../auth/auth-context";
import { DataTable, Th } from "../../ui/DataTable";
import { ConfirmDialog } from "../../ui/Dialog";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { formatDateTime } from "../../ui/format-time";
import { NeedsRole } from "../../ui/NeedsRole";
import { PageHeader } from "../../ui/Page";
import { Panel } from "../../ui/Panel";
import { RelativeTime } from "../../ui/RelativeTime";
import { TagList } from "../../ui/TagList";
import { DetailPage } from "../ml-shared/DetailPage";
import { KeyMetricCells, KeyMetricHeads } from "../ml-shared/KeyMetrics";
import { ignore, quietly } from "../ml-shared/reload";
import { RegisteredModelQuery, RemoveModelAliasMutation, SetModelAliasMutation } from "./models.queries";
import { PredictForm } from "./PredictForm";

type Registered = RegisteredModelResult["registeredModel"];

/** Points an alias (new or existing) at a version. */
function AliasForm({ model }: { model: Registered }) {
  const [alias, setAlias] = useState("");
  const [version, setVersion] = useState(String(model.latestVersion));
  const [setModelAlias, { loading, error }] = useMutation(SetModelAliasMutation, {
    refetchQueries: ["RegisteredModel"],
  });
  const existing = model.aliases.find((a) => a.alias === alias.trim());
  return (
    <form
      className="inline-form"
      aria-label="Set an alias"
      data-testid="alias-form"
      onSubmit={(event) => {
        event.preventDefault();
        void setModelAlias({ variables: { name: model.name, alias: alias.trim(), version: Number(version) } })
          .then(() => setAlias(""))
          .catch(ignore);
      }}
    >
      <label className="field">
        <span>Alias</span>
        <input
          className="input"
          required
          value={alias}
          placeholder="champion"
          pattern="[a-z][a-z0-9_\-]{0,63}"
          list="known-aliases"
          onChange={(e) => setAlias(e.target.value)}
        />
        <datalist id="known-aliases">
          {model.aliases.map((a) => (
            <option key={a.alias} value={a.alias} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Version</span>
        <select className="input" value={version} onChange={(e) => setVersion(e.target.value)}>
          {model.versions.nodes.map((v) => (
            <option key={v.id} value={v.version}>
              v{v.version}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary" disabled={loading || alias.trim() === ""}>
        {existing !== undefined ? `Move ${existing.alias} from v${existing.version}` : "Set alias"}
      </button>
      {error && <ErrorPanel title="Alias not set" error={error} />}
    </form>
  );
}

function AliasList({ model, canEdit }: { model: Registered; canEdit: boolean }) {
  const [removing, setRemoving] = useState<string | null>(null);
  const [remove, { loading, error }] = useMutation(RemoveModelAliasMutation, { refetchQueries: ["RegisteredModel"] });
  if (model.aliases.length === 0) return <p className="muted">No aliases yet.</p>;
  return (
    <>
      <ul className="alias-list" data-testid="alias-list">
        {model.aliases.map((a) => (
          <li key={a.alias}>
            <span className="tag">{a.alias}</span> → v{a.version}
            {canEdit && (
              <button
                type="button"
                className="button button--small button--danger"
                aria-label={`Remove alias ${a.alias}`}
                onClick={() => setRemoving(a.alias)}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {removing !== null && (
        <ConfirmDialog
          title={`Remove alias ${removing}?`}
          confirmLabel="Remove alias"
          danger
          busy={loading}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            void remove({ variables: { name: model.name, alias: removing } })
              .catch(ignore)
              .finally(() => setRemoving(null));
          }}
        >
          <p>
            References to <code>{`${model.name}@${removing}`}</code> stop resolving. The removal is kept in the history.
          </p>
        </ConfirmDialog>
      )}
      {error && <ErrorPanel title="Alias not removed" error={error} />}
    </>
  );
}

function ModelView({ model }: { model: Registered }) {
  const versions = model.versions.nodes;
  const canEdit = useCan("EDITOR");
  const [selected, setSelected] = useState<number>(model.latestVersion);
  const current = versions.find((v) => v.version === selected) ?? versions[0];
  const history = [...model.aliasHistory].reverse();

  return (
    <>
      <PageHeader
        titleId="model-title"
        title={model.name}
        back={{ to: "/models", label: "Models" }}
        subtitle={
          <>
            {model.description !== "" ? `${model.description} · ` : ""}
            {model.versions.totalCount} version{model.versions.totalCount === 1 ? "" : "s"} · updated{" "}
            <RelativeTime iso={model.updatedAt} />
          </>
        }
      />

      <section aria-labelledby="versions-title" className="stack">
        <h2 id="versions-title">Versions</h2>
        <DataTable
          testId="version-table"
          head={
            <>
              <Th>Version</Th>
              <Th>Aliases</Th>
              <Th>Algorithm</Th>
              <KeyMetricHeads />
              <Th>From experiment</Th>
              <Th>Registered</Th>
            </>
          }
        >
          {versions.map((v) => (
            <tr key={v.id} aria-current={v.version === current?.version ? "true" : undefined}>
              <td>
                <strong>v{v.version}</strong>
                {v.version === model.latestVersion && <span className="muted"> (latest)</span>}
              </td>
              <td>
                <TagList items={v.aliases} keyOf={(a) => a} dashWhenEmpty>
                  {(a) => a}
                </TagList>
              </td>
              <td>
                {v.algorithm}
                {v.target !== null && <span className="muted"> → {v.target}</span>}
              </td>
              <KeyMetricCells metrics={v.metrics} />
              <td>
                {v.experimentId !== null ? (
                  <Link to={`/experiments/${encodeURIComponent(v.experimentId)}`}>
                    <code>{v.experimentId}</code>
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <RelativeTime iso={v.createdAt} />
                {v.createdBy !== null && <span className="muted"> by {v.createdBy}</span>}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>

      <div className="split-grid">
        <Panel titleId="aliases-title" title="Aliases">
          <AliasList model={model} canEdit={canEdit} />
          {canEdit ? <AliasForm model={model} /> : <NeedsRole role="EDITOR" what="move aliases" />}
        </Panel>
        <Panel titleId="history-title" title="Alias history">
          {history.length === 0 ? (
            <p className="muted">No alias has been set yet.</p>
          ) : (
            <DataTable
              testId="alias-history"
              variant="compact"
              head={
                <>
                  <Th>When</Th>
                  <Th>Alias</Th>
                  <Th>Move</Th>
                  <Th>By</Th>
                </>
              }
            >
              {history.map((change, i) => (
                <tr key={`${change.at}-${change.alias}-${i}`}>
                  <td>
                    <time dateTime={change.at}>{formatDateTime(change.at)}</time>
                  </td>
                  <td>{change.alias}</td>
                  <td>
                    {change.fromVersion === null ? "new" : `v${change.fromVersion}`} →{" "}
                    {change.toVersion === null ? "removed" : `v${change.toVersion}`}
                  </td>
                  <td>{change.by}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Panel>
      </div>

      {current !== undefined && (
        <Panel titleId="predict-title" title="Try a prediction">
          <label className="field field--inline">
            <span>Version</span>
            <select className="input" value={current.version} onChange={(e) => setSelected(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.id} value={v.version}>
                  v{v.version}
                  {v.aliases.length > 0 ? ` (${v.aliases.join(", ")})` : ""}
                </option>
              ))}
            </select>
          </label>
          <PredictForm key={current.id} model={current} />
        </Panel>
      )}
    </>
  );
}

/** One registered model: its versions with metrics and origin, aliases and their history, and predictions. */
export default function ModelPage() {
  const { name = "" } = useParams();
  const { data, error, refetch } = useQuery(RegisteredModelQuery, {
    variables: { name },
    fetchPolicy: "cache-and-network",
  });
  return (
    <DetailPage
      titleId="model-title"
      title={`${name} · Models · Millrace`}
      back={{ to: "/models", label: "Models" }}
      heading={name}
      what="the model"
      item={data?.registeredModel}
      error={error}
      onRetry={quietly(refetch)}
    >
      {(model) => <ModelView model={model} />}
    </DetailPage>
  );
}
