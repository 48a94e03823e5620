import { useQuery } from "@apollo/client/react";
import { useMemo } from "react";
import type { DatasetFieldsFragment } from "../../graphql/generated/graphql";
import { DatasetListQuery } from "./datasets.queries";

/** Every dataset, with a name lookup by id, for pickers and for naming datasets in tables. */
export function useDatasets(): {
  datasets: readonly DatasetFieldsFragment[] | undefined;
  names: ReadonlyMap<string, string>;
  error: unknown;
  refetch: () => Promise<unknown>;
} {
  const { data, error, refetch } = useQuery(DatasetListQuery, { fetchPolicy: "cache-and-network" });
  const datasets = data?.datasets.nodes;
  const names = useMemo(() => new Map((datasets ?? []).map((d) => [d.id, d.name])), [datasets]);
  return { datasets, names, error, refetch };
}
