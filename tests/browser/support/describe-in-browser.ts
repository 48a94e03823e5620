import { describe } from "vitest";
import { runBrowserTests } from "./browser.js";

/** `describe` when Chromium is there or under CI (where its absence must fail), `describe.skip` otherwise. */
export const describeInBrowser = runBrowserTests ? describe : describe.skip;
