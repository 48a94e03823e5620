import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DashboardStatsQuery } from "../../graphql/generated/graphql";
import { formatDuration } from "../../ui/format-number";
import { axisProps, CHART, tooltipStyle } from "./chart-theme";
import { accuracySeries, durationSeries, runsPerDaySeries } from "./dashboard-series";

type Stats = DashboardStatsQuery["dashboardStats"];
const HEIGHT = 220;
const formatTick = (ms: number): string => formatDuration(ms);
const formatTooltip = (value: unknown): string => (typeof value === "number" ? formatDuration(value) : "—");

function ChartPanel({
  title,
  children,
  empty,
}: {
  title: string;
  children: React.ReactElement;
  empty?: string | null;
}) {
  return (
    <section className="panel chart-panel" aria-label={title}>
      <h2 className="panel__title">{title}</h2>
      {empty ? (
        <p className="muted chart-panel__empty">{empty}</p>
      ) : (
        <div className="chart-panel__chart" style={{ height: HEIGHT }}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}

export function RunsPerDayChart({ stats }: { stats: Stats }) {
  const data = runsPerDaySeries(stats.runsPerDay);
  return (
    <ChartPanel
      title="Runs per day"
      empty={stats.runsPerDay.every((d) => d.total === 0) ? "No runs in this period." : null}
    >
      <BarChart data={data}>
        <CartesianGrid stroke={CHART.grid} vertical={false} />
        <XAxis dataKey="day" {...axisProps} />
        <YAxis allowDecimals={false} {...axisProps} width={32} />
        <Tooltip {...tooltipStyle} cursor={{ fill: "rgb(255 255 255 / 0.04)" }} />
        <Legend />
        <Bar dataKey="succeeded" name="Succeeded" stackId="runs" fill={CHART.succeeded} isAnimationActive={false} />
        <Bar dataKey="failed" name="Failed" stackId="runs" fill={CHART.failed} isAnimationActive={false} />
        <Bar dataKey="cancelled" name="Cancelled" stackId="runs" fill={CHART.cancelled} isAnimationActive={false} />
      </BarChart>
    </ChartPanel>
  );
}

export function DurationTrendChart({ stats }: { stats: Stats }) {
  const data = durationSeries(stats.runsPerDay);
  return (
    <ChartPanel title="Mean run duration" empty={data.every((d) => d.ms === null) ? "No finished runs yet." : null}>
      <LineChart data={data}>
        <CartesianGrid stroke={CHART.grid} vertical={false} />
        <XAxis dataKey="day" {...axisProps} />
        <YAxis {...axisProps} width={56} tickFormatter={formatTick} />
        <Tooltip {...tooltipStyle} formatter={formatTooltip} />
        <Line
          type="monotone"
          dataKey="ms"
          name="Mean duration"
          stroke={CHART.duration}
          strokeWidth={2}
          dot={{ r: 3 }}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartPanel>
  );
}

export function AccuracyTrendChart({ stats }: { stats: Stats }) {
  const data = accuracySeries(stats.modelAccuracyTrend);
  return (
    <ChartPanel title="Model accuracy (%)" empty={data.length === 0 ? "No trained models yet." : null}>
      <LineChart data={data}>
        <CartesianGrid stroke={CHART.grid} vertical={false} />
        <XAxis dataKey="at" {...axisProps} />
        <YAxis domain={[0, 100]} {...axisProps} width={40} />
        <Tooltip {...tooltipStyle} />
        <Line
          type="monotone"
          dataKey="accuracy"
          name="Accuracy (%)"
          stroke={CHART.accuracy}
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartPanel>
  );
}
