/** With AUTH_MODE=off (the single-user dev mode) the MLflow API needs no token, like the rest of the API. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { mlflowClient } from "./support.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { AUTH_MODE: "off" } });
});
afterAll(async () => {
  await server?.stop();
});

it("lets every request in with AUTH_MODE=off", async () => {
  const anonymous = mlflowClient(server, null);
  expect((await anonymous.post("experiments/create", { name: "dev-mode" })).status).toBe(200);
  expect((await anonymous.artifact("PUT", "/0/r/artifacts/a.txt", "x")).status).toBe(200);
  const run = await anonymous.post<{ run: { info: { user_id: string } } }>("runs/create", { experiment_id: "0" });
  expect(run.body.run.info.user_id).toBe("dev@localhost");
});
