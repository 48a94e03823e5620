import { useQuery, useSubscription } from "@apollo/client/react";
import { useEffect, useState, type ReactNode } from "react";
import { useParams } from "react-router";
import type { ValidationDetailQuery as ValidationResult } from "../../graphql/generated/graphql";
import { DataTable, RowHead, Th } from "../../ui/DataTable";
import { FailurePanel } from "../../ui/FailurePanel";
import { formatCount, formatPercent } from "../../ui/format-number";
import { formatDateTime } from "../../ui/format-time";
import { Loading } from "../../ui/Loading";
import { PageHeader } from "../../ui/Page";
import { useDatasets } from "../datasets/use-datasets";
import { DataSourceLink } from "../ml-shared/DataSourceLink";
import { DetailPage } from "../ml-shared/DetailPage";
import { quietly } from "../ml-shared/reload";
import { StepOutputProfile } from "./DatasetProfile";
import { ValidationCompletedSubscription, ValidationDetailQuery } from "./quality.queries";
import { formatScore, ValidationStatusBadge } from "./ValidationStatusBadge";

type Validation = ValidationResult["validation"];
const POLL_MS = 2_000;
const ratio = (value: number | null | undefined): string => (value == null ? "—" : formatPercent(value));

/** Sampled failing rows: `{ rowNumber, values }` each, shown with their row numbers. */
function SampleRows({ samples }: { samples: ReadonlyArray<Record<string, unknown>> }) {
  if (samples.length === 0) return null;
  const rows = samples.map((s) => ({
    rowNumber: typeof s["rowNumber"] === "number" ? s["rowNumber"] : null,
    values: (s["values"] !== null && typeof s["values"] === "object" ? s["values"] : s) as Record<string, unknown>,
  }));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  return (
    <DataTable
      testId="failing-rows"
      variant="dense"
      caption="Failing rows (row numbers count from 0)"
      head={
        <>
          <Th num>Row #</Th>
          {columns.map((c) => (
            <Th key={c}>{c}</Th>
          ))}
        </>
      }
    >
      {rows.map((r, i) => (
        <tr key={r.rowNumber ?? `i${i}`}>
          <td className="num">{r.rowNumber ?? "—"}</td>
          {columns.map((c) => {
            const v = r.values[c];
            return (
              <td key={c}>
                {v === null || v === undefined ? (
                  <span className="muted">null</span>
                ) : typeof v === "string" ? (
                  v
                ) : (
                  JSON.stringify(v)
                )}
              </td>
            );
          })}
        </tr>
      ))}
    </DataTable>
  );
}

/** One figure of the validation, with what it is out of. */
function StatCard({ term, value, detail, testId }: { term: string; value: string; detail: string; testId?: string }) {
  return (
    <div className="stat-card" data-testid={testId}>
      <dt>{term}</dt>
      <dd>
        <span className="stat-card__value">{value}</span>
        <span className="stat-card__detail">{detail}</span>
      </dd>
    </div>
  );
}

/** A section of results: `empty` (or "Not finished yet." while it runs) when there are none. */
function ResultSection({
  titleId,
  title,
  hasResults,
  running,
  empty,
  children,
}: {
  titleId: string;
  title: string;
  hasResults: boolean;
  running: boolean;
  empty: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={titleId} className="stack">
      <h2 id={titleId}>{title}</h2>
      {hasResults ? children : <p className="muted">{running ? "Not finished yet." : empty}</p>}
    </section>
  );
}

function ValidationView({ validation }: { validation: Validation }) {
  const { names } = useDatasets();
  // Profiled only when asked for: it reads the whole output.
  const [profileOpen, setProfileOpen] = useState(false);
  const metrics = validation.metrics;
  const running = validation.status === "RUNNING";
  return (
    <>
      <PageHeader
        titleId="validation-title"
        title={validation.name}
        back={{ to: "/quality", label: "Data quality" }}
        subtitle={
          <>
            <ValidationStatusBadge status={validation.status} /> {validation.rules.length} rule
            {validation.rules.length === 1 ? "" : "s"} · {validation.mode.toLowerCase()} mode ·{" "}
            {formatDateTime(validation.createdAt)}
          </>
        }
      />
      {running && <Loading>Validating… results appear here when it finishes.</Loading>}
      {validation.status === "ERROR" && validation.error !== null && (
        <FailurePanel title="The validation could not run" message={validation.error} preWrap />
      )}

      <dl className="stat-cards">
        <StatCard term="Score" value={formatScore(validation.score)} detail="of 100" testId="quality-score" />
        {(["completeness", "validity", "consistency", "uniqueness"] as const).map((d) => (
          <StatCard
            key={d}
            term={d}
            value={ratio(metrics?.[d])}
            detail={metrics?.[d] == null ? "no rule measures it" : "weighted pass ratio"}
          />
        ))}
        <StatCard
          term="Failing rows"
          value={metrics ? formatCount(metrics.failingRows) : "—"}
          detail={metrics ? `of ${formatCount(metrics.rows)} rows` : ""}
        />
      </dl>
      <div className="validation-facts">
        {metrics !== null && (
          <p className="muted">
            Score: <code>{metrics.scoreFormula}</code>
          </p>
        )}
        <p>
          Data:{" "}
          <DataSourceLink datasetId={validation.datasetId} runId={validation.runId} names={names}>
            output of step <code>{validation.nodeId}</code>
          </DataSourceLink>
        </p>
      </div>

      <ResultSection
        titleId="rule-results-title"
        title="Rule results"
        hasResults={validation.ruleResults.length > 0}
        running={running}
        empty="No results."
      >
        <DataTable
          testId="rule-results"
          head={
            <>
              <Th>Result</Th>
              <Th>Rule</Th>
              <Th>Dimension</Th>
              <Th>Severity</Th>
              <Th num>Failing rows</Th>
              <Th num>Share</Th>
              <Th>What it found</Th>
            </>
          }
        >
          {validation.ruleResults.map((r) => (
            <tr key={r.rule} data-testid={`rule-result-${r.rule}`}>
              <td>
                <span className="status-badge" data-status={r.passed ? "PASSED" : "FAILED"}>
                  {r.passed ? "Passed" : "Failed"}
                </span>
              </td>
              <td>
                <strong>{r.label}</strong>
                {r.mode !== null && <span className="muted"> ({r.mode.toLowerCase()})</span>}
              </td>
              <td>{r.dimension}</td>
              <td>{r.severity.toLowerCase()}</td>
              <td className="num">{r.failingRows === null ? "—" : formatCount(r.failingRows)}</td>
              <td className="num">{ratio(r.failingRatio)}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </DataTable>
      </ResultSection>

      <ResultSection
        titleId="issues-title"
        title="Issues"
        hasResults={validation.issues.length > 0}
        running={running}
        empty="No failing rows."
      >
        <ul className="issue-cards" data-testid="issues">
          {validation.issues.map((issue, i) => (
            <li key={`${issue.rule}-${issue.column ?? i}`} className="panel">
              <h3 className="panel__title">
                {issue.label}
                {issue.column !== null && <span className="muted"> · column {issue.column}</span>}
              </h3>
              <p>
                <span className="status-badge" data-status={issue.ruleFailed ? "FAILED" : "WARNED"}>
                  {issue.ruleFailed ? "Rule failed" : "Within tolerance"}
                </span>{" "}
                {issue.severity.toLowerCase()} severity · {issue.count !== null ? formatCount(issue.count) : "—"} rows (
                {ratio(issue.ratio)})
              </p>
              <p>{issue.message}</p>
              <SampleRows samples={issue.examples} />
            </li>
          ))}
        </ul>
      </ResultSection>

      <ResultSection
        titleId="columns-title"
        title="Column metrics"
        hasResults={validation.columnQuality.length > 0}
        running={running}
        empty="No column figures."
      >
        <DataTable
          testId="column-quality"
          head={
            <>
              <Th>Column</Th>
              <Th>Type</Th>
              <Th num>Nulls</Th>
              <Th num>Completeness</Th>
              <Th num>Validity</Th>
              <Th num>Consistency</Th>
              <Th num>Uniqueness</Th>
            </>
          }
        >
          {validation.columnQuality.map((c) => (
            <tr key={c.column}>
              <RowHead>{c.column}</RowHead>
              <td>
                <span className="column-type">{c.type}</span>
              </td>
              <td className="num">{formatCount(c.nulls)}</td>
              <td className="num">{ratio(c.completeness)}</td>
              <td className="num">{ratio(c.validity)}</td>
              <td className="num">{ratio(c.consistency)}</td>
              <td className="num">{ratio(c.uniqueness)}</td>
            </tr>
          ))}
        </DataTable>
      </ResultSection>

      {validation.runId !== null && validation.nodeId !== null && (
        <details className="panel" onToggle={(event) => setProfileOpen(event.currentTarget.open)}>
          <summary>Profile of the checked step output</summary>
          {profileOpen && <StepOutputProfile runId={validation.runId} nodeId={validation.nodeId} />}
        </details>
      )}

      <details className="panel">
        <summary>Rules as JSON</summary>
        <pre className="code-block">{JSON.stringify(validation.rules, null, 2)}</pre>
      </details>
    </>
  );
}

/** One validation: score and dimensions, per-rule results, issues with failing rows, column metrics. */
export default function ValidationPage() {
  const { id = "" } = useParams();
  const { data, error, refetch } = useQuery(ValidationDetailQuery, {
    variables: { id },
    fetchPolicy: "cache-and-network",
  });
  const validation = data?.validation;
  const running = validation?.status === "RUNNING";
  const reload = quietly(refetch);
  // The completion may be published before the subscription is up: poll too while it runs.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(quietly(refetch), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refetch]);
  useSubscription(ValidationCompletedSubscription, {
    variables: { datasetId: validation?.datasetId ?? null },
    skip: !running,
    onData: ({ data: result }) => {
      if (result.data?.validationCompleted.id === id) reload();
    },
  });
  return (
    <DetailPage
      titleId="validation-title"
      title={`${validation?.name ?? "Validation"} · Millrace`}
      back={{ to: "/quality", label: "Data quality" }}
      heading="Validation"
      what="the validation"
      item={validation}
      error={error}
      onRetry={reload}
    >
      {(validation) => <ValidationView validation={validation} />}
    </DetailPage>
  );
}
