import { useQuery, useSubscription } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import type { AutoMlRunQuery, AutoMlTrialFieldsFragment } from "../../graphql/generated/graphql";
import { DataTable, Th } from "../../ui/DataTable";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Fact } from "../../ui/Fact";
import { FailurePanel } from "../../ui/FailurePanel";
import { formatDuration } from "../../ui/format-number";
import { formatDateTime } from "../../ui/format-time";
import { Panel } from "../../ui/Panel";
import { ProgressBar } from "../../ui/ProgressBar";
import { RunStatusBadge } from "../../ui/RunStatusBadge";
import { formatParam } from "../experiments/ExperimentParts";
import { formatMetric } from "../experiments/metrics";
import { DetailPage } from "../ml-shared/DetailPage";
import { isActive, onJobEnd } from "../ml-shared/job-status";
import { JobHeader } from "../ml-shared/JobHeader";
import { quietly } from "../ml-shared/reload";
import { AutoMLProgressSubscription, AutoMLRunQuery, CancelAutoMLMutation } from "./automl.queries";
import { budgetUse, mergeLeaderboards, SEARCH_METRICS } from "./leaderboard";

type Run = AutoMlRunQuery["automlRun"];

function Params({ params }: { params: Readonly<Record<string, unknown>> }) {
  const entries = Object.entries(params);
  if (entries.length === 0) return <span className="muted">defaults</span>;
  return (
    <span className="params-inline">
      {entries.map(([k, v]) => (
        <code key={k}>
          {k}={formatParam(v)}
        </code>
      ))}
    </span>
  );
}

function Leaderboard({
  trials,
  metric,
  bestTrial,
}: {
  trials: readonly AutoMlTrialFieldsFragment[];
  metric: string;
  bestTrial: number | null;
}) {
  if (trials.length === 0) return <p className="muted">No trial has finished yet.</p>;
  return (
    <DataTable
      testId="leaderboard"
      caption={`Trials, best first by ${metric}`}
      head={
        <>
          <Th num>Rank</Th>
          <Th num>Trial</Th>
          <Th>Algorithm</Th>
          <Th>Params</Th>
          <Th num>{metric} (CV mean ± std)</Th>
          <Th num>Rows</Th>
          <Th num>Fit time</Th>
          <Th>Status</Th>
        </>
      }
    >
      {trials.map((t, i) => (
        <tr
          key={t.trial}
          data-testid="leaderboard-row"
          className={t.trial === bestTrial ? "leaderboard__best" : undefined}
        >
          <td className="num">{t.status === "SUCCEEDED" ? i + 1 : "—"}</td>
          <td className="num">#{t.trial}</td>
          <td>
            {t.algorithm}
            {t.trial === bestTrial && <span className="tag leaderboard__tag">best</span>}
          </td>
          <td>
            <Params params={t.params} />
          </td>
          <td className="num">
            {formatMetric(metric, t.score)}
            {t.scoreStd !== null && <span className="muted"> ± {formatMetric(metric, t.scoreStd)}</span>}
          </td>
          <td className="num">
            {formatMetric("rows", t.rows)}
            {t.rung > 0 && <span className="muted"> (rung {t.rung})</span>}
          </td>
          <td className="num">{formatDuration(t.fitSeconds * 1000)}</td>
          <td>
            <RunStatusBadge status={t.status} />
            {t.error !== null && <p className="table__description">{t.error}</p>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function AutoMLRunView({ run, onReload }: { run: Run; onReload: () => void }) {
  const active = isActive(run.status);
  const { data: live, error: liveError } = useSubscription(AutoMLProgressSubscription, {
    variables: { id: run.id },
    skip: !active,
    onData: onJobEnd((d) => d.automlProgress.status, onReload),
  });
  const progress = active ? live?.automlProgress : undefined;
  const higher = SEARCH_METRICS[run.metric] ?? true;
  const trials = mergeLeaderboards(run.leaderboard, progress?.leaderboard, higher);
  const best = trials.find((t) => t.status === "SUCCEEDED" && t.score !== null) ?? null;
  const elapsed = progress?.elapsedSeconds ?? run.budgetUsedSeconds;
  const launched = progress?.trialsLaunched ?? run.trialsLaunched ?? 0;
  const completed = progress?.trialsCompleted ?? run.trialsCompleted;
  const budget = budgetUse({
    elapsedSeconds: elapsed,
    timeBudgetSeconds: run.timeBudgetSeconds,
    trialsLaunched: launched,
    maxTrials: run.maxTrials,
    candidates: progress?.candidates ?? null,
  });

  return (
    <>
      <JobHeader
        back={{ to: "/automl", label: "AutoML" }}
        titleId="automl-run-title"
        title={run.name}
        subtitle={
          <>
            <RunStatusBadge status={run.status} /> {run.strategy.toLowerCase().replace("_", " ")} search for{" "}
            {run.target ?? "?"} by {run.metric}
            {run.stoppedBy !== null && ` · stopped: ${run.stoppedBy.toLowerCase().replace("_", " ")}`}
          </>
        }
        jobId={run.id}
        active={active}
        cancelMutation={CancelAutoMLMutation}
        noun="search"
        consequence="Running trials stop and nothing is registered."
        testId="cancel-automl"
        onCancelled={onReload}
      />
      {liveError && <ErrorPanel title="Lost the live leaderboard" error={liveError} />}
      {run.error !== null && <FailurePanel title="The search failed" message={run.error} />}

      <Panel titleId="automl-progress-title" title={active ? "Searching live" : "Budget used"} testId="automl-progress">
        {progress !== undefined && (
          <p aria-live="polite">
            Stage <strong>{progress.stage.toLowerCase()}</strong>
            {progress.message !== null && ` · ${progress.message}`}
          </p>
        )}
        <dl className="facts">
          <Fact term="Trials" testId="automl-trials">
            {completed} done · {launched} launched
            {budget.trialLimit !== null && ` of ${budget.trialLimit}`}
          </Fact>
          <Fact term="Time">
            {elapsed !== null ? formatDuration(elapsed * 1000) : "—"}
            {run.timeBudgetSeconds !== null && ` of ${formatDuration(run.timeBudgetSeconds * 1000)}`}
          </Fact>
          <Fact term={`Best ${run.metric}`} testId="automl-best">
            {formatMetric(run.metric, progress?.bestScore ?? run.bestScore)}
          </Fact>
          <Fact term="CV folds">{run.folds ?? "—"}</Fact>
          <Fact term="Seed">{run.seed ?? "—"}</Fact>
          <Fact term="Started">{run.startedAt !== null ? formatDateTime(run.startedAt) : "—"}</Fact>
        </dl>
        {run.timeBudgetSeconds !== null && (
          <ProgressBar
            label="Time budget used"
            value={budget.time}
            text={`${Math.round((budget.time ?? 0) * 100)}% of the time budget`}
          />
        )}
        {budget.trialLimit !== null && (
          <ProgressBar
            label="Trials launched"
            value={launched}
            max={budget.trialLimit}
            text={`${launched} of ${budget.trialLimit} trials`}
          />
        )}
        {progress !== undefined && progress.running.length > 0 && (
          <>
            <h3 className="panel__subtitle">Running now</h3>
            <ul className="running-trials">
              {progress.running.map((t) => (
                <li key={t.trial}>
                  #{t.trial} {t.algorithm} on {formatMetric("rows", t.rows)} rows <Params params={t.params} />
                </li>
              ))}
            </ul>
          </>
        )}
      </Panel>

      {(run.bestExperimentId !== null || run.modelName !== null) && (
        <Panel titleId="automl-best-title" title="Best model">
          <div className="button-row">
            {run.modelName !== null && run.modelVersion !== null && (
              <Link
                className="button button--primary"
                to={`/models/${encodeURIComponent(run.modelName)}`}
                data-testid="automl-model-link"
              >
                Model {run.modelName} v{run.modelVersion}
              </Link>
            )}
            {run.bestExperimentId !== null && (
              <Link
                className="button"
                to={`/experiments/${encodeURIComponent(run.bestExperimentId)}`}
                data-testid="automl-experiment-link"
              >
                Its experiment
              </Link>
            )}
          </div>
        </Panel>
      )}

      <section aria-labelledby="leaderboard-title" className="stack">
        <h2 id="leaderboard-title">Leaderboard</h2>
        {active && <p className="muted">Live: the best ten trials so far, updated as each one finishes.</p>}
        <Leaderboard trials={trials} metric={run.metric} bestTrial={best?.trial ?? null} />
      </section>
    </>
  );
}

/** One AutoML search: live leaderboard and budget while it runs, then every trial and the registered best. */
export default function AutoMLRunPage() {
  const { id = "" } = useParams();
  const { data, error, refetch } = useQuery(AutoMLRunQuery, { variables: { id }, fetchPolicy: "cache-and-network" });
  const run = data?.automlRun;
  const reload = quietly(refetch);
  return (
    <DetailPage
      titleId="automl-run-title"
      title={`${run?.name ?? "AutoML search"} · Millrace`}
      back={{ to: "/automl", label: "AutoML" }}
      heading="AutoML search"
      what="the search"
      item={run}
      error={error}
      onRetry={reload}
    >
      {(run) => <AutoMLRunView run={run} onReload={reload} />}
    </DetailPage>
  );
}
