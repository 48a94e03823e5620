import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, runToEnd, stepOf } from "../support/runs.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { UPLOAD_MAX_BYTES: "4096" } });
});
afterAll(async () => {
  await server.stop();
});

function upload(body: string, query: string): Promise<Response> {
  return fetch(`${server.url}/api/datasets?${query}`, {
    method: "POST",
    headers: { "content-type": "text/csv", ...server.auth },
    body,
  });
}

async function datasetCount(): Promise<number> {
  const res = await server.gql<{ datasets: { totalCount: number } }>(`{ datasets { totalCount } }`);
  return res.data!.datasets.totalCount;
}

async function leftovers(): Promise<string[]> {
  return (await readdir(path.join(server.dataDir, "uploads")).catch(() => [])).filter((f) => f.startsWith(".incoming"));
}

describe("dataset upload (POST /api/datasets)", () => {
  it("stores the file, records its schema and exact row count, and pipelines can read it", async () => {
    const res = await upload(
      "city,temp,sunny\nOslo,3.5,false\nLima,18,true\nPune,31.25,true\n",
      "name=Weather&format=CSV",
    );
    expect(res.status).toBe(201);
    const { dataset } = (await res.json()) as {
      dataset: { id: string; rowCount: number; columns: Array<{ name: string; type: string }>; source: string };
    };
    expect(dataset).toMatchObject({ rowCount: 3, source: "UPLOAD" });
    expect(dataset.columns.map((c) => c.name)).toEqual(["city", "temp", "sunny"]);

    const id = await createPipeline(server, {
      name: "Read upload",
      nodes: [
        { id: "ds", kind: "extract_dataset", config: { datasetId: dataset.id } },
        { id: "hot", kind: "filter", config: { where: "temp > 10" } },
      ],
      edges: [{ source: "ds", target: "hot" }],
    });
    const { run } = await runToEnd(server, id);
    expect(run.status).toBe("SUCCEEDED");
    expect(stepOf(run, "hot").rowsOut).toBe(2);
  });

  it("refuses a ragged CSV with its line, keeping nothing", async () => {
    const before = await datasetCount();
    const res = await upload("a,b\n1,2\n3,4,5\n6,7\n", "name=Ragged");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; line?: number } };
    expect(body.error.code).toBe("BAD_USER_INPUT");
    expect(body.error.message).toMatch(/line 3/i);
    expect(await datasetCount()).toBe(before);
    expect(await leftovers()).toEqual([]);
  });

  it("refuses a file over the size limit, and bad parameters by name", async () => {
    const big = await upload(`v\n${"1234567\n".repeat(1000)}`, "name=Big");
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { field: string } }).error.field).toBe("file");
    const noName = await upload("a\n1\n", "format=CSV");
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { error: { field: string } }).error.field).toBe("name");
    const badFormat = await upload("a\n1\n", "name=x&format=XLSX");
    expect(((await badFormat.json()) as { error: { field: string } }).error.field).toBe("format");
    expect(await leftovers()).toEqual([]);
  });
});
