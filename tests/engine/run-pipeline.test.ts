import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hmpRows } from "../support/hmp.js";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, followRun, getRun, runToEnd, stepOf } from "../support/runs.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
});
afterAll(async () => {
  await server.stop();
});

const at = (x: number) => ({ x, y: 0 });
const hmp = { id: "hmp", kind: "extract_sample", config: { sample: "hmp" }, position: at(0) };

describe("running pipelines for real", () => {
  it("moves real data through extract → filter → derive → aggregate → load, with real counts", async () => {
    const rows = hmpRows();
    const walking = rows.filter((r) => r.class === "Walk" && r.x > 30);
    const perSource = new Map<string, number>();
    for (const r of walking) perSource.set(r.source, (perSource.get(r.source) ?? 0) + 1);

    const id = await createPipeline(server, {
      name: "Walk readings per recording",
      params: [{ name: "minX", type: "NUMBER", default: 30 }],
      nodes: [
        hmp,
        { id: "walk", kind: "filter", config: { where: "class = 'Walk' AND x > ${minX}" }, position: at(1) },
        {
          id: "mag",
          kind: "derive",
          config: { columns: [{ name: "magnitude", expression: "sqrt(x*x + y*y + z*z)" }] },
          position: at(2),
        },
        {
          id: "per",
          kind: "aggregate",
          config: {
            groupBy: ["source"],
            aggregations: [
              { fn: "COUNT", as: "readings" },
              { fn: "AVG", column: "magnitude", as: "mean_magnitude" },
            ],
          },
          position: at(3),
        },
        { id: "load", kind: "load_collection", config: { collection: "walk_stats", mode: "REPLACE" }, position: at(4) },
      ],
      edges: [
        { source: "hmp", target: "walk" },
        { source: "walk", target: "mag" },
        { source: "mag", target: "per" },
        { source: "per", target: "load" },
      ],
    });
    const { run, events } = await runToEnd(server, id);
    expect(run.status).toBe("SUCCEEDED");
    expect(stepOf(run, "hmp")).toMatchObject({ status: "SUCCEEDED", rowsOut: rows.length });
    expect(stepOf(run, "walk")).toMatchObject({ rowsIn: rows.length, rowsOut: walking.length });
    expect(stepOf(run, "per")).toMatchObject({ rowsIn: walking.length, rowsOut: perSource.size });
    expect(stepOf(run, "load")).toMatchObject({ status: "SUCCEEDED", rowsOut: perSource.size });
    expect(await server.app.stores.rows.count("walk_stats")).toBe(perSource.size);
    // Events arrive in order, from RUN_QUEUED to RUN_SUCCEEDED, with a STEP_SUCCEEDED per node.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.type).toBe("RUN_QUEUED");
    expect(events.at(-1)?.type).toBe("RUN_SUCCEEDED");
    expect(
      events
        .filter((e) => e.type === "STEP_SUCCEEDED")
        .map((e) => e.nodeId)
        .sort(),
    ).toEqual(["hmp", "load", "mag", "per", "walk"]);

    const preview = await server.gql<{
      stepOutputPreview: { columns: Array<{ name: string }>; rows: Array<Record<string, unknown>>; rowCount: number };
    }>(
      `query($run: ID!) { stepOutputPreview(runId: $run, nodeId: "per", limit: 500) { columns { name type } rows rowCount } }`,
      { run: run.id },
    );
    const p = preview.data!.stepOutputPreview;
    expect(p.columns.map((c) => c.name)).toEqual(["source", "readings", "mean_magnitude"]);
    expect(p.rowCount).toBe(perSource.size);
    for (const row of p.rows) expect(row["readings"]).toBe(perSource.get(row["source"] as string));
  });

  it("passes typed params to the steps and refuses wrong ones by name", async () => {
    const id = await createPipeline(server, {
      name: "Param filter",
      params: [{ name: "minX", type: "NUMBER", default: 10 }],
      nodes: [hmp, { id: "f", kind: "filter", config: { where: "x > ${minX}" }, position: at(1) }],
      edges: [{ source: "hmp", target: "f" }],
    });
    const { run } = await runToEnd(server, id, { minX: 60 });
    expect(stepOf(run, "f").rowsOut).toBe(hmpRows().filter((r) => r.x > 60).length);
    const wrongType = await server.gql(
      `mutation($id: ID!) { runPipeline(pipelineId: $id, params: { minX: "sixty" }) { id } }`,
      { id },
    );
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "params.minX" });
    const unknown = await server.gql(
      `mutation($id: ID!) { runPipeline(pipelineId: $id, params: { maxX: 1 }) { id } }`,
      { id },
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "params.maxX" });
  });

  it("refuses to run a pipeline with a step missing its input, before creating a run", async () => {
    const id = await createPipeline(server, {
      name: "Dangling filter",
      nodes: [{ id: "f", kind: "filter", config: { where: "true" } }],
    });
    const before = await server.gql<{ runs: { totalCount: number } }>(
      `query($id: ID) { runs(pipelineId: $id) { totalCount } }`,
      { id },
    );
    const res = await server.gql(`mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`, { id });
    expect(res.errors?.[0]?.extensions?.["code"]).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(res.errors?.[0]?.extensions?.["issues"])).toContain("MISSING_INPUT");
    const after = await server.gql<{ runs: { totalCount: number } }>(
      `query($id: ID) { runs(pipelineId: $id) { totalCount } }`,
      { id },
    );
    expect(after.data?.runs.totalCount).toBe(before.data?.runs.totalCount);
  });

  it("fails a step with the node and column, skips what depends on it, and leaves the last load untouched", async () => {
    const good = await createPipeline(server, {
      name: "Good load",
      nodes: [
        hmp,
        { id: "load", kind: "load_collection", config: { collection: "kept", mode: "REPLACE" }, position: at(1) },
      ],
      edges: [{ source: "hmp", target: "load" }],
    });
    expect((await runToEnd(server, good)).run.status).toBe("SUCCEEDED");
    const loaded = await server.app.stores.rows.count("kept");
    expect(loaded).toBe(hmpRows().length);

    const bad = await createPipeline(server, {
      name: "Bad filter",
      nodes: [
        hmp,
        { id: "f", kind: "filter", config: { where: "speed > 3" }, position: at(1) },
        { id: "load", kind: "load_collection", config: { collection: "kept", mode: "REPLACE" }, position: at(2) },
        { id: "other", kind: "limit", config: { mode: "FIRST", rows: 5 }, position: at(1) },
      ],
      edges: [
        { source: "hmp", target: "f" },
        { source: "f", target: "load" },
        { source: "hmp", target: "other" },
      ],
    });
    const { run } = await runToEnd(server, bad);
    expect(run.status).toBe("FAILED");
    expect(stepOf(run, "f").status).toBe("FAILED");
    expect(stepOf(run, "f").error).toMatch(/\(f\).*speed/);
    expect(stepOf(run, "load").status).toBe("SKIPPED");
    expect(stepOf(run, "other")).toMatchObject({ status: "SUCCEEDED", rowsOut: 5 });
    expect(run.error).toContain("speed");
    expect(await server.app.stores.rows.count("kept")).toBe(loaded);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("retries from the failed steps, reusing the outputs of the ones that succeeded", async () => {
    const file = path.join(server.dataDir, "files", "late.csv");
    const id = await createPipeline(server, {
      name: "Late file",
      nodes: [
        hmp,
        { id: "count", kind: "aggregate", config: { aggregations: [{ fn: "COUNT", as: "n" }] }, position: at(1) },
        { id: "late", kind: "extract_file", config: { path: "late.csv", format: "CSV" }, position: at(0) },
        { id: "both", kind: "union", config: {}, position: at(2) },
      ],
      edges: [
        { source: "hmp", target: "count" },
        { source: "count", target: "both" },
        { source: "late", target: "both" },
      ],
    });
    const first = await runToEnd(server, id);
    expect(first.run.status).toBe("FAILED");
    expect(stepOf(first.run, "late").error).toContain("late.csv");
    expect(stepOf(first.run, "both").status).toBe("SKIPPED");

    await writeFile(file, "n\n7\n");
    const retried = await server.gql<{ retryRun: { id: string } }>(
      `mutation($id: ID!) { retryRun(runId: $id) { id } }`,
      { id: first.run.id },
    );
    const second = await followRun(server, retried.data!.retryRun.id);
    expect(second.run.status).toBe("SUCCEEDED");
    expect(stepOf(second.run, "both").rowsOut).toBe(2);
    const reused = second.events
      .filter((e) => e.type === "STEP_SUCCEEDED" && e.payload["reused"] === true)
      .map((e) => e.nodeId);
    expect(reused.sort()).toEqual(["count", "hmp"]);
    const executed = second.events.filter((e) => e.type === "STEP_STARTED").map((e) => e.nodeId);
    expect(executed.sort()).toEqual(["both", "late"]);
    const parent = await server.gql<{ run: { parentRunId: string; trigger: string } }>(
      `query($id: ID!) { run(id: $id) { parentRunId trigger } }`,
      { id: second.run.id },
    );
    expect(parent.data?.run).toEqual({ parentRunId: first.run.id, trigger: "RETRY" });
  });

  it("retries from failed over lazy outputs: the parent run's views are reused, read and previewed", async () => {
    const rows = hmpRows();
    const walking = rows.filter((r) => r.class === "Walk" && r.x > 30);
    const id = await createPipeline(server, {
      name: "Late threshold",
      nodes: [
        hmp,
        { id: "walk", kind: "filter", config: { where: "class = 'Walk' AND x > 30" }, position: at(1) },
        { id: "mag", kind: "derive", config: { columns: [{ name: "m", expression: "x + y" }] }, position: at(2) },
        { id: "limit", kind: "extract_file", config: { path: "threshold.csv", format: "CSV" }, position: at(0) },
        {
          id: "gate",
          kind: "sql",
          config: { query: "SELECT count(*) AS n, sum(m) AS total FROM input1 WHERE x >= (SELECT min(t) FROM input2)" },
          position: at(3),
        },
      ],
      edges: [
        { source: "hmp", target: "walk" },
        { source: "walk", target: "mag" },
        { source: "mag", target: "gate", targetHandle: "a" },
        { source: "limit", target: "gate", targetHandle: "b" },
      ],
    });
    const first = await runToEnd(server, id);
    expect(first.run.status).toBe("FAILED");
    expect(stepOf(first.run, "walk")).toMatchObject({ status: "SUCCEEDED", rowsOut: walking.length });
    expect(stepOf(first.run, "mag")).toMatchObject({ status: "SUCCEEDED", rowsIn: walking.length });
    const outputs = first.events
      .filter((e) => e.type === "STEP_SUCCEEDED")
      .map((e) => [e.nodeId, (e.payload["output"] as { location: string }).location]);
    expect(Object.fromEntries(outputs)).toMatchObject({ walk: expect.stringMatching(/\.view$/) as unknown });

    await writeFile(path.join(server.dataDir, "files", "threshold.csv"), "t\n31\n");
    const retried = await server.gql<{ retryRun: { id: string } }>(
      `mutation($id: ID!) { retryRun(runId: $id, fromFailed: true) { id } }`,
      { id: first.run.id },
    );
    const second = await followRun(server, retried.data!.retryRun.id);
    expect(second.run.status).toBe("SUCCEEDED");
    const reused = second.events.filter((e) => e.type === "STEP_SUCCEEDED" && e.payload["reused"] === true);
    expect(reused.map((e) => e.nodeId).sort()).toEqual(["hmp", "mag", "walk"]);
    const kept = walking.filter((r) => r.x >= 31);
    const preview = async (runId: string, nodeId: string) =>
      (
        await server.gql<{ stepOutputPreview: { rows: Array<Record<string, unknown>>; rowCount: number } }>(
          `query($run: ID!, $node: ID!) { stepOutputPreview(runId: $run, nodeId: $node, limit: 3) { rows rowCount } }`,
          { run: runId, node: nodeId },
        )
      ).data!.stepOutputPreview;
    expect((await preview(second.run.id, "gate")).rows).toEqual([
      { n: kept.length, total: kept.reduce((sum, r) => sum + r.x + r.y, 0) },
    ]);
    // The reused views still read back, in the retry run as in their own.
    const mag = await preview(second.run.id, "mag");
    expect(mag.rowCount).toBe(walking.length);
    expect(mag.rows[0]).toMatchObject({ class: "Walk", m: walking[0]!.x + walking[0]!.y });
    expect(await preview(first.run.id, "mag")).toEqual(mag);
  });

  it("cancels a running run: the step is interrupted and the run ends CANCELLED promptly", async () => {
    const id = await createPipeline(server, {
      name: "Slow sort",
      nodes: [
        {
          id: "gen",
          kind: "extract_synthetic",
          config: { rows: 50_000_000, numericColumns: 8, seed: 1 },
          position: at(0),
        },
        { id: "sort", kind: "sort", config: { by: [{ column: "x1" }] }, position: at(1) },
      ],
      edges: [{ source: "gen", target: "sort" }],
    });
    const started = await server.gql<{ runPipeline: { id: string } }>(
      `mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`,
      { id },
    );
    const runId = started.data!.runPipeline.id;
    for (let i = 0; i < 100 && (await getRun(server, runId)).status !== "RUNNING"; i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    const cancelled = await server.gql<{ cancelRun: { status: string } }>(
      `mutation($id: ID!) { cancelRun(runId: $id) { status } }`,
      { id: runId },
    );
    expect(cancelled.data?.cancelRun.status).toBe("CANCELLED");
    expect(Date.now() - t0).toBeLessThan(5000);
    const run = await getRun(server, runId);
    expect(run.steps.every((s) => s.status === "CANCELLED" || s.status === "SUCCEEDED")).toBe(true);
  });
});
