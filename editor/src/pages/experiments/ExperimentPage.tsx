import { useMutation, useQuery, useSubscription } from "@apollo/client/react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { ExperimentDetailQuery } from "../../graphql/generated/graphql";
import { useCan } from "../../auth/auth-context";
import { RowHead } from "../../ui/DataTable";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Fact } from "../../ui/Fact";
import { FailurePanel } from "../../ui/FailurePanel";
import { formatDuration, formatPercent } from "../../ui/format-number";
import { formatDateTime } from "../../ui/format-time";
import { Loading } from "../../ui/Loading";
import { Panel } from "../../ui/Panel";
import { ProgressBar } from "../../ui/ProgressBar";
import { RunDuration } from "../../ui/RunDuration";
import { RunStatusBadge } from "../../ui/RunStatusBadge";
import { TagList } from "../../ui/TagList";
import { useDatasets } from "../datasets/use-datasets";
import { DataSourceLink } from "../ml-shared/DataSourceLink";
import { DetailPage } from "../ml-shared/DetailPage";
import { isActive, onJobEnd } from "../ml-shared/job-status";
import { JobHeader } from "../ml-shared/JobHeader";
import { quietly } from "../ml-shared/reload";
import { useOpenCreated } from "../ml-shared/use-open-created";
import { RegisterModelMutation } from "../models/models.queries";
import { ConfusionMatrix, formatParam, MetricsTable, PerClassTable } from "./ExperimentParts";
import {
  CancelExperimentMutation,
  ExperimentDetailQuery as DetailQuery,
  ExperimentProgressSubscription,
} from "./experiments.queries";
import { formatMetric, metricLabel } from "./metrics";

type Experiment = ExperimentDetailQuery["experiment"];
const TIMINGS = ["loadMs", "trainMs", "evaluateMs", "saveMs", "totalMs"] as const;
const TIMING_LABELS: Readonly<Record<(typeof TIMINGS)[number], string>> = {
  loadMs: "Load",
  trainMs: "Train",
  evaluateMs: "Evaluate",
  saveMs: "Save",
  totalMs: "Total",
};

/** Stage, fold, iteration and partial scores while the experiment trains; reloads the page's data when it ends. */
function LiveProgress({ id, onEnd }: { id: string; onEnd: () => void }) {
  const { data, error } = useSubscription(ExperimentProgressSubscription, {
    variables: { id },
    onData: onJobEnd((d) => d.experimentProgress.status, onEnd),
  });
  const progress = data?.experimentProgress;
  const scores = Object.entries(progress?.scores ?? {}).filter((e): e is [string, number] => typeof e[1] === "number");
  return (
    <section className="panel live-panel" aria-labelledby="live-title" data-testid="experiment-progress">
      <h2 id="live-title" className="panel__title">
        Training live
      </h2>
      {error && <ErrorPanel title="Lost the live progress" error={error} />}
      {progress === undefined ? (
        <Loading>Waiting for the first progress report…</Loading>
      ) : (
        <>
          <p aria-live="polite">
            Stage <strong>{progress.stage.toLowerCase()}</strong>
            {progress.fold !== null && progress.folds !== null && ` · fold ${progress.fold} of ${progress.folds}`}
            {progress.message !== null && ` · ${progress.message}`}
          </p>
          <ProgressBar
            label="Training progress"
            value={progress.iteration}
            max={progress.total ?? 1}
            {...(progress.iteration !== null && progress.total !== null
              ? { text: `iteration ${progress.iteration} of ${progress.total}` }
              : {})}
          />
          {scores.length > 0 && (
            <dl className="facts facts--compact">
              {scores.map(([name, value]) => (
                <Fact key={name} term={metricLabel(name)}>
                  {formatMetric(name, value)}
                </Fact>
              ))}
            </dl>
          )}
        </>
      )}
    </section>
  );
}

/** Registers the experiment's model as the next version of a name, then opens the model. */
function RegisterModelForm({ experiment }: { experiment: Experiment }) {
  const openCreated = useOpenCreated();
  const [name, setName] = useState(experiment.target !== null ? `${experiment.target}-classifier` : "");
  const [alias, setAlias] = useState("");
  const [register, { loading, error }] = useMutation(RegisterModelMutation, {
    refetchQueries: ["RegisteredModelList"],
  });
  return (
    <form
      className="inline-form"
      aria-label="Register as a model"
      onSubmit={(event) => {
        event.preventDefault();
        const registered = register({
          variables: {
            experimentId: experiment.id,
            name: name.trim(),
            alias: alias.trim() === "" ? null : alias.trim(),
          },
        });
        openCreated(registered, (data) => `/models/${encodeURIComponent(data.registerModel.name)}`);
      }}
    >
      <label className="field">
        <span>Model name</span>
        <input className="input" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Alias (optional)</span>
        <input className="input" placeholder="challenger" value={alias} onChange={(e) => setAlias(e.target.value)} />
      </label>
      <button type="submit" className="button button--primary" disabled={loading || name.trim() === ""}>
        Register model
      </button>
      {error && <ErrorPanel title="Not registered" error={error} />}
    </form>
  );
}

function ExperimentView({ experiment, onReload }: { experiment: Experiment; onReload: () => void }) {
  const { names } = useDatasets();
  const canEdit = useCan("EDITOR");
  const active = isActive(experiment.status);
  const split = experiment.split;
  const timings = experiment.timings ?? {};
  const params = Object.entries(experiment.params);

  return (
    <>
      <JobHeader
        back={{ to: "/experiments", label: "Experiments" }}
        titleId="experiment-title"
        title={experiment.name}
        subtitle={
          <>
            <RunStatusBadge status={experiment.status} /> {experiment.algorithm}
            {experiment.target !== null && ` → ${experiment.target}`}
          </>
        }
        jobId={experiment.id}
        active={active}
        cancelMutation={CancelExperimentMutation}
        noun="training"
        consequence="The training stops and nothing is registered."
        testId="cancel-experiment"
        onCancelled={onReload}
      />
      {experiment.status === "FAILED" && experiment.error !== null && (
        <FailurePanel title="Training failed" message={experiment.error} />
      )}
      {active && <LiveProgress id={experiment.id} onEnd={onReload} />}

      <dl className="facts facts--grid panel">
        <Fact term="Dataset">
          <DataSourceLink datasetId={experiment.datasetId} runId={experiment.runId} names={names}>
            run output {experiment.nodeId !== null && <code>{experiment.nodeId}</code>}
          </DataSourceLink>
        </Fact>
        <Fact term="Split">
          {split === null
            ? "—"
            : split.kind === "CV"
              ? `${split.folds ?? "?"}-fold cross-validation`
              : `hold out ${formatPercent(split.testFraction ?? 0)}`}
          {split?.groupBy != null && ` grouped by ${split.groupBy}`}
        </Fact>
        <Fact term="Rows">{experiment.dataRows !== null ? formatMetric("train_rows", experiment.dataRows) : "—"}</Fact>
        <Fact term="Seed">{split?.seed ?? "—"}</Fact>
        <Fact term="Created">{formatDateTime(experiment.createdAt)}</Fact>
        <Fact term="Duration">
          <RunDuration ms={experiment.durationMs} />
        </Fact>
        {experiment.automlRunId !== null && (
          <Fact term="AutoML">
            <Link to={`/automl/${encodeURIComponent(experiment.automlRunId)}`}>best of a search</Link>
          </Fact>
        )}
        <Fact term={`Features (${experiment.features.length})`} wide>
          <TagList items={experiment.features} keyOf={(f) => f}>
            {(f) => f}
          </TagList>
        </Fact>
      </dl>

      <div className="split-grid">
        <Panel titleId="metrics-title" title="Metrics">
          <MetricsTable metrics={experiment.metrics} testId="experiment-metrics" />
        </Panel>
        <Panel titleId="params-title" title="Parameters">
          {params.length === 0 ? (
            <p className="muted">The algorithm&apos;s defaults.</p>
          ) : (
            <table className="table table--compact">
              <tbody>
                {params.map(([name, value]) => (
                  <tr key={name}>
                    <RowHead>{name}</RowHead>
                    <td>
                      <code>{formatParam(value)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2 className="panel__title">Timings</h2>
          {experiment.timings === null ? (
            <p className="muted">Not finished.</p>
          ) : (
            <table className="table table--compact" data-testid="experiment-timings">
              <tbody>
                {TIMINGS.filter((k) => typeof timings[k] === "number").map((k) => (
                  <tr key={k}>
                    <RowHead>{TIMING_LABELS[k]}</RowHead>
                    <td className="num">{formatDuration(timings[k] as number)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>

      <Panel titleId="confusion-title" title="Confusion matrix" wide>
        {experiment.confusionMatrix === null || experiment.classLabels.length === 0 ? (
          <p className="muted">{active ? "Computed once the model is evaluated." : "No confusion matrix recorded."}</p>
        ) : (
          <>
            <ConfusionMatrix labels={experiment.classLabels} matrix={experiment.confusionMatrix} />
            <h2 className="panel__title">Per class</h2>
            <PerClassTable labels={experiment.classLabels} matrix={experiment.confusionMatrix} />
          </>
        )}
      </Panel>

      {experiment.status === "SUCCEEDED" && canEdit && (
        <Panel titleId="register-title" title="Register as a model">
          <p className="muted">Adds this trained model as the next version of a registered model, ready to predict.</p>
          <RegisterModelForm experiment={experiment} />
        </Panel>
      )}
    </>
  );
}

/** One experiment: parameters, metrics, timings, confusion matrix; live progress and cancel while it trains. */
export default function ExperimentPage() {
  const { id = "" } = useParams();
  const { data, error, refetch } = useQuery(DetailQuery, { variables: { id }, fetchPolicy: "cache-and-network" });
  const experiment = data?.experiment;
  const reload = quietly(refetch);
  return (
    <DetailPage
      titleId="experiment-title"
      title={`${experiment?.name ?? "Experiment"} · Millrace`}
      back={{ to: "/experiments", label: "Experiments" }}
      heading="Experiment"
      what="the experiment"
      item={experiment}
      error={error}
      onRetry={reload}
    >
      {(experiment) => <ExperimentView experiment={experiment} onReload={reload} />}
    </DetailPage>
  );
}
