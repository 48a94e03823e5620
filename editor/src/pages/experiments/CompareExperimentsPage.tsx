import { useQuery } from "@apollo/client/react";
import { Link, useSearchParams } from "react-router";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable, RowHead, Th } from "../../ui/DataTable";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { Page, PageHeader } from "../../ui/Page";
import { RunStatusBadge } from "../../ui/RunStatusBadge";
import { axisProps, CHART, tooltipStyle } from "../dashboard/chart-theme";
import { quietly } from "../ml-shared/reload";
import { compareSeries, SERIES_COLORS } from "./compare-series";
import { CompareExperimentsQuery } from "./experiments.queries";
import { formatMetric, metricLabel } from "./metrics";

/** Several experiments' metrics side by side (the best of each marked), with the scores as a bar chart. */
export default function CompareExperimentsPage() {
  const [searchParams] = useSearchParams();
  const ids = (searchParams.get("ids") ?? "").split(",").filter((id) => id !== "");
  const { data, error, refetch } = useQuery(CompareExperimentsQuery, {
    variables: { ids },
    skip: ids.length === 0,
    fetchPolicy: "cache-and-network",
  });
  const comparison = data?.compareExperiments;
  const series = comparison ? compareSeries(comparison.metrics) : [];

  return (
    <Page titleId="compare-title" title="Compare experiments · Millrace">
      <PageHeader
        titleId="compare-title"
        title="Compare experiments"
        subtitle="Best value of each metric marked ★."
        back={{ to: "/experiments", label: "Experiments" }}
      />
      {ids.length === 0 ? (
        <p className="empty">Select two or more experiments on the experiments page to compare them.</p>
      ) : error && comparison === undefined ? (
        <ErrorPanel title="Could not compare" error={error} onRetry={quietly(refetch)} />
      ) : comparison === undefined ? (
        <Loading>Loading metrics…</Loading>
      ) : (
        <>
          <DataTable
            testId="compare-table"
            head={
              <>
                <Th>Metric</Th>
                {comparison.experiments.map((e) => (
                  <Th key={e.id} num>
                    <Link to={`/experiments/${encodeURIComponent(e.id)}`}>{e.name}</Link>
                    <span className="compare__sub">
                      <RunStatusBadge status={e.status} /> {e.algorithm}
                    </span>
                  </Th>
                ))}
              </>
            }
          >
            {comparison.metrics.map((metric) => (
              <tr key={metric.name}>
                <RowHead title={metric.name}>
                  {metricLabel(metric.name)}
                  {!metric.higherIsBetter && <span className="muted"> (lower is better)</span>}
                </RowHead>
                {metric.values.map((value, i) => {
                  const best =
                    metric.bestExperimentId !== null && comparison.experiments[i]?.id === metric.bestExperimentId;
                  return (
                    <td key={i} className={best ? "num compare__best" : "num"}>
                      {best && <span aria-label="best">★ </span>}
                      {formatMetric(metric.name, value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </DataTable>
          <section className="panel chart-panel" aria-label="Scores compared">
            <h2 className="panel__title">Scores</h2>
            {series.length === 0 ? (
              <p className="muted chart-panel__empty">None of these experiments has scores yet.</p>
            ) : (
              <div className="chart-panel__chart" style={{ height: 300 }} data-testid="compare-chart">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={series}>
                    <CartesianGrid stroke={CHART.grid} vertical={false} />
                    <XAxis dataKey="metric" {...axisProps} tickFormatter={metricLabel} />
                    <YAxis domain={[0, 1]} {...axisProps} width={40} />
                    <Tooltip
                      {...tooltipStyle}
                      cursor={{ fill: "rgb(255 255 255 / 0.04)" }}
                      labelFormatter={(label) => (typeof label === "string" ? metricLabel(label) : label)}
                    />
                    <Legend />
                    {comparison.experiments.map((e, i) => (
                      <Bar
                        key={e.id}
                        dataKey={`e${i}`}
                        name={e.name}
                        fill={SERIES_COLORS[i % SERIES_COLORS.length] ?? CHART.duration}
                        isAnimationActive={false}
                      />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
