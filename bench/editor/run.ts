/**
 * Editor benchmark: a 1,000-node pipeline in headless Chromium (Debian's), against a real server. Measures the
 * canvas mount time (first render to all nodes measured and painted, from the editor's User Timing marks) and the
 * frame times while a node is dragged (requestAnimationFrame deltas during a scripted drag), then the same for a
 * 100-node pipeline dragged while one of its runs streams events onto the canvas. Prints one JSON line.
 *
 *   node --import tsx bench/editor/run.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { openBrowser } from "../../tests/browser/support/browser.js";
import { buildEditorIfNeeded, createPipeline, gql, startServer } from "../../tests/browser/support/server.js";
import { frameSummary } from "./frame-stats.js";
import { gridPipeline } from "./pipelines.js";

const DRAG_MOVES = 150;
/** Each drag is repeated and the median reported: frame times on a shared 2-core machine are noisy. */
const DRAG_REPEATS = 3;
const SETTLE_MS = 1_000;
const TARGETS = { mountMs: 1_000, p95FrameMs: 16.7 };
/** rAF deltas at 60 Hz scatter around 16.67 ms by a few hundredths: a 16.8 ms frame is an on-time frame. */
const VSYNC_JITTER_MS = 0.2;

interface Measurement {
  nodes: number;
  edges: number;
  mountMs: number;
  loadMs: number;
  drag: DragSummary;
  runEventsDuringDrag?: number;
}

/** Opens the pipeline, waits for the canvas, and returns the mount and load times from the page's marks. */
async function open(page: Page, url: string): Promise<{ mountMs: number; loadMs: number }> {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName("millrace:canvas-mount").length > 0, null, {
    timeout: 120_000,
  });
  // Let the page settle (catalog query, fonts, idle callbacks) as it would before a person starts dragging.
  await page.waitForTimeout(SETTLE_MS);
  return page.evaluate(() => {
    const mount = performance.getEntriesByName("millrace:canvas-mount")[0]!;
    const ready = performance.getEntriesByName("millrace:canvas-ready")[0]!;
    return { mountMs: Math.round(mount.duration), loadMs: Math.round(ready.startTime) };
  });
}

const FRAME_RECORDER = `(() => {
  const state = { recording: true, deltas: [], last: 0 };
  window.benchFrames = state;
  requestAnimationFrame(function tick(t) {
    if (state.last !== 0) state.deltas.push(t - state.last);
    state.last = t;
    if (state.recording) requestAnimationFrame(tick);
  });
})()`;

type DragSummary = ReturnType<typeof frameSummary> & { p95MsEachRepeat: number[] };

/** `DRAG_REPEATS` drags of one node: the summary of the repeat with the median p95, and every repeat's p95. */
async function measureDrag(page: Page, nodeId: string): Promise<DragSummary> {
  const summaries: Array<ReturnType<typeof frameSummary>> = [];
  for (let i = 0; i < DRAG_REPEATS; i++) summaries.push(frameSummary(await dragFrames(page, nodeId)));
  const sorted = [...summaries].sort((a, b) => a.p95Ms - b.p95Ms);
  return { ...sorted[Math.floor(sorted.length / 2)]!, p95MsEachRepeat: summaries.map((s) => s.p95Ms) };
}

/** Drags a node in a circle with the mouse while recording requestAnimationFrame deltas. */
async function dragFrames(page: Page, nodeId: string): Promise<number[]> {
  const box = await page.locator(`[data-testid="node-${nodeId}"]`).boundingBox();
  if (box === null) throw new Error(`node ${nodeId} is not on screen`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  // A string, not a function: tsx would compile a named inner function with a helper the page does not have.
  await page.evaluate(FRAME_RECORDER);
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= DRAG_MOVES; i++) {
    const angle = (i / DRAG_MOVES) * 2 * Math.PI;
    await page.mouse.move(x + 120 * Math.sin(angle) + i, y + 80 * (1 - Math.cos(angle)));
  }
  await page.mouse.up();
  return page.evaluate(() => {
    const state = (globalThis as unknown as { benchFrames: { recording: boolean; deltas: number[] } }).benchFrames;
    state.recording = false;
    return state.deltas;
  });
}

async function main(): Promise<void> {
  await buildEditorIfNeeded();
  const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-bench-editor-"));
  const server = await startServer({ env: { DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "error" } });
  const browser = await openBrowser({ viewport: { width: 1600, height: 1000 } });
  try {
    const { page } = browser;

    const big = gridPipeline("Bench: 1,000 steps", 25, 40);
    const bigId = await createPipeline(server.url, big);
    const bigOpen = await open(page, `${server.url}/pipelines/${bigId}`);
    const large: Measurement = {
      nodes: big.nodes.length,
      edges: big.edges.length,
      ...bigOpen,
      drag: await measureDrag(page, "r3c2"),
    };
    // The worst case: "Fit view" puts all 1,000 steps (and edges) on screen, drawn as plain boxes at that zoom.
    await page.getByRole("button", { name: "Fit view", exact: true }).click();
    await page.waitForTimeout(1_500);
    const nodesRendered = await page.locator(".react-flow__node").count();
    const fitAllDrag = await measureDrag(page, "r12c20");

    // The in-run baseline: 100 steps dragged while their run streams events into the overlay.
    const small = gridPipeline("Bench: 100 steps", 4, 25, 200_000);
    const smallId = await createPipeline(server.url, small);
    const smallOpen = await open(page, `${server.url}/pipelines/${smallId}`);
    await page.getByTestId("run").click();
    await page
      .locator('[data-testid="node-r0c0"][data-status="RUNNING"], [data-testid="node-r0c0"][data-status="SUCCEEDED"]')
      .waitFor();
    const runId = new URL(page.url()).searchParams.get("run")!;
    const seqBefore = await lastSeq(server.url, runId);
    const smallDrag = await measureDrag(page, "r2c12");
    const seqAfter = await lastSeq(server.url, runId);
    const baseline: Measurement = {
      nodes: small.nodes.length,
      edges: small.edges.length,
      ...smallOpen,
      drag: smallDrag,
      runEventsDuringDrag: seqAfter - seqBefore,
    };

    const chromium = browser.context.browser()?.version();
    console.log(
      JSON.stringify({
        benchmark: "editor",
        chromium: chromium ?? "unknown",
        // Other processes' load during the run (1-minute average, 2 cores): frame times depend on it.
        loadAverage: Math.round(os.loadavg()[0]! * 10) / 10,
        targets: TARGETS,
        large,
        largeAllOnScreen: { nodesRendered, drag: fitAllDrag },
        baseline,
        meetsTargets:
          large.mountMs < TARGETS.mountMs &&
          large.drag.p95Ms <= TARGETS.p95FrameMs + VSYNC_JITTER_MS &&
          baseline.drag.p95Ms <= TARGETS.p95FrameMs + VSYNC_JITTER_MS,
      }),
    );
  } finally {
    await browser.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function lastSeq(url: string, runId: string): Promise<number> {
  const data = await gql<{ run: { lastSeq: number } }>(url, `query($id: ID!) { run(id: $id) { lastSeq } }`, {
    id: runId,
  });
  return data.run.lastSeq;
}

await main();
