/**
 * The ML and data-quality pages in a real browser against a real server (AUTH_MODE=off, demo seeded with the HMP
 * dataset): a validation built with the rule builder and its results, a dataset upload and profile, an experiment
 * trained from the form with its metrics and confusion matrix, a model registered from it and a prediction, and a
 * small AutoML search whose leaderboard fills while it runs; the experiment list catching up after its socket drops.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type BrowserSession } from "./support/browser.js";
import { describeInBrowser } from "./support/describe-in-browser.js";
import { buildEditorIfNeeded, SCREENSHOTS_DIR, startServer, type ServerProcess } from "./support/server.js";

const HMP = "HMP wrist accelerometer recordings";

let server: ServerProcess;
let browser: BrowserSession;
let dataDir: string;

/** POSTs to the MLflow-compatible REST API, as a notebook's MLflow client would. */
async function mlflow(route: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/2.0/mlflow/${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, route).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function createMlflowRun(name: string): Promise<string> {
  const created = (await mlflow("runs/create", { experiment_id: "0", run_name: name })) as {
    run: { info: { run_id: string } };
  };
  return created.run.info.run_id;
}

describeInBrowser("ML and data-quality pages in Chromium", () => {
  beforeAll(async () => {
    await buildEditorIfNeeded();
    dataDir = await mkdtemp(path.join(tmpdir(), "millrace-ml-quality-"));
    server = await startServer({ env: { DATA_DIR: dataDir, AUTH_MODE: "off" } });
    browser = await openBrowser({ viewport: { width: 1440, height: 1000 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("creates a validation with the rule builder and shows its rule results and failing rows", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/quality`);
    await page.getByRole("heading", { name: "Data quality", exact: true }).waitFor();
    const form = page.getByTestId("new-validation");
    await form.getByLabel(/^Dataset/).selectOption({ label: HMP });

    // Rule 1: x is never null (the builder starts a new rule on the first column).
    await form.getByTestId("add-rule").click();
    // Rule 2: x within [0, 50], high severity.
    await form.getByTestId("add-rule-type").selectOption("range");
    await form.getByTestId("add-rule").click();
    const range = form.getByTestId("rule-1");
    await range.getByLabel("Severity").selectOption("HIGH");
    // Checked before anything is sent: a range needs a bound.
    await page.getByTestId("run-validation").click();
    await expect.poll(() => range.textContent()).toMatch(/give a minimum, a maximum or both/);
    await range.getByLabel(/^Minimum/).fill("0");
    await range.getByLabel(/^Maximum/).fill("50");
    await page.getByTestId("run-validation").click();

    await page.waitForURL(/\/quality\/[^/]+$/);
    const results = page.getByTestId("rule-results");
    await results.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("rule-result-0").textContent()).toMatch(/Passed.*not_null on x/);
    expect(await page.getByTestId("rule-result-1").textContent()).toMatch(/Failed.*range on x.*4,557/);
    // The failing rows, with their row numbers (0-based).
    const failing = page.getByTestId("failing-rows").first();
    expect(await failing.locator("tbody tr").first().locator("td").first().textContent()).toBe("465");
    expect(await page.getByTestId("quality-score").textContent()).toMatch(/\d+\.\d/);
    expect(await page.getByTestId("column-quality").textContent()).toMatch(/x\s*BIGINT/);
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "data-quality.png") });

    // The list shows it with its status and score.
    await page.getByRole("link", { name: "← Data quality" }).click();
    await expect.poll(() => page.getByTestId("validation-table").textContent()).toMatch(/Warned/);
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it("uploads a CSV and profiles it per column", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/datasets`);
    const csv = ["city,temp,reading_at", "Oslo,3.5,2026-01-01", "Rome,14.25,2026-01-02", "Oslo,,2026-01-03"].join("\n");
    await page.getByLabel("File", { exact: true }).setInputFiles({
      name: "weather.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`${csv}\n`),
    });
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("weather");
    await page.getByTestId("upload-submit").click();
    await page.getByRole("heading", { name: "weather", exact: true }).waitFor();
    const temp = page.getByTestId("profile-temp");
    await temp.waitFor({ timeout: 30_000 });
    // Nulls with their share, distinct values, min/max, and a histogram of the numeric column.
    expect(await temp.textContent()).toMatch(/Nulls1 \(33\.3%\)Distinct2Min3\.5Max14\.25/);
    expect(await temp.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("profile-city").textContent()).toMatch(/Most frequent values/);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("trains an experiment from the form and shows its metrics, confusion matrix and per-class figures", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/experiments`);
    await page.getByTestId("new-experiment").click();
    const form = page.getByTestId("new-experiment-form");
    await form.getByLabel(/^Dataset/).selectOption({ label: HMP });
    await form.getByLabel("Target (column to predict)").selectOption("class");
    // Numeric columns are picked as features by default: x, y, z (source is text and stays out).
    expect(await form.getByTestId("feature-list").getByRole("checkbox", { checked: true }).count()).toBe(3);
    await form.getByLabel(/^Algorithm/).selectOption({ label: "Gaussian naive Bayes" });
    await form.getByTestId("start-experiment").click();

    await page.waitForURL(/\/experiments\/[^/]+$/);
    await page.getByTestId("confusion-matrix").waitFor({ timeout: 90_000 });
    const metrics = await page.getByTestId("experiment-metrics").textContent();
    expect(metrics).toMatch(/Accuracy0\.\d{4}/);
    expect(metrics).toMatch(/Test rows78,416/);
    // 14 activities: a 14 × 14 heat map with the counts written in the cells, and per-class precision/recall.
    expect(await page.getByTestId("confusion-matrix").locator("tbody tr").count()).toBe(14);
    expect(await page.getByTestId("confusion-matrix").locator("td[data-tone]").count()).toBe(196);
    expect(await page.getByTestId("per-class-metrics").textContent()).toMatch(/Walk/);
    expect(await page.getByTestId("experiment-timings").textContent()).toMatch(/Train/);
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "experiments.png") });

    // Register it as a model and predict with it.
    await page.getByLabel("Model name").fill("activity-nb");
    await page.getByRole("button", { name: "Register model" }).click();
    await page.waitForURL(/\/models\/activity-nb$/);
    const predict = page.getByTestId("predict");
    await predict.locator('input[name="x"]').fill("22");
    await predict.locator('input[name="y"]').fill("49");
    await predict.locator('input[name="z"]').fill("35");
    await page.getByTestId("predict-submit").click();
    const label = page.getByTestId("predicted-label");
    await label.waitFor();
    expect(await label.textContent()).toMatch(/^[A-Z][a-z_]+/);
    expect(await page.getByTestId("predictions").textContent()).toMatch(/\d+\.\d%/);

    // A refused row names the row and field.
    await predict.getByRole("tab", { name: "JSON rows" }).click();
    await predict.getByLabel(/Rows/).fill('[{"x": 1, "y": 2, "z": 3}, {"x": "high", "y": 2, "z": 3}]');
    await page.getByTestId("predict-submit").click();
    await expect.poll(() => page.getByTestId("predict-error").textContent()).toMatch(/Row 2, field x/);

    // An alias and its audit trail (who: the dev-mode user, as AUTH_MODE=off signs every request in).
    const aliasForm = page.getByTestId("alias-form");
    await aliasForm.getByLabel("Alias", { exact: true }).fill("champion");
    await aliasForm.getByRole("button", { name: "Set alias" }).click();
    await expect
      .poll(() => page.getByTestId("alias-history").textContent())
      .toMatch(/champion\s*new → v1\s*dev@localhost/);
    expect(await page.getByTestId("alias-list").textContent()).toMatch(/champion → v1/);

    // The list shows the experiment with its metrics.
    await page.goto(`${server.url}/experiments`);
    await expect.poll(() => page.getByTestId("experiment-table").textContent()).toMatch(/Succeeded.*naive_bayes/);

    // A run an MLflow client starts while the page is open appears without a reload, and its metric as logged.
    const runId = await createMlflowRun("notebook-run");
    await page.getByTestId(`experiment-row-${runId}`).waitFor({ timeout: 15_000 });
    await mlflow("runs/log-metric", { run_id: runId, key: "accuracy", value: 0.875, timestamp: Date.now(), step: 0 });
    await expect.poll(() => page.getByTestId(`experiment-row-${runId}`).textContent()).toMatch(/0\.875|87\.5/);
    expect(browser.errors).toEqual([]);
  }, 180_000);

  it("runs a small AutoML search whose leaderboard fills live, then links its best model", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/automl`);
    const form = page.getByTestId("automl-form");
    await form.getByLabel("Name", { exact: true }).fill("tiny search");
    await form.getByLabel(/^Dataset/).selectOption({ label: HMP });
    await form.getByLabel("Target (column to predict)").selectOption("class");
    const algorithms = form.getByTestId("automl-algorithms");
    const checked = algorithms.getByRole("checkbox", { checked: true });
    while ((await checked.count()) > 0) await checked.first().uncheck();
    await algorithms.getByLabel("Gaussian naive Bayes").check();
    await form.getByLabel("CV folds").fill("2");
    await form.getByLabel("Time budget (seconds)").fill("40");
    await form.getByLabel("Max trials").fill("3");
    await page.getByTestId("start-automl").click();

    await page.waitForURL(/\/automl\/[^/]+$/);
    // The first finished trial appears while the search is still running (it can still be cancelled).
    await page.getByTestId("leaderboard-row").first().waitFor({ timeout: 90_000 });
    expect(await page.getByTestId("cancel-automl").isVisible()).toBe(true);
    expect(await page.getByTestId("leaderboard").textContent()).toMatch(/naive_bayes.*0\.\d{4}/);

    await page.getByTestId("automl-model-link").waitFor({ timeout: 120_000 });
    expect(await page.getByTestId("leaderboard-row").count()).toBe(3);
    expect(await page.getByTestId("automl-trials").textContent()).toMatch(/3 done/);
    await page.getByTestId("automl-experiment-link").click();
    await page.getByTestId("confusion-matrix").waitFor();
    await page.goBack();
    await page.getByTestId("automl-model-link").click();
    await page.getByRole("heading", { name: "tiny search", exact: true }).waitFor();

    // Two experiments side by side: the search's best (newest) and the form's (oldest; the MLflow run is between).
    await page.goto(`${server.url}/experiments`);
    const boxes = page.getByTestId("experiment-table").getByRole("checkbox");
    await expect.poll(() => boxes.count()).toBe(3);
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    await page.getByTestId("compare-selected").click();
    await expect.poll(() => page.getByTestId("compare-table").textContent()).toMatch(/Accuracy.*★/);
    await page.getByTestId("compare-chart").locator(".recharts-bar-rectangle").first().waitFor();
    expect(browser.errors).toEqual([]);
  }, 240_000);

  it("lists an MLflow run created while the page's socket was down once it reconnects, without a reload", async () => {
    // A page of its own, whose WebSocket the test drops and then holds back: no event can carry the new run.
    const page = await browser.context.newPage();
    let acked = false;
    let drop = (): void => undefined;
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let connections = 0;
    await page.routeWebSocket(/\/graphql$/, async (client) => {
      connections += 1;
      if (connections === 1) {
        const api = client.connectToServer();
        api.onMessage((message) => {
          if (String(message).includes('"connection_ack"')) acked = true;
          client.send(message);
        });
        drop = () => {
          void client.close({ code: 1012, reason: "service restart" });
          void api.close();
        };
        return;
      }
      // Reconnections wait for the release; what the page sends meanwhile is passed on once connected.
      const held: (string | Buffer)[] = [];
      let api: { send: (message: string | Buffer) => void } | null = null;
      client.onMessage((message) => (api !== null ? api.send(message) : held.push(message)));
      await released;
      api = client.connectToServer();
      for (const message of held) api.send(message);
    });
    try {
      await page.goto(`${server.url}/experiments`);
      await page.getByText(/^\d+ experiments$/).waitFor();
      await expect.poll(() => acked).toBe(true);
      drop();
      await expect.poll(() => connections, { timeout: 15_000 }).toBe(2);
      const runId = await createMlflowRun("created-while-offline");
      expect(await page.getByTestId(`experiment-row-${runId}`).count()).toBe(0);
      release();
      await page.getByTestId(`experiment-row-${runId}`).waitFor({ timeout: 15_000 });
    } finally {
      await page.close();
    }
  }, 60_000);
});
