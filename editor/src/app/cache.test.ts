import { describe, expect, it } from "vitest";
import { PipelineDetailQuery } from "../pages/pipeline/pipeline-detail.query";
import { PipelineListQuery } from "../pages/pipelines/pipeline-list.query";
import { createCache } from "./cache";

const node = (id: string, label: string) => ({
  __typename: "PipelineNode" as const,
  id,
  kind: "extract_sample",
  label,
  config: { sample: label },
  position: { __typename: "Position" as const, x: 0, y: 0 },
  execution: null,
});

const detail = (id: string, nodes: Array<ReturnType<typeof node>>) => ({
  pipeline: {
    __typename: "Pipeline" as const,
    id,
    name: id,
    description: "",
    tags: [],
    version: 1,
    updatedAt: "2026-01-01T00:00:00.000Z",
    params: [],
    nodes,
    edges: [],
    lastRun: null,
    schedule: null,
    nextFireTimes: [],
  },
});

const listItem = (id: string, nodeIds: string[]) => ({
  __typename: "Pipeline" as const,
  id,
  name: id,
  description: "",
  tags: [],
  version: 1,
  updatedAt: "2026-01-01T00:00:00.000Z",
  nodes: nodeIds.map((nodeId) => ({ __typename: "PipelineNode" as const, id: nodeId })),
  lastRun: null,
  schedule: null,
  nextFireTimes: [],
});

const page = (ids: string[], endCursor: string | null, hasNextPage: boolean) => ({
  pipelines: {
    __typename: "PipelineConnection" as const,
    totalCount: 3,
    pageInfo: { __typename: "PageInfo" as const, endCursor, hasNextPage },
    nodes: ids.map((id) => listItem(id, ["extract"])),
  },
});

describe("the editor's cache", () => {
  it("keeps two pipelines' nodes apart even when their ids are the same", () => {
    const cache = createCache();
    cache.writeQuery({ query: PipelineDetailQuery, variables: { id: "a" }, data: detail("a", [node("extract", "A")]) });
    cache.writeQuery({ query: PipelineDetailQuery, variables: { id: "b" }, data: detail("b", [node("extract", "B")]) });

    const a = cache.readQuery({ query: PipelineDetailQuery, variables: { id: "a" } });
    expect(a?.pipeline.nodes[0]?.label).toBe("A");
  });

  it("does not lose a pipeline's full nodes when the list writes only their ids", () => {
    const cache = createCache();
    cache.writeQuery({ query: PipelineDetailQuery, variables: { id: "a" }, data: detail("a", [node("extract", "A")]) });
    cache.writeQuery({ query: PipelineListQuery, variables: { first: 2 }, data: page(["a"], "c1", false) });

    const a = cache.readQuery({ query: PipelineDetailQuery, variables: { id: "a" } });
    expect(a?.pipeline.nodes).toEqual([node("extract", "A")]);
  });

  it("appends pages fetched with `after` and starts over without it", () => {
    const cache = createCache();
    cache.writeQuery({ query: PipelineListQuery, variables: { first: 2 }, data: page(["a", "b"], "c2", true) });
    cache.writeQuery({
      query: PipelineListQuery,
      variables: { first: 2, after: "c2" },
      data: page(["c"], "c3", false),
    });

    const all = cache.readQuery({ query: PipelineListQuery, variables: { first: 2 } });
    expect(all?.pipelines.nodes.map((p) => p.id)).toEqual(["a", "b", "c"]);
    expect(all?.pipelines.pageInfo).toMatchObject({ endCursor: "c3", hasNextPage: false });

    cache.writeQuery({ query: PipelineListQuery, variables: { first: 2 }, data: page(["c"], "c1", true) });
    expect(cache.readQuery({ query: PipelineListQuery, variables: { first: 2 } })?.pipelines.nodes).toHaveLength(1);
  });

  it("keeps one list per filter", () => {
    const cache = createCache();
    cache.writeQuery({ query: PipelineListQuery, variables: { first: 2 }, data: page(["a", "b"], "c2", true) });
    cache.writeQuery({
      query: PipelineListQuery,
      variables: { first: 2, filter: { nameContains: "c" } },
      data: page(["c"], "c1", false),
    });

    expect(cache.readQuery({ query: PipelineListQuery, variables: { first: 2 } })?.pipelines.nodes).toHaveLength(2);
  });
});
