import { useQuery } from "@apollo/client/react";
import { useRunChanges } from "../../run/use-run-changes";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { formatDuration, formatPercent } from "../../ui/format-number";
import { Loading } from "../../ui/Loading";
import { RunTable } from "../runs/RunTable";
import { DashboardStatsQuery } from "./dashboard.query";
import { AccuracyTrendChart, DurationTrendChart, RunsPerDayChart } from "./DashboardCharts";

const DAYS = 14;
const ignore = (): void => undefined;

function StatCard({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  testId?: string;
}) {
  return (
    <div className="stat-card" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-card__value">{value}</span>
        {detail !== undefined && <span className="stat-card__detail">{detail}</span>}
      </dd>
    </div>
  );
}

/** Figures across all pipelines for the last two weeks, refreshed whenever a run changes. */
export default function DashboardPage() {
  const { data, error, refetch } = useQuery(DashboardStatsQuery, {
    variables: { days: DAYS },
    fetchPolicy: "cache-and-network",
  });
  useRunChanges(() => refetch());
  const stats = data?.dashboardStats;

  return (
    <section className="page dashboard" aria-labelledby="dashboard-title">
      <title>Dashboard · Millrace</title>
      <header className="page__header">
        <div>
          <h1 id="dashboard-title">Dashboard</h1>
          <p className="page__subtitle">The last {DAYS} days, live.</p>
        </div>
      </header>
      {error && stats === undefined ? (
        <ErrorPanel title="Could not load the dashboard" error={error} onRetry={() => void refetch().catch(ignore)} />
      ) : stats === undefined ? (
        <Loading>Loading figures…</Loading>
      ) : (
        <>
          <dl className="stat-cards">
            <StatCard label="Pipelines" value={String(stats.pipelineCount)} testId="stat-pipelines" />
            <StatCard
              label="Runs"
              value={String(stats.runCount)}
              detail={`${stats.runsByStatus.running} running · ${stats.runsByStatus.queued} queued`}
              testId="stat-runs"
            />
            <StatCard
              label="Success rate"
              value={stats.successRate === null ? "—" : formatPercent(stats.successRate)}
              detail={`${stats.runsByStatus.succeeded} succeeded · ${stats.runsByStatus.failed} failed`}
            />
            <StatCard
              label="Mean duration"
              value={stats.avgDurationMs === null ? "—" : formatDuration(stats.avgDurationMs)}
            />
            <StatCard
              label="Data quality"
              value={stats.dataQuality.averageScore === null ? "—" : `${stats.dataQuality.averageScore.toFixed(0)}/100`}
              detail={`${stats.dataQuality.passed} passed · ${stats.dataQuality.failed} failed of ${stats.dataQuality.validations}`}
            />
            <StatCard
              label="Models"
              value={String(stats.modelCount)}
              detail={`${stats.experimentCount} experiments · ${stats.datasetCount} datasets`}
            />
          </dl>
          <div className="chart-grid">
            <RunsPerDayChart stats={stats} />
            <DurationTrendChart stats={stats} />
            <AccuracyTrendChart stats={stats} />
          </div>
          <section aria-labelledby="recent-runs-title" className="dashboard__recent">
            <h2 id="recent-runs-title">Recent runs</h2>
            {stats.recentRuns.length === 0 ? (
              <p className="empty">No runs yet.</p>
            ) : (
              <RunTable runs={stats.recentRuns} />
            )}
          </section>
        </>
      )}
    </section>
  );
}
