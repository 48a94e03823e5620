/**
 * The API restarts in the middle of a run: the editor shows that it is reconnecting, resubscribes from the last
 * event it has, and the canvas catches up without a reload (the killed run ends FAILED once its lease expires).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { initialAdmin, signIn } from "./support/auth.js";
import { openBrowser, type BrowserSession } from "./support/browser.js";
import { describeInBrowser } from "./support/describe-in-browser.js";
import { node, waitForStatus } from "./support/canvas.js";
import {
  buildEditorIfNeeded,
  createPipeline,
  gql,
  SCREENSHOTS_DIR,
  startServer,
  type ServerProcess,
} from "./support/server.js";

let server: ServerProcess | undefined;
let browser: BrowserSession | undefined;
let dataDir: string;

describeInBrowser("the editor across an API restart", () => {
  beforeAll(async () => {
    await buildEditorIfNeeded();
    dataDir = await mkdtemp(path.join(tmpdir(), "millrace-browser-restart-"));
    browser = await openBrowser({ viewport: { width: 1600, height: 1000 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("shows a reconnecting banner, resumes the run's events from the last seq and ends FAILED without a reload", async () => {
    const env = { DATA_DIR: dataDir, SEED_DEMO: "false", RUN_LEASE_MS: "2000" };
    server = await startServer({ env });
    const { port } = server;
    const id = await createPipeline(server.url, {
      name: "Long sort",
      nodes: [
        {
          id: "gen",
          kind: "extract_synthetic",
          config: { rows: 10_000_000, numericColumns: 4, seed: 7 },
          position: { x: 0, y: 0 },
        },
        { id: "sort", kind: "sort", config: { by: [{ column: "x1", descending: true }] }, position: { x: 260, y: 0 } },
        {
          id: "per",
          kind: "aggregate",
          config: { groupBy: ["category"], aggregations: [{ fn: "COUNT", as: "n" }] },
          position: { x: 520, y: 0 },
        },
      ],
      edges: [
        { source: "gen", target: "sort" },
        { source: "sort", target: "per" },
      ],
    });
    const page = browser!.page;
    await signIn(page, server.url, await initialAdmin(dataDir));
    // The `after` of every runEvents subscription the page sends.
    const subscribedAfter: number[] = [];
    page.on("websocket", (socket) =>
      socket.on("framesent", (frame) => {
        const message = JSON.parse(String(frame.payload)) as {
          type?: string;
          payload?: { query?: string; variables?: { after?: number } };
        };
        if (message.type === "subscribe" && message.payload?.query?.includes("runEvents")) {
          subscribedAfter.push(message.payload.variables?.after ?? -1);
        }
      }),
    );
    await page.goto(`${server.url}/pipelines/${id}`);
    await node(page, "sort").waitFor();
    // Survives only if the page is not reloaded.
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await page.getByTestId("run").click();
    await page.waitForURL(/[?&]run=/);
    const runId = new URL(page.url()).searchParams.get("run")!;
    await waitForStatus(page, "gen", "SUCCEEDED", 120_000);
    await waitForStatus(page, "sort", "RUNNING", 60_000);
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "editor-live-run.png") });

    await server.stop("SIGKILL");
    await page.getByTestId("reconnecting-banner").waitFor({ timeout: 30_000 });
    // While the API is down the canvas keeps the last state it had.
    expect(await node(page, "sort").getAttribute("data-status")).toBe("RUNNING");

    server = await startServer({ env, port });
    await page.getByTestId("reconnecting-banner").waitFor({ state: "detached", timeout: 60_000 });
    await waitForStatus(page, "sort", "FAILED", 60_000);
    await waitForStatus(page, "per", "SKIPPED", 10_000);
    expect(await node(page, "gen").getAttribute("data-status")).toBe("SUCCEEDED");
    await expect.poll(() => page.getByTestId("run-error").textContent()).toMatch(/stopped/);
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // The page resubscribed from the last event it had: after sort's start, before what the new server appended.
    const { run } = await gql<{ run: { events: Array<{ seq: number; type: string; nodeId: string | null }> } }>(
      server.url,
      `query($id: ID!) { run(id: $id) { events { seq type nodeId } } }`,
      { id: runId },
    );
    const sortStarted = run.events.find((e) => e.type === "STEP_STARTED" && e.nodeId === "sort")!.seq;
    const runFailed = run.events.find((e) => e.type === "RUN_FAILED")!.seq;
    expect(subscribedAfter[0]).toBe(0);
    const resumedFrom = subscribedAfter.at(-1)!;
    expect(resumedFrom).toBeGreaterThanOrEqual(sortStarted);
    expect(resumedFrom).toBeLessThan(runFailed);
  }, 300_000);
});
