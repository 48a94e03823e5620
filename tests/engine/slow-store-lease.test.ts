/**
 * A store slower than the run lease (FerretDB under load answered in 20 s) must not make the engine fail its own
 * run: the run is stored with a lease that has already expired by the time its creation returns, and the recovery
 * sweep of the same process must know it is not an orphan.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartRun } from "../../api/src/runs/run.service.js";
import { startTestServer, type TestServer } from "../support/millrace.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RUN_LEASE_MS: "1000" } });
});
afterAll(async () => {
  await server?.stop();
});

describe("a store slower than the lease", () => {
  it("does not make the engine's own sweep fail a run it is still creating", async () => {
    const { services } = server.app;
    const saved = await services.pipelines.create({
      name: "slow store",
      nodes: [
        {
          id: "gen",
          kind: "extract_synthetic",
          label: "Rows",
          config: { rows: 10, numericColumns: 1, categories: 2, seed: 1 },
          position: { x: 0, y: 0 },
        },
      ],
      edges: [],
    });
    if (!("version" in saved)) throw new Error(saved.message);
    // The run is stored at once; its creation returns three lease periods later (sweeps run every ~333 ms).
    const runs = services.runs;
    const create = runs.create.bind(runs);
    runs.create = async (start: StartRun) => {
      const run = await create(start);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return run;
    };
    try {
      const run = await services.engine.runPipeline(saved.id, null, "API");
      for (let i = 0; i < 200; i++) {
        const current = await runs.get(run.id);
        if (current.status === "SUCCEEDED" || current.status === "FAILED") break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const finished = await runs.get(run.id);
      expect(finished.error).toBeNull();
      expect(finished.status).toBe("SUCCEEDED");
    } finally {
      runs.create = create;
    }
  });
});
