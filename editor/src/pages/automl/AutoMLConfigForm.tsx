import { useMutation, useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { Link } from "react-router";
import type { SearchStrategy } from "../../graphql/generated/graphql";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { FieldError } from "../../ui/FieldError";
import { Loading } from "../../ui/Loading";
import { TextField } from "../../ui/TextField";
import { useDatasets } from "../datasets/use-datasets";
import { MlAlgorithmsQuery } from "../experiments/experiments.queries";
import { CheckboxList } from "../ml-shared/CheckboxList";
import { DatasetTargetFeatures, GroupByField } from "../ml-shared/DatasetTargetFeatures";
import { useOpenCreated } from "../ml-shared/use-open-created";
import { StartAutoMLMutation } from "./automl.queries";
import { buildAutoMLInput, SEARCH_METRICS, type AutoMLForm } from "./leaderboard";

const STRATEGIES: ReadonlyArray<{ value: SearchStrategy; label: string }> = [
  { value: "RANDOM", label: "Random (seeded order)" },
  { value: "GRID", label: "Grid (every combination in order)" },
  { value: "SUCCESSIVE_HALVING", label: "Successive halving (more rows for the best)" },
];
const DEFAULT_ALGORITHMS = ["random_forest", "gradient_boosting", "logistic_regression", "svm"];

const EMPTY: AutoMLForm = {
  name: "",
  datasetId: "",
  target: "",
  features: [],
  algorithms: DEFAULT_ALGORITHMS,
  strategy: "RANDOM",
  metric: "accuracy",
  folds: "5",
  timeBudgetSeconds: "300",
  maxTrials: "20",
  seed: "",
  groupBy: "",
  registerAs: "",
};

/** The search's configuration: data, target, algorithms, strategy, CV folds, budgets and seed. */
export function AutoMLConfigForm() {
  const openCreated = useOpenCreated();
  const { datasets } = useDatasets();
  const algorithms = useQuery(MlAlgorithmsQuery);
  const [form, setForm] = useState<AutoMLForm>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [start, { loading, error }] = useMutation(StartAutoMLMutation, { refetchQueries: ["AutoMLRunList"] });
  const algorithmsErrorId = useId();
  const set = (patch: Partial<AutoMLForm>): void => setForm((f) => ({ ...f, ...patch }));
  const columns = datasets?.find((d) => d.id === form.datasetId)?.columns ?? [];

  if (datasets === undefined || algorithms.data === undefined) {
    return algorithms.error ? (
      <ErrorPanel title="Could not load the algorithms" error={algorithms.error} />
    ) : (
      <Loading>Loading datasets and algorithms…</Loading>
    );
  }
  if (datasets.length === 0)
    return (
      <p className="empty">
        No datasets yet: <Link to="/datasets">upload one</Link> to search on it.
      </p>
    );

  return (
    <form
      className="panel form-grid"
      aria-labelledby="automl-config-title"
      data-testid="automl-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const built = buildAutoMLInput(form, columns);
        if (!built.ok) {
          setErrors(built.errors);
          return;
        }
        setErrors({});
        openCreated(
          start({ variables: { input: built.input } }),
          (data) => `/automl/${encodeURIComponent(data.startAutoML.id)}`,
        );
      }}
    >
      <h2 id="automl-config-title" className="panel__title">
        New search
      </h2>
      <TextField
        label="Name"
        value={form.name}
        placeholder="activity-automl"
        error={errors["name"]}
        onChange={(name) => set({ name })}
      />
      <DatasetTargetFeatures datasets={datasets} value={form} errors={errors} onChange={set} />
      <fieldset className="checklist" aria-describedby={algorithmsErrorId} data-testid="automl-algorithms">
        <legend>Algorithms</legend>
        <CheckboxList
          options={algorithms.data.mlAlgorithms.map((a) => ({ value: a.name, label: <span>{a.title}</span> }))}
          selected={form.algorithms}
          onChange={(next) => set({ algorithms: next })}
        />
        <FieldError id={algorithmsErrorId} message={errors["algorithms"]} />
      </fieldset>
      <div className="param-grid">
        <label className="field">
          <span>Strategy</span>
          <select
            className="input"
            value={form.strategy}
            onChange={(e) => set({ strategy: STRATEGIES.find((s) => s.value === e.target.value)?.value ?? "RANDOM" })}
          >
            {STRATEGIES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Metric</span>
          <select className="input" value={form.metric} onChange={(e) => set({ metric: e.target.value })}>
            {Object.entries(SEARCH_METRICS).map(([name, higher]) => (
              <option key={name} value={name}>
                {name} ({higher ? "higher" : "lower"} is better)
              </option>
            ))}
          </select>
        </label>
        <TextField
          label="CV folds"
          inputMode="numeric"
          value={form.folds}
          error={errors["folds"]}
          onChange={(folds) => set({ folds })}
        />
        <TextField
          label="Time budget (seconds)"
          inputMode="numeric"
          value={form.timeBudgetSeconds}
          error={errors["timeBudgetSeconds"]}
          onChange={(timeBudgetSeconds) => set({ timeBudgetSeconds })}
        />
        <TextField
          label="Max trials"
          inputMode="numeric"
          value={form.maxTrials}
          error={errors["maxTrials"]}
          onChange={(maxTrials) => set({ maxTrials })}
        />
        <TextField
          label="Seed (optional)"
          inputMode="numeric"
          value={form.seed}
          error={errors["seed"]}
          onChange={(seed) => set({ seed })}
        />
        <GroupByField
          label="Group by (optional)"
          columns={columns}
          value={form}
          onChange={(groupBy) => set({ groupBy })}
        />
        <label className="field">
          <span>Register the best as (default: the name)</span>
          <input className="input" value={form.registerAs} onChange={(e) => set({ registerAs: e.target.value })} />
        </label>
      </div>
      {error && <ErrorPanel title="Search not started" error={error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={loading} data-testid="start-automl">
          Start search
        </button>
      </div>
    </form>
  );
}
