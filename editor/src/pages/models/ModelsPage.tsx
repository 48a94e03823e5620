import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link } from "react-router";
import { DataTable, Th } from "../../ui/DataTable";
import { Page, PageHeader } from "../../ui/Page";
import { RelativeTime } from "../../ui/RelativeTime";
import { TagList } from "../../ui/TagList";
import { PagedList } from "../ml-shared/PagedList";
import { quietly } from "../ml-shared/reload";
import { usePageSize } from "../ml-shared/use-page-size";
import { RegisteredModelListQuery } from "./models.queries";

/** Registered models: name, latest version, aliases; each opens its versions, aliases and predictions. */
export default function ModelsPage() {
  const [search, setSearch] = useState("");
  const { first, loadMore } = usePageSize();
  const term = search.trim();
  const { data, previousData, error, refetch, loading } = useQuery(RegisteredModelListQuery, {
    variables: { first, filter: term !== "" ? { nameContains: term } : null },
    fetchPolicy: "cache-and-network",
    // The registry has no change feed yet: versions registered elsewhere (pipelines, AutoML, MLflow clients) show
    // within a few seconds.
    pollInterval: 5000,
  });
  const connection = (data ?? previousData)?.registeredModels;

  return (
    <Page titleId="models-title" title="Models · Millrace">
      <PageHeader
        titleId="models-title"
        title="Models"
        subtitle={connection !== undefined ? `${connection.totalCount} registered models` : "The model registry"}
      >
        <form className="search" role="search" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor="model-search">Find a model</label>
          <input
            id="model-search"
            type="search"
            value={search}
            placeholder="Name contains…"
            onChange={(event) => setSearch(event.target.value)}
          />
        </form>
      </PageHeader>
      <PagedList
        connection={connection}
        error={error}
        loading={loading}
        what="models"
        onRetry={quietly(refetch)}
        onMore={loadMore}
        empty={
          <div className="panel">
            <p className="empty">
              {term !== ""
                ? "No model name matches."
                : "No registered models yet: register a succeeded experiment, or run an AutoML search."}
            </p>
            <div className="button-row">
              <Link className="button" to="/experiments">
                Experiments
              </Link>
              <Link className="button" to="/automl">
                AutoML
              </Link>
            </div>
          </div>
        }
      >
        {(models) => (
          <DataTable
            testId="model-table"
            head={
              <>
                <Th>Model</Th>
                <Th num>Latest version</Th>
                <Th>Aliases</Th>
                <Th>Updated</Th>
              </>
            }
          >
            {models.map((model) => (
              <tr key={model.id} data-testid={`model-row-${model.name}`}>
                <td>
                  <Link className="table__name" to={`/models/${encodeURIComponent(model.name)}`}>
                    {model.name}
                  </Link>
                  {model.description !== "" && <p className="table__description">{model.description}</p>}
                </td>
                <td className="num">v{model.latestVersion}</td>
                <td>
                  <TagList items={model.aliases} keyOf={(a) => a.alias} dashWhenEmpty>
                    {(a) => `${a.alias} → v${a.version}`}
                  </TagList>
                </td>
                <td>
                  <RelativeTime iso={model.updatedAt} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}
