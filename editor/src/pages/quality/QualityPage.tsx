import { useQuery, useSubscription } from "@apollo/client/react";
import { useResyncOnConnect } from "../../app/use-resync-on-connect";
import { Link } from "react-router";
import { useCan } from "../../auth/auth-context";
import { DataTable, Th } from "../../ui/DataTable";
import { NeedsRole } from "../../ui/NeedsRole";
import { Page, PageHeader } from "../../ui/Page";
import { RelativeTime } from "../../ui/RelativeTime";
import { useDatasets } from "../datasets/use-datasets";
import { DataSourceLink } from "../ml-shared/DataSourceLink";
import { PagedList } from "../ml-shared/PagedList";
import { quietly } from "../ml-shared/reload";
import { useThrottled } from "../../lib/use-throttled";
import { usePageSize } from "../ml-shared/use-page-size";
import { useSearchParam } from "../ml-shared/use-search-param";
import { NewValidationForm } from "./NewValidationForm";
import { ValidationCompletedSubscription, ValidationListQuery } from "./quality.queries";
import { formatScore, ValidationStatusBadge } from "./ValidationStatusBadge";

/** Data quality: validate a dataset with a rule builder; every validation with its status and score, live. */
export default function QualityPage() {
  const [datasetId, setDataset] = useSearchParam("dataset");
  const { first, loadMore } = usePageSize();
  const { names } = useDatasets();
  const canEdit = useCan("EDITOR");
  const { data, previousData, error, refetch, loading } = useQuery(ValidationListQuery, {
    variables: { first, filter: datasetId !== "" ? { datasetId } : null },
    fetchPolicy: "cache-and-network",
  });
  const reload = quietly(refetch);
  useSubscription(ValidationCompletedSubscription, { variables: { datasetId: null }, onData: reload });
  useResyncOnConnect(useThrottled(reload, 1000));
  const connection = (data ?? previousData)?.validations;

  return (
    <Page titleId="quality-title" title="Data quality · Millrace">
      <PageHeader
        titleId="quality-title"
        title="Data quality"
        subtitle="Rules checked on datasets, with failing rows and a 0–100 score."
      />
      {canEdit ? (
        <NewValidationForm datasetId={datasetId} onDataset={setDataset} />
      ) : (
        <NeedsRole role="EDITOR" what="run validations" />
      )}
      <section aria-labelledby="validations-title" className="stack">
        <h2 id="validations-title">Validations{datasetId !== "" && ` of ${names.get(datasetId) ?? datasetId}`}</h2>
        <PagedList
          connection={connection}
          error={error}
          loading={loading}
          what="validations"
          onRetry={reload}
          onMore={loadMore}
          empty={<p className="empty">No validations{datasetId !== "" ? " of this dataset" : ""} yet.</p>}
        >
          {(validations) => (
            <DataTable
              testId="validation-table"
              head={
                <>
                  <Th>Validation</Th>
                  <Th>Status</Th>
                  <Th num>Score</Th>
                  <Th>Data</Th>
                  <Th>Mode</Th>
                  <Th>Created</Th>
                </>
              }
            >
              {validations.map((v) => (
                <tr key={v.id} data-testid={`validation-row-${v.id}`}>
                  <td>
                    <Link className="table__name" to={`/quality/${encodeURIComponent(v.id)}`}>
                      {v.name}
                    </Link>
                    {v.error !== null && <p className="table__description">{v.error}</p>}
                  </td>
                  <td>
                    <ValidationStatusBadge status={v.status} />
                  </td>
                  <td className="num">{formatScore(v.score)}</td>
                  <td>
                    <DataSourceLink datasetId={v.datasetId} runId={v.runId} names={names}>
                      run step <code>{v.nodeId}</code>
                    </DataSourceLink>
                  </td>
                  <td>{v.mode.toLowerCase()}</td>
                  <td>
                    <RelativeTime iso={v.createdAt} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </Page>
  );
}
