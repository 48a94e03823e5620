import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { BackLink } from "../../ui/BackLink";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Fact } from "../../ui/Fact";
import { formatBytes, formatCount } from "../../ui/format-number";
import { formatDateTime } from "../../ui/format-time";
import { Loading } from "../../ui/Loading";
import { Page, PageHeader } from "../../ui/Page";
import { TagList } from "../../ui/TagList";
import { quietly } from "../ml-shared/reload";
import { DatasetProfile } from "../quality/DatasetProfile";
import { DatasetQuery } from "./datasets.queries";

/** One dataset: its facts and columns, a per-column profile, and shortcuts to validate it or train on it. */
export default function DatasetPage() {
  const { id = "" } = useParams();
  const { data, error, refetch } = useQuery(DatasetQuery, { variables: { id }, fetchPolicy: "cache-and-network" });
  const dataset = data?.dataset;
  return (
    <Page titleId="dataset-title" title={`${dataset?.name ?? "Dataset"} · Millrace`}>
      <div>
        <BackLink to="/datasets" label="Datasets" />
      </div>
      {error && dataset === undefined ? (
        <>
          <h1 id="dataset-title">Dataset</h1>
          <ErrorPanel title="Could not load the dataset" error={error} onRetry={quietly(refetch)} />
        </>
      ) : dataset === undefined ? (
        <Loading>Loading the dataset…</Loading>
      ) : (
        <>
          <PageHeader
            titleId="dataset-title"
            title={dataset.name}
            subtitle={dataset.description !== "" ? dataset.description : `${dataset.source.toLowerCase()} dataset`}
          >
            <div className="page__actions">
              <Link className="button" to={`/quality?dataset=${encodeURIComponent(dataset.id)}`}>
                Validate
              </Link>
              <Link className="button" to={`/experiments/new?dataset=${encodeURIComponent(dataset.id)}`}>
                Train a model
              </Link>
            </div>
          </PageHeader>
          <dl className="facts panel">
            <Fact term="Rows">{formatCount(dataset.rowCount)}</Fact>
            <Fact term="Format">{dataset.format.toLowerCase().replace("_", ".")}</Fact>
            <Fact term="Size">{formatBytes(dataset.sizeBytes)}</Fact>
            <Fact term="Source">{dataset.source.toLowerCase()}</Fact>
            <Fact term="Path">
              <code>{dataset.path}</code>
            </Fact>
            <Fact term="Updated">{formatDateTime(dataset.updatedAt)}</Fact>
            <Fact term="Columns" wide>
              <TagList items={dataset.columns} keyOf={(c) => c.name}>
                {(c) => (
                  <>
                    {c.name} <span className="column-type">{c.type}</span>
                  </>
                )}
              </TagList>
            </Fact>
          </dl>
          <section aria-labelledby="profile-title" className="stack">
            <h2 id="profile-title">Profile</h2>
            <DatasetProfile datasetId={dataset.id} />
          </section>
        </>
      )}
    </Page>
  );
}
