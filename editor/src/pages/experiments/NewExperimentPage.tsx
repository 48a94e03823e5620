import { useMutation, useQuery } from "@apollo/client/react";
import { useEffect, useId, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useCan } from "../../auth/auth-context";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { FieldError } from "../../ui/FieldError";
import { Loading } from "../../ui/Loading";
import { NeedsRole } from "../../ui/NeedsRole";
import { Page, PageHeader } from "../../ui/Page";
import { TextField } from "../../ui/TextField";
import { useDatasets } from "../datasets/use-datasets";
import { numericColumns } from "../ml-shared/data-choice";
import { DatasetTargetFeatures, GroupByField } from "../ml-shared/DatasetTargetFeatures";
import { useOpenCreated } from "../ml-shared/use-open-created";
import { buildExperimentInput, paramSpecs, type ExperimentForm, type FormErrors } from "./experiment-form";
import { CreateExperimentMutation, MlAlgorithmsQuery } from "./experiments.queries";
import { ParamFields } from "./ParamFields";

const EMPTY: ExperimentForm = {
  name: "",
  datasetId: "",
  target: "",
  features: [],
  algorithm: "random_forest",
  params: {},
  split: "holdout",
  testFraction: "0.2",
  cvFolds: "5",
  groupBy: "",
  seed: "",
};

/** Trains a model: dataset, target, features, algorithm and its params, hold-out share or CV folds. */
export default function NewExperimentPage() {
  const openCreated = useOpenCreated();
  const canEdit = useCan("EDITOR");
  const [searchParams] = useSearchParams();
  const { datasets, error: datasetsError } = useDatasets();
  const algorithms = useQuery(MlAlgorithmsQuery);
  const [form, setForm] = useState<ExperimentForm>(() => ({ ...EMPTY, datasetId: searchParams.get("dataset") ?? "" }));
  const [errors, setErrors] = useState<FormErrors>({});
  const [create, { loading, error }] = useMutation(CreateExperimentMutation, { refetchQueries: ["ExperimentList"] });
  const algorithmErrorId = useId();

  const dataset = datasets?.find((d) => d.id === form.datasetId);
  const columns = dataset?.columns ?? [];
  const algorithm = algorithms.data?.mlAlgorithms.find((a) => a.name === form.algorithm);
  const specs = useMemo(() => paramSpecs(algorithm?.params ?? {}), [algorithm]);
  const set = (patch: Partial<ExperimentForm>): void => setForm((f) => ({ ...f, ...patch }));
  // A dataset chosen by the link that opened the form (?dataset=…) starts with its numeric columns as features.
  const preselected = datasets?.find((d) => d.id === searchParams.get("dataset"));
  useEffect(() => {
    if (preselected === undefined) return;
    setForm((f) =>
      f.datasetId === preselected.id && f.features.length === 0 && f.target === ""
        ? { ...f, features: numericColumns(preselected.columns) }
        : f,
    );
  }, [preselected]);

  const submit = (): void => {
    const built = buildExperimentInput(form, columns, specs);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    openCreated(
      create({ variables: { input: built.input } }),
      (data) => `/experiments/${encodeURIComponent(data.createExperiment.id)}`,
    );
  };

  return (
    <Page titleId="new-experiment-title" title="New experiment · Millrace">
      <PageHeader
        titleId="new-experiment-title"
        title="New experiment"
        subtitle="Train one algorithm on a dataset and evaluate it."
        back={{ to: "/experiments", label: "Experiments" }}
      />
      {!canEdit && <NeedsRole role="EDITOR" what="train models" />}
      {datasetsError !== undefined && <ErrorPanel title="Could not load datasets" error={datasetsError} />}
      {algorithms.error && <ErrorPanel title="Could not load the algorithms" error={algorithms.error} />}
      {datasets === undefined || algorithms.data === undefined ? (
        <Loading>Loading datasets and algorithms…</Loading>
      ) : datasets.length === 0 ? (
        <p className="empty">
          No datasets yet: <Link to="/datasets">upload one</Link> first.
        </p>
      ) : (
        <form
          className="panel form-grid"
          data-testid="new-experiment-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <label className="field">
            <span>Name (optional)</span>
            <input
              className="input"
              value={form.name}
              placeholder="algorithm → target on data"
              onChange={(e) => set({ name: e.target.value })}
            />
          </label>
          <DatasetTargetFeatures
            datasets={datasets}
            value={form}
            errors={errors}
            onChange={set}
            featuresTestId="feature-list"
          />
          <label className="field">
            <span>Algorithm</span>
            <select
              className="input"
              value={form.algorithm}
              aria-describedby={algorithmErrorId}
              onChange={(e) => set({ algorithm: e.target.value, params: {} })}
            >
              {algorithms.data.mlAlgorithms.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.title}
                </option>
              ))}
            </select>
            <FieldError id={algorithmErrorId} message={errors["algorithm"]} />
          </label>
          <ParamFields specs={specs} values={form.params} errors={errors} onChange={(params) => set({ params })} />
          <fieldset className="split-choice">
            <legend>Evaluation</legend>
            <label className="field--inline">
              <input
                type="radio"
                name="split"
                checked={form.split === "holdout"}
                onChange={() => set({ split: "holdout" })}
              />
              Hold out a share of the rows
            </label>
            <label className="field--inline">
              <input type="radio" name="split" checked={form.split === "cv"} onChange={() => set({ split: "cv" })} />
              k-fold cross-validation
            </label>
            {form.split === "holdout" ? (
              <TextField
                label="Held-out share (0–1)"
                inputMode="decimal"
                value={form.testFraction}
                error={errors["testFraction"]}
                onChange={(testFraction) => set({ testFraction })}
              />
            ) : (
              <TextField
                label="Folds (2–20)"
                inputMode="numeric"
                value={form.cvFolds}
                error={errors["cvFolds"]}
                onChange={(cvFolds) => set({ cvFolds })}
              />
            )}
            <GroupByField
              label="Group by (rows sharing a value stay on one side)"
              columns={columns}
              value={form}
              onChange={(groupBy) => set({ groupBy })}
            />
            <TextField
              label="Seed (default 42)"
              inputMode="numeric"
              value={form.seed}
              error={errors["seed"]}
              onChange={(seed) => set({ seed })}
            />
          </fieldset>
          {error && <ErrorPanel title="Not started" error={error} />}
          <div className="button-row">
            <button
              type="submit"
              className="button button--primary"
              disabled={loading || !canEdit}
              data-testid="start-experiment"
            >
              Start training
            </button>
            <Link to="/experiments" className="button">
              Cancel
            </Link>
          </div>
        </form>
      )}
    </Page>
  );
}
