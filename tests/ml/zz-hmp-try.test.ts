import { it } from "vitest";
import { startTestServer } from "../support/millrace.js";
import { runToEnd } from "../support/runs.js";

it("demos", async () => {
  const server = await startTestServer({ seedDemo: true });
  try {
    for (const id of ["full-etl"]) {
      const t0 = Date.now();
      const { run } = await runToEnd(server, id);
      console.log(id, run.status, (Date.now() - t0) / 1000, "s", run.error);
      const res = await server.gql(`{ experiments { nodes { name timings metrics } } }`);
      console.log(JSON.stringify(res.data));
    }
  } finally {
    await server.stop();
  }
}, 600_000);
