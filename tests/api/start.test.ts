import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, startServerProcess } from "../support/process.js";

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-start-"));
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("the server process (what `npm start` runs)", () => {
  it("serves the API and the editor on one port with the demo seeded, on the embedded store", async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir, MONGODB_URL: undefined, AUTH_MODE: undefined });
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { store: { kind: string } };
      expect(health.store.kind).toBe("sqlite");
      expect(existsSync(path.join(dataDir, "millrace.sqlite"))).toBe(true);

      // First start: an admin was made and said how to sign in; its password is in DATA_DIR/initial-admin.txt.
      expect(server.output()).toContain("First start: sign in as admin@localhost");
      const password = /password: (\S+)/.exec(await readFile(path.join(dataDir, "initial-admin.txt"), "utf8"))?.[1];
      const anonymous = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ pipelines { totalCount } }" }),
      });
      expect(
        ((await anonymous.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code,
      ).toBe("UNAUTHENTICATED");
      const login = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `mutation($p: String!) { login(email: "admin@localhost", password: $p) { accessToken } }`,
          variables: { p: password },
        }),
      });
      const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
      const res = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ pipelines { totalCount nodes { name } } }" }),
      });
      const body = (await res.json()) as {
        data: { pipelines: { totalCount: number; nodes: Array<{ name: string }> } };
      };
      expect(body.data.pipelines.totalCount).toBe(5);
      expect(body.data.pipelines.nodes.map((p) => p.name)).toContain("HMP Data ETL Pipeline");

      // The editor is served when it has been built (`npm start` builds it; CI builds it before the tests).
      if (process.env["CI"] === "true" || existsSync(path.join(REPO_ROOT, "editor/dist/index.html"))) {
        const page = await fetch(`${server.url}/pipelines/hmp-etl`);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<div id="root">/);
      }
      expect(server.output()).toContain(`Millrace is serving the editor and API at`);

      // The training workers started with the server and warmed up (ML_WARM_UP defaults to on).
      const deadline = Date.now() + 20_000;
      while (!server.output().includes("training workers warmed up") && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const line = server
        .output()
        .split("\n")
        .find((l) => l.includes("training workers warmed up"));
      const reports = (JSON.parse(line ?? "{}") as { warmUp?: Array<{ fits: number; error?: string }> }).warmUp;
      expect(reports?.length).toBeGreaterThan(0);
      for (const report of reports ?? []) {
        expect(report.error).toBeUndefined();
        expect(report.fits).toBe(18);
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("refuses to start on invalid configuration, naming every variable", async () => {
    await expect(
      startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: "loud", MONGODB_URL: "nope" }, 10_000),
    ).rejects.toThrow(/exited with 2[\s\S]*MONGODB_URL[\s\S]*LOG_LEVEL/);
  });
});
