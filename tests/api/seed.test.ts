import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/millrace.js";

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-seed-"));
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("demo seed", () => {
  it("seeds the demo on first start, as real DAGs over the HMP sample", async () => {
    const server = await startTestServer({ seedDemo: true, dataDir });
    const res = await server.gql<{
      pipelines: {
        nodes: Array<{
          id: string;
          name: string;
          nodes: Array<{ id: string }>;
          edges: Array<{ source: string; target: string }>;
        }>;
      };
    }>(`{ pipelines { nodes { id name nodes { id } edges { source target } } } }`);
    const names = res.data!.pipelines.nodes.map((p) => p.name).sort();
    expect(names).toEqual([
      "AutoML Pipeline",
      "Data Quality Check",
      "Full ETL (Spark original)",
      "HMP Data ETL Pipeline",
      "ML Training Pipeline",
    ]);
    const full = res.data!.pipelines.nodes.find((p) => p.id === "full-etl")!;
    expect(full.edges).toEqual([
      { source: "extract", target: "to-parquet" },
      { source: "to-parquet", target: "to-csv" },
      { source: "to-parquet", target: "train" },
      { source: "train", target: "deploy" },
    ]);
    const ds = await server.gql<{ dataset: { rowCount: number; columns: Array<{ name: string; type: string }> } }>(
      `{ dataset(id: "hmp-sample") { rowCount columns { name type } } }`,
    );
    expect(ds.data?.dataset).toEqual({
      rowCount: 392_080,
      columns: [
        { name: "x", type: "BIGINT" },
        { name: "y", type: "BIGINT" },
        { name: "z", type: "BIGINT" },
        { name: "source", type: "VARCHAR" },
        { name: "class", type: "VARCHAR" },
      ],
    });
    // The user changes one demo pipeline and deletes another.
    await server.gql(
      `mutation { updatePipeline(id: "hmp-etl", expectedVersion: 1, input: { name: "Mine now" }) { __typename } }`,
    );
    await server.gql(`mutation { deletePipeline(id: "automl") { id } }`);
    await server.stop();
  });

  it("never overwrites or resurrects on the next start", async () => {
    const server = await startTestServer({ seedDemo: true, dataDir });
    const res = await server.gql<{ pipelines: { totalCount: number }; pipeline: { name: string; version: number } }>(
      `{ pipelines { totalCount } pipeline(id: "hmp-etl") { name version } }`,
    );
    expect(res.data).toEqual({ pipelines: { totalCount: 4 }, pipeline: { name: "Mine now", version: 2 } });
    await server.stop();
  });
});
