/**
 * The pipeline editor in a real browser against a real server: build a pipeline by hand, configure it through the
 * generated forms, save, run it and watch every step succeed live; then a pipeline whose step fails.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { initialAdmin, signIn } from "./support/auth.js";
import { openBrowser, type BrowserSession } from "./support/browser.js";
import { describeInBrowser } from "./support/describe-in-browser.js";
import { connect, dropStep, node, waitForStatus } from "./support/canvas.js";
import {
  buildEditorIfNeeded,
  createPipeline,
  gql,
  SCREENSHOTS_DIR,
  startServer,
  type ServerProcess,
} from "./support/server.js";

let server: ServerProcess;
let browser: BrowserSession;
let dataDir: string;

describeInBrowser("the pipeline editor in Chromium", () => {
  beforeAll(async () => {
    await buildEditorIfNeeded();
    dataDir = await mkdtemp(path.join(tmpdir(), "millrace-browser-"));
    server = await startServer({ env: { DATA_DIR: dataDir } });
    // Wide enough for three steps side by side on the canvas at zoom 1.
    browser = await openBrowser({ viewport: { width: 1600, height: 1000 } });
    await signIn(browser.page, server.url, await initialAdmin(dataDir));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("builds a pipeline from the palette, configures it, saves, runs it and shows every step SUCCEEDED", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/pipelines`);
    await page.getByTestId("new-pipeline").click();
    const dialog = page.getByTestId("new-pipeline-dialog");
    await dialog.getByLabel("Name").fill("Browser-built pipeline");
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Browser-built pipeline" }).waitFor();

    await dropStep(page, "extract_synthetic", { x: 120, y: 200 });
    await dropStep(page, "filter", { x: 360, y: 200 });
    await dropStep(page, "aggregate", { x: 600, y: 200 });
    for (const id of ["synthetic", "filter", "aggregate"]) await node(page, id).waitFor();
    await expect.poll(() => page.getByTestId("dirty-indicator").isVisible()).toBe(true);

    // A source step has no input handle to connect to.
    expect(await node(page, "synthetic").locator(".react-flow__handle.target").count()).toBe(0);
    await connect(page, "synthetic", "filter");
    await connect(page, "filter", "aggregate");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(2);
    // Refused, with the reason on screen: the filter takes one input and has it (this would also be a cycle).
    await connect(page, "aggregate", "filter");
    await expect.poll(() => page.getByTestId("notice").textContent()).toMatch(/Not connected: .*takes one input/);
    expect(await page.locator(".react-flow__edge").count()).toBe(2);

    // Configure through the forms generated from the step kinds' JSON Schemas.
    const panel = page.getByTestId("node-panel");
    await node(page, "synthetic").click();
    // The panel follows the click a little later: a name only the right field has waits for it.
    await panel.getByLabel(/^Rows/).fill("5000");
    await node(page, "filter").click();
    await panel.getByLabel("Condition (SQL)").fill("x1 > 0");
    await node(page, "aggregate").click();
    // The schema asks for at least one aggregation: the form starts with an empty one.
    await panel.getByLabel("Function").selectOption("COUNT");
    await panel.getByLabel("Result column").fill("n");

    await page.getByTestId("save").click();
    await page.getByTestId("saved-indicator").waitFor();
    await expect.poll(() => page.getByTestId("notice").textContent()).toMatch(/Saved as version 2/);

    await page.getByTestId("run").click();
    await page.getByTestId("run-panel").waitFor();
    for (const id of ["synthetic", "filter", "aggregate"]) await waitForStatus(page, id, "SUCCEEDED");
    await expect.poll(() => node(page, "filter").getByTestId("node-stats-filter").textContent()).toMatch(/5,000 →/);

    // A finished step's output, from stepOutputPreview.
    await node(page, "aggregate").click();
    await page.getByRole("button", { name: "Preview output" }).click();
    await page.getByTestId("output-preview").waitFor();
    expect(await page.getByTestId("output-preview").textContent()).toMatch(/n\s*BIGINT/);
    await page.getByRole("tab", { name: "Logs" }).click();
    await expect.poll(() => page.getByTestId("run-logs").textContent()).toMatch(/generated 5,000 rows/);
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "editor-run-succeeded.png") });
    expect(browser.errors).toEqual([]);
  }, 180_000);

  it("shows a failing step FAILED with its error, and the steps after it SKIPPED", async () => {
    const { page } = browser;
    const id = await createPipeline(server.url, {
      name: "Filter on a missing column",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 1000 }, position: { x: 0, y: 0 } },
        { id: "bad", kind: "filter", config: { where: "no_such_column > 1" }, position: { x: 260, y: 0 } },
        {
          id: "count",
          kind: "aggregate",
          config: { aggregations: [{ fn: "COUNT", as: "n" }] },
          position: { x: 520, y: 0 },
        },
      ],
      edges: [
        { source: "gen", target: "bad" },
        { source: "bad", target: "count" },
      ],
    });
    await page.goto(`${server.url}/pipelines/${id}`);
    await node(page, "bad").waitFor();
    expect(await node(page, "bad").getAttribute("data-status")).toBe("IDLE");
    await page.getByTestId("run").click();

    await waitForStatus(page, "gen", "SUCCEEDED");
    await waitForStatus(page, "bad", "FAILED");
    await waitForStatus(page, "count", "SKIPPED");
    expect(await node(page, "bad").textContent()).toMatch(/unknown column "no_such_column"/);
    await expect.poll(() => page.getByTestId("run-error").textContent()).toMatch(/unknown column "no_such_column"/);
    await node(page, "bad").click();
    expect(await page.getByTestId("node-error-bad").textContent()).toMatch(/unknown column/);
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it("edits with keys and undo, shows the server's validation on the step and its field, and resolves a conflict", async () => {
    const { page } = browser;
    const id = await createPipeline(server.url, {
      name: "Edited in two places",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 100 }, position: { x: 0, y: 0 } },
        { id: "keep", kind: "filter", config: { where: "x1 > 0" }, position: { x: 260, y: 0 } },
      ],
      edges: [{ source: "gen", target: "keep" }],
    });
    await page.goto(`${server.url}/pipelines/${id}`);
    await node(page, "keep").click();
    await page.keyboard.press("Control+d");
    await node(page, "keep-2").waitFor();
    await page.keyboard.press("Delete");
    await node(page, "keep-2").waitFor({ state: "detached" });
    await page.keyboard.press("Control+z");
    await node(page, "keep-2").waitFor();
    await page.keyboard.press("Control+Shift+z");
    await node(page, "keep-2").waitFor({ state: "detached" });
    await page.keyboard.press("Control+z");
    await page.keyboard.press("Control+z");
    await node(page, "keep-2").waitFor({ state: "detached" });
    expect(await page.getByTestId("saved-indicator").isVisible()).toBe(true);

    // An empty condition: the server refuses the save and says where.
    await node(page, "keep").click();
    const condition = page.getByTestId("node-panel").getByLabel("Condition (SQL)");
    await condition.fill("");
    await page.getByTestId("save").click();
    await expect.poll(() => node(page, "keep").getAttribute("data-invalid")).toBe("true");
    await expect.poll(() => page.getByTestId("node-panel").textContent()).toMatch(/is required|must NOT have fewer/);
    expect(await page.getByTestId("dirty-indicator").isVisible()).toBe(true);

    // Meanwhile someone else saves version 2.
    await gql(
      server.url,
      `mutation($id: ID!) { updatePipeline(id: $id, expectedVersion: 1, input: { description: "changed elsewhere" }) { __typename } }`,
      { id },
    );
    await condition.fill("x1 > 0.5");
    await page.getByTestId("save").click();
    const conflict = page.getByTestId("conflict-dialog");
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/version 2 was saved/);
    await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
    await page.getByTestId("saved-indicator").waitFor();
    const saved = await gql<{
      pipeline: { version: number; nodes: Array<{ id: string; config: { where?: string } }> };
    }>(server.url, `query($id: ID!) { pipeline(id: $id) { version nodes { id config } } }`, { id });
    expect(saved.pipeline.version).toBe(3);
    expect(saved.pipeline.nodes.find((n) => n.id === "keep")?.config.where).toBe("x1 > 0.5");
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it("shows the runs on the dashboard, updated from dashboardStats", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/dashboard`);
    await expect.poll(() => page.getByTestId("stat-runs").textContent()).toMatch(/^Runs2/);
    await page.getByRole("region", { name: "Runs per day" }).locator(".recharts-bar-rectangle").first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "dashboard.png") });
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
