/**
 * AUTH_MODE=off, the single-user dev mode: the editor detects it (the API answers `viewer` without a token) and works
 * without a sign-in page, as the local admin.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openBrowser, type BrowserSession } from "./support/browser.js";
import { describeInBrowser } from "./support/describe-in-browser.js";
import { buildEditorIfNeeded, startServer, type ServerProcess } from "./support/server.js";

let server: ServerProcess;
let browser: BrowserSession;
let dataDir: string;

describeInBrowser("the editor with AUTH_MODE=off", () => {
  beforeAll(async () => {
    await buildEditorIfNeeded();
    dataDir = await mkdtemp(path.join(tmpdir(), "millrace-browser-dev-"));
    server = await startServer({ env: { DATA_DIR: dataDir, SEED_DEMO: "false", AUTH_MODE: "off" } });
    browser = await openBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("opens straight on the page, as the local admin, with everything allowed and no sign-out", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/pipelines`);
    await page.getByRole("heading", { name: "Pipelines" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/pipelines");
    await page.getByTestId("new-pipeline").waitFor();
    await page.getByTestId("user-menu").click();
    expect(await page.getByTestId("user-menu").textContent()).toMatch(/Local dev mode\s*Admin/);
    expect(await page.getByTestId("sign-out").count()).toBe(0);
    await page.goto(`${server.url}/sign-in`);
    await page.waitForURL((url) => url.pathname === "/dashboard");
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
