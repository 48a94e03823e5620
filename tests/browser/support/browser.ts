/**
 * Debian's Chromium driven by playwright-core (no downloaded browsers). Browser tests skip when it is missing on a
 * developer machine, and fail under CI, where a missing browser is a broken setup rather than a reason to skip.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Whether browser tests run: Chromium is there, or this is CI (where its absence must fail, not skip). */
export const runBrowserTests = existsSync(CHROMIUM_PATH) || process.env["CI"] === "true";

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged, for assertions and for failure messages. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh Chromium profile (its own --user-data-dir), one page, 1440×900. */
export async function openBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), "millrace-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
