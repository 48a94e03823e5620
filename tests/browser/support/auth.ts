/**
 * Signing in for browser tests, the way a user does: the initial admin's credentials from DATA_DIR/initial-admin.txt
 * (written by the server on its first start with AUTH_MODE=required), typed into the real sign-in page.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";

export interface Credentials {
  email: string;
  password: string;
}

/** The initial admin's email and password; waits a little for the file, which the server writes while starting. */
export async function initialAdmin(dataDir: string, timeoutMs = 10_000): Promise<Credentials> {
  const file = path.join(dataDir, "initial-admin.txt");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const text = await readFile(file, "utf8");
      const email = /^email: (.+)$/m.exec(text)?.[1]?.trim();
      const password = /^password: (.+)$/m.exec(text)?.[1]?.trim();
      if (email !== undefined && password !== undefined) return { email, password };
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`no credentials in ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fills the sign-in form on the current page and submits it (the page must be on /sign-in). */
export async function submitSignIn(page: Page, credentials: Credentials): Promise<void> {
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByTestId("sign-in").click();
}

/**
 * Opens `path` and signs in through the sign-in page it redirects to, then waits to be back on `path`. The refresh
 * token stays in the browser profile's localStorage: later `page.goto`s in the same browser stay signed in.
 */
export async function signIn(page: Page, baseUrl: string, credentials: Credentials, pathname = "/dashboard") {
  await page.goto(`${baseUrl}${pathname}`);
  await page.waitForURL(/\/sign-in/);
  await submitSignIn(page, credentials);
  await page.waitForURL((url) => url.pathname === pathname.split("?")[0]);
}
