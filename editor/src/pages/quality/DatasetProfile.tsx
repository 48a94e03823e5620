import { useQuery } from "@apollo/client/react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TableProfileFieldsFragment } from "../../graphql/generated/graphql";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { formatCount, formatPercent } from "../../ui/format-number";
import { Fact } from "../../ui/Fact";
import { Loading } from "../../ui/Loading";
import { axisProps, CHART, tooltipStyle } from "../dashboard/chart-theme";
import { quietly } from "../ml-shared/reload";
import { formatValue, histogramSeries, topValueSeries } from "./profile";
import { DatasetProfileQuery, StepOutputProfileQuery } from "./quality.queries";

type ColumnProfile = TableProfileFieldsFragment["columns"][number];

function ColumnCard({ column }: { column: ColumnProfile }) {
  const histogram = column.bins.length > 0;
  const series = histogram ? histogramSeries(column.bins) : topValueSeries(column.topValues);
  const q = column.quantiles;
  return (
    <section
      className="panel profile-card"
      aria-labelledby={`col-${column.name}`}
      data-testid={`profile-${column.name}`}
    >
      <h3 id={`col-${column.name}`} className="panel__title">
        {column.name} <span className="column-type">{column.type}</span>
      </h3>
      <dl className="facts facts--compact profile-card__facts">
        <Fact term="Nulls">
          {formatCount(column.nulls)} ({column.nullRatio === null ? "—" : formatPercent(column.nullRatio)})
        </Fact>
        <Fact term="Distinct">
          {column.estimates?.distinctRelativeError != null ? (
            <span title={`estimated, within ±${formatPercent(column.estimates.distinctRelativeError)}`}>
              ≈ {formatCount(column.distinct)}
            </span>
          ) : (
            formatCount(column.distinct)
          )}
        </Fact>
        <Fact term="Min">{formatValue(column.min)}</Fact>
        <Fact term="Max">{formatValue(column.max)}</Fact>
        {column.mean !== null && <Fact term="Mean">{formatValue(column.mean)}</Fact>}
        {column.std !== null && <Fact term="Std">{formatValue(column.std)}</Fact>}
      </dl>
      {q !== null && (
        <table className="table table--compact quantiles">
          <caption className={column.estimates?.quantileRankError != null ? undefined : "visually-hidden"}>
            Quantiles of {column.name}
            {column.estimates?.quantileRankError != null &&
              ` (from a sample: rank within ±${formatPercent(column.estimates.quantileRankError)})`}
          </caption>
          <thead>
            <tr>
              {(["p05", "p25", "p50", "p75", "p95"] as const).map((k) => (
                <th key={k} scope="col" className="num">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {(["p05", "p25", "p50", "p75", "p95"] as const).map((k) => (
                <td key={k} className="num">
                  {formatValue(q[k])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      {series.length > 0 ? (
        <figure className="profile-card__chart">
          <figcaption className="muted">{histogram ? "Histogram" : "Most frequent values"}</figcaption>
          <div
            style={{ height: 160 }}
            role="img"
            aria-label={`${histogram ? "Histogram" : "Top values"} of ${column.name}`}
          >
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={series} layout={histogram ? "horizontal" : "vertical"}>
                <CartesianGrid stroke={CHART.grid} vertical={!histogram} horizontal={histogram} />
                {histogram ? (
                  <>
                    <XAxis dataKey="range" {...axisProps} interval="preserveStartEnd" />
                    <YAxis {...axisProps} width={48} tickFormatter={(v: number) => formatCount(v)} />
                  </>
                ) : (
                  <>
                    <XAxis type="number" {...axisProps} tickFormatter={(v: number) => formatCount(v)} />
                    <YAxis type="category" dataKey="range" {...axisProps} width={110} />
                  </>
                )}
                <Tooltip {...tooltipStyle} cursor={{ fill: "rgb(255 255 255 / 0.04)" }} />
                <Bar dataKey="count" name="Rows" fill={CHART.duration} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      ) : (
        <p className="muted">No values to chart.</p>
      )}
      {column.topValues.length > 0 && histogram && (
        <details>
          <summary>Top values</summary>
          <ol className="top-values">
            {column.topValues.map((v, i) => (
              <li key={i}>
                <code>{formatValue(v.value)}</code> × {formatCount(v.count)}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

/** A table's profile, column by column. */
function ProfileView({ profile, refreshing }: { profile: TableProfileFieldsFragment; refreshing: boolean }) {
  return (
    <div className="stack" data-testid="table-profile">
      <p className="muted">
        {formatCount(profile.rows)} rows · {profile.columns.length} columns{refreshing ? " · refreshing…" : ""}
      </p>
      {profile.columns.length === 0 ? (
        <p className="empty">The table has no columns.</p>
      ) : (
        <div className="profile-grid">
          {profile.columns.map((c) => (
            <ColumnCard key={c.name} column={c} />
          ))}
        </div>
      )}
    </div>
  );
}

/** A profile query's result: the profile once it is there, else profiling, or the error with a retry. */
function ProfileResult({
  profile,
  error,
  loading,
  onRetry,
  failure,
}: {
  profile: TableProfileFieldsFragment | undefined;
  error: unknown;
  loading: boolean;
  onRetry: () => void;
  /** The error panel's title. */
  failure: string;
}) {
  if (error && profile === undefined) return <ErrorPanel title={failure} error={error} onRetry={onRetry} />;
  if (profile === undefined) return <Loading>Profiling every column…</Loading>;
  return <ProfileView profile={profile} refreshing={loading} />;
}

/** Per-column profile of a dataset: nulls, distinct, min/max/mean/std, quantiles, histograms and top values. */
export function DatasetProfile({ datasetId }: { datasetId: string }) {
  const { data, error, refetch, loading } = useQuery(DatasetProfileQuery, { variables: { datasetId } });
  return (
    <ProfileResult
      profile={data?.datasetProfile}
      error={error}
      loading={loading}
      onRetry={quietly(refetch)}
      failure="Could not profile the dataset"
    />
  );
}

/** The same profile of a finished step's output (what a pipeline's validate step checked). */
export function StepOutputProfile({ runId, nodeId }: { runId: string; nodeId: string }) {
  const { data, error, refetch, loading } = useQuery(StepOutputProfileQuery, { variables: { runId, nodeId } });
  return (
    <ProfileResult
      profile={data?.stepOutputProfile}
      error={error}
      loading={loading}
      onRetry={quietly(refetch)}
      failure="Could not profile the step output"
    />
  );
}
