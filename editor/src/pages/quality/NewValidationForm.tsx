import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link } from "react-router";
import type { GateMode } from "../../graphql/generated/graphql";
import { errorProblems } from "../../ui/error-details";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { useDatasets } from "../datasets/use-datasets";
import { DatasetOptions } from "../ml-shared/options";
import { useOpenCreated } from "../ml-shared/use-open-created";
import { CreateValidationMutation } from "./quality.queries";
import { RuleBuilder } from "./RuleBuilder";
import { draftsToRules, type DraftProblem, type RuleDraft } from "./rule-builder";

/** A validation of a dataset built from rules, checked by the API before it runs. */
export function NewValidationForm({ datasetId, onDataset }: { datasetId: string; onDataset: (id: string) => void }) {
  const openCreated = useOpenCreated();
  const { datasets } = useDatasets();
  const [name, setName] = useState("");
  const [mode, setMode] = useState<GateMode>("WARN");
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const [create, { loading, error }] = useMutation(CreateValidationMutation, { refetchQueries: ["ValidationList"] });
  const dataset = datasets?.find((d) => d.id === datasetId);
  const columns = dataset?.columns ?? [];
  const apiProblems = errorProblems(error);

  if (datasets === undefined) return <Loading>Loading datasets…</Loading>;
  if (datasets.length === 0)
    return (
      <p className="empty">
        No datasets yet: <Link to="/datasets">upload one</Link> to validate it.
      </p>
    );
  return (
    <form
      className="panel form-grid"
      aria-labelledby="new-validation-title"
      data-testid="new-validation"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (dataset === undefined) {
          setProblems([{ rule: -1, field: "dataset", message: "Choose a dataset." }]);
          return;
        }
        const built = draftsToRules(drafts, columns);
        if (!built.ok) {
          setProblems(built.problems);
          return;
        }
        setProblems([]);
        const created = create({
          variables: { datasetId: dataset.id, rules: built.rules, mode, name: name.trim() === "" ? null : name.trim() },
        });
        openCreated(created, (data) => `/quality/${encodeURIComponent(data.createValidation.id)}`);
      }}
    >
      <h2 id="new-validation-title" className="panel__title">
        New validation
      </h2>
      <div className="rule-card__row">
        <label className="field">
          <span>Dataset</span>
          <select
            className="input"
            value={datasetId}
            onChange={(e) => {
              onDataset(e.target.value);
              setDrafts([]);
              setProblems([]);
            }}
          >
            <DatasetOptions datasets={datasets} />
          </select>
        </label>
        <label className="field">
          <span>Name (optional)</span>
          <input
            className="input"
            value={name}
            placeholder={dataset !== undefined ? `${dataset.name} check` : ""}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Mode</span>
          <select
            className="input"
            value={mode}
            onChange={(e) => setMode(e.target.value === "BLOCK" ? "BLOCK" : "WARN")}
          >
            <option value="WARN">warn (a failed rule warns)</option>
            <option value="BLOCK">block (a failed rule fails the validation)</option>
          </select>
        </label>
        {dataset !== undefined && (
          <Link className="button" to={`/datasets/${encodeURIComponent(dataset.id)}`}>
            Profile this dataset
          </Link>
        )}
      </div>
      {problems.some((p) => p.rule === -1) && (
        <p className="field__error" role="alert">
          {problems
            .filter((p) => p.rule === -1)
            .map((p) => p.message)
            .join(" ")}
        </p>
      )}
      {dataset !== undefined && (
        <RuleBuilder
          drafts={drafts}
          columns={columns}
          references={datasets.filter((d) => d.id !== dataset.id)}
          problems={problems}
          onChange={setDrafts}
        />
      )}
      {error && (
        <div className="stack">
          <ErrorPanel title="The validation was refused" error={error} />
          {apiProblems.length > 1 && (
            <ul className="issue-list" data-testid="rule-problems">
              {apiProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="button-row">
        <button
          type="submit"
          className="button button--primary"
          disabled={loading || dataset === undefined}
          data-testid="run-validation"
        >
          Run validation
        </button>
      </div>
    </form>
  );
}
