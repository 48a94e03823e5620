import { InMemoryCache, type FieldPolicy, type Reference, type StoreObject } from "@apollo/client";

type Listed = Reference | StoreObject;

/**
 * A cursor connection (`{ nodes, pageInfo, totalCount }`) paged with `after`: one cached list per `keyArgs`
 * combination; a page fetched with `after` is appended, a first page replaces the list.
 */
export function cursorConnection(keyArgs: string[]): FieldPolicy<{ nodes: Listed[] }> {
  return {
    keyArgs,
    merge(existing, incoming, { args }) {
      if (existing === undefined || args?.["after"] == null) return incoming;
      return { ...incoming, nodes: [...existing.nodes, ...incoming.nodes] };
    },
  };
}

/**
 * For lists of objects whose ids are only unique within their parent (a pipeline's nodes and edges): match old
 * and new items by id and merge their fields, so a query selecting fewer fields (the list's `nodes { id }`) does
 * not wipe those another query (the canvas's) already has.
 */
const mergeItemsById: FieldPolicy<Listed[]> = {
  merge(existing, incoming, { readField, mergeObjects }) {
    if (existing === undefined) return incoming;
    const previous = new Map(existing.map((item) => [readField<string>("id", item), item]));
    return incoming.map((item) => {
      const before = previous.get(readField<string>("id", item));
      return before === undefined ? item : mergeObjects(before, item);
    });
  },
};

/** The editor's cache, with the normalisation rules this schema needs. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          pipelines: cursorConnection(["filter"]),
          runs: cursorConnection(["pipelineId", "filter"]),
          logs: cursorConnection(["filter"]),
        },
      },
      // Node and edge ids are unique per pipeline only ("extract" is in every demo): never normalise them by id,
      // or one pipeline's node would overwrite another's.
      PipelineNode: { keyFields: false },
      PipelineEdge: { keyFields: false },
      Pipeline: { fields: { nodes: mergeItemsById, edges: mergeItemsById } },
    },
  });
}
