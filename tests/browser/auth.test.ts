/**
 * Signing in, the shell's user menu, administration in Settings and schedules, in a real browser against a real
 * server with auth required. Access tokens live 10 s here, so pages renew them (over HTTP and on the WebSocket,
 * which the server closes with 4403 when its token expires) many times during the file.
 */
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { initialAdmin, submitSignIn, type Credentials } from "./support/auth.js";
import { openBrowser, type BrowserSession } from "./support/browser.js";
import { node } from "./support/canvas.js";
import { describeInBrowser } from "./support/describe-in-browser.js";
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
let admin: Credentials;
const viewer: Credentials = { email: "vera.viewer@example.com", password: "viewer-password-123" };

describeInBrowser("signing in and administration in Chromium", () => {
  beforeAll(async () => {
    await buildEditorIfNeeded();
    dataDir = await mkdtemp(path.join(tmpdir(), "millrace-browser-auth-"));
    server = await startServer({
      env: {
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        AUTH_ACCESS_TTL_SECONDS: "10",
        // The webhook test's receiver listens on 127.0.0.1.
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      },
    });
    admin = await initialAdmin(dataDir);
    browser = await openBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses a wrong password with a clear error, then signs in and goes back to the page asked for", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/dashboard`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    await submitSignIn(page, { email: admin.email, password: "not-the-password" });
    await expect.poll(() => page.getByTestId("sign-in-error").textContent()).toBe("Wrong email or password.");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    // The password field is cleared and focused for another try; the keyboard alone signs in.
    expect(await page.getByLabel("Password").inputValue()).toBe("");
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "sign-in-error.png") });
    await page.getByLabel("Password").fill(admin.password);
    await page.keyboard.press("Enter");

    await page.waitForURL((url) => url.pathname === "/dashboard");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(await page.getByTestId("user-role").textContent()).toBe("Admin");

    // A deep link while signed out comes back to where it pointed after signing in — here the session is resumed
    // from the stored refresh token, with no form at all.
    await page.goto(`${server.url}/settings`);
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("creates a viewer and an API token in Settings; the token's secret is shown once and works", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings`);
    const users = page.getByTestId("users-section");
    await users.getByTestId(`user-row-${admin.email}`).waitFor();

    // The API's own check shows on the field.
    await users.getByLabel("Email").fill(viewer.email);
    await users.getByLabel("Password").fill("short");
    await users.getByTestId("new-user-form").getByLabel("Role", { exact: true }).selectOption("VIEWER");
    await users.getByTestId("create-user").click();
    await expect.poll(() => users.getByRole("alert").first().textContent()).toMatch(/12 characters/);

    await users.getByLabel("Password").fill(viewer.password);
    await users.getByTestId("create-user").click();
    await users.getByTestId(`user-row-${viewer.email}`).waitFor();
    expect(await users.getByLabel(`Role of ${viewer.email}`).inputValue()).toBe("VIEWER");

    const tokens = page.getByTestId("api-tokens-section");
    await tokens.getByLabel("Token name").fill("nightly CI");
    await tokens.getByLabel("Token role").selectOption("EDITOR");
    await tokens.getByTestId("create-token").click();
    const secret = (await tokens.getByTestId("secret-value").textContent()) ?? "";
    expect(secret).toMatch(/^mrt/);
    await tokens.getByTestId("token-row-nightly CI").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "settings-users-tokens.png") });

    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: "{ viewer { email role via } }" }),
    });
    expect(await response.json()).toEqual({
      data: { viewer: { email: admin.email, role: "EDITOR", via: "api-token" } },
    });

    // Shown once: gone after "Done", and only the row remains.
    await tokens.getByRole("button", { name: "Done" }).click();
    expect(await tokens.getByTestId("secret-value").count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("sets a schedule in the editor: the server's cron error on the field, then the next fire times", async () => {
    const { page } = browser;
    const id = await createPipeline(server.url, {
      name: "Nightly export",
      nodes: [{ id: "gen", kind: "extract_synthetic", config: { rows: 10 }, position: { x: 0, y: 0 } }],
      edges: [],
    });
    await page.goto(`${server.url}/pipelines/${id}`);
    await node(page, "gen").waitFor();
    await page.getByTestId("schedule").click();
    const dialog = page.getByTestId("schedule-dialog");
    await dialog.getByText("No schedule saved yet.").waitFor();

    // Five fields, so only the server can tell that minute 61 does not exist.
    await dialog.getByLabel("Cron").fill("61 3 * * *");
    await dialog.getByLabel("Time zone").fill("Europe/Oslo");
    await dialog.getByTestId("schedule-save").click();
    await expect.poll(() => dialog.locator(".field-error").first().textContent()).toMatch(/./);
    expect(await dialog.getByLabel("Cron").getAttribute("aria-invalid")).toBe("true");

    await dialog.getByLabel("Cron").fill("30 2 * * *");
    await dialog.getByLabel("When the previous run is still going").selectOption("QUEUE");
    await dialog.getByTestId("schedule-save").click();
    await expect.poll(() => dialog.getByTestId("next-fire-times").locator("li").count()).toBe(5);
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "schedule-dialog.png") });

    const saved = await gql<{ pipeline: { schedule: { cron: string; timezone: string; overlap: string } } }>(
      server.url,
      `query($id: ID!) { pipeline(id: $id) { schedule { cron timezone overlap } } }`,
      { id },
    );
    expect(saved.pipeline.schedule).toEqual({ cron: "30 2 * * *", timezone: "Europe/Oslo", overlap: "QUEUE" });
    await dialog.getByRole("button", { name: "Close" }).click();
    expect(await page.getByTestId("schedule").textContent()).toBe("Scheduled");

    // The list shows it too, with when it fires next.
    await page.getByRole("link", { name: "← All pipelines" }).click();
    await expect
      .poll(() => page.getByTestId(`pipeline-schedule-${id}`).textContent())
      .toMatch(/30 2 \* \* \*\s*next in/);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("keeps live updates through token expiry: the API closes the socket (4403), the page renews and reconnects", async () => {
    const { page } = browser;
    let sockets = 0;
    page.on("websocket", () => (sockets += 1));
    // The list subscribes to run changes for as long as it is open.
    await page.goto(`${server.url}/pipelines`);
    const row = page.getByRole("row", { name: /Nightly export/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Never run/);
    // Past the 10 s the socket's access token lives: the server closes it, the page reconnects with a renewed one.
    await expect.poll(() => sockets, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("reconnecting-banner").count()).toBe(0);

    // Still live: a run started elsewhere shows up in the list without a reload.
    const { pipelines } = await gql<{ pipelines: { nodes: Array<{ id: string }> } }>(
      server.url,
      `{ pipelines(first: 1, filter: { name: "Nightly export" }) { nodes { id } } }`,
    );
    await gql(server.url, `mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`, { id: pipelines.nodes[0]!.id });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/Succeeded/);
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it("manages a Slack-compatible webhook of one pipeline and shows its deliveries", async () => {
    const { page } = browser;
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        received.push(body);
        res.writeHead(200).end("ok");
      });
    });
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      await page.goto(`${server.url}/settings`);
      const section = page.getByTestId("webhooks-section");
      await section.getByRole("button", { name: "New webhook" }).click();
      const dialog = page.getByTestId("webhook-dialog");
      await dialog.getByLabel("Name").fill("Ops channel");
      await dialog.getByLabel("URL").fill(hookUrl);
      await dialog.getByLabel("Pipelines").selectOption({ label: "Nightly export" });
      await dialog.getByLabel("Run succeeded").check();
      await dialog.getByLabel("Format").selectOption("SLACK");
      await dialog.getByRole("button", { name: "Create webhook" }).click();
      expect((await section.getByTestId("secret-value").textContent())?.length).toBeGreaterThanOrEqual(16);
      const row = section.getByTestId("webhook-row-Ops channel");
      expect(await row.textContent()).toMatch(/Nightly export.*Run failed, Run succeeded.*Slack.*Enabled/);

      const { pipelines } = await gql<{ pipelines: { nodes: Array<{ id: string }> } }>(
        server.url,
        `{ pipelines(first: 1, filter: { name: "Nightly export" }) { nodes { id } } }`,
      );
      await gql(server.url, `mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`, {
        id: pipelines.nodes[0]!.id,
      });
      await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(received[0]!)).toHaveProperty("text");
      const deliveries = row.getByRole("button", { name: "Deliveries" });
      await expect
        .poll(
          async () => {
            if ((await deliveries.getAttribute("aria-expanded")) === "true") await deliveries.click();
            await deliveries.click();
            await section.getByTestId("deliveries-table").or(section.getByText("No deliveries yet")).first().waitFor();
            return (await section.getByTestId("deliveries-table").count()) > 0
              ? section.getByTestId("deliveries-table").textContent()
              : "";
          },
          { timeout: 20_000 },
        )
        .toMatch(/Run succeeded\s*Delivered\s*1\s*200/);
      await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "settings-webhooks.png") });

      await row.getByRole("button", { name: "Edit…" }).click();
      await dialog.getByLabel("Enabled").uncheck();
      await dialog.getByRole("button", { name: "Save webhook" }).click();
      await expect.poll(() => row.textContent()).toMatch(/Disabled/);

      await row.getByRole("button", { name: "Delete…" }).click();
      await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete webhook" }).click();
      await row.waitFor({ state: "detached" });
      expect(browser.errors).toEqual([]);
    } finally {
      receiver.close();
    }
  }, 90_000);

  it("signs out from the user menu; a viewer then sees pipelines read-only", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/pipelines`);
    await page.getByTestId("user-menu").click();
    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/sign-in/);
    // Signed out for real: the stored refresh token is gone, so a reload stays on the sign-in page.
    await page.goto(`${server.url}/pipelines`);
    await page.waitForURL(/\/sign-in\?next=%2Fpipelines/);

    await submitSignIn(page, viewer);
    await page.waitForURL((url) => url.pathname === "/pipelines");
    expect(await page.getByTestId("user-role").textContent()).toBe("Viewer");
    await page.getByRole("link", { name: "Nightly export" }).waitFor();
    expect(await page.getByTestId("new-pipeline").count()).toBe(0);

    await page.getByRole("link", { name: "Nightly export" }).click();
    await node(page, "gen").waitFor();
    await page.getByTestId("read-only").waitFor();
    for (const action of ["save", "run", "delete-pipeline"]) expect(await page.getByTestId(action).count()).toBe(0);
    await page.getByTestId("user-menu").click();
    await page.getByTestId("sign-out").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, "editor-read-only.png") });
    await page.keyboard.press("Escape");
    // Settings: their own API tokens, no user administration.
    await page.goto(`${server.url}/settings`);
    await page.getByTestId("api-tokens-section").waitFor();
    expect(await page.getByTestId("users-section").count()).toBe(0);

    // Their own password: the current one is checked; the page goes on with the session the change returned.
    const password = page.getByTestId("change-password-section");
    await password.getByLabel("Current password").fill("not-my-password");
    await password.getByLabel("New password").fill("a brand new passphrase");
    await password.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => password.getByRole("alert").first().textContent()).toMatch(/current password is wrong/);
    await password.getByLabel("Current password").fill(viewer.password);
    await password.getByLabel("New password").fill("a brand new passphrase");
    await password.getByRole("button", { name: "Change password" }).click();
    await password.getByRole("status").waitFor();
    await page.reload();
    await page.getByTestId("api-tokens-section").waitFor();
    expect(await page.getByTestId("user-role").textContent()).toBe("Viewer");
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
