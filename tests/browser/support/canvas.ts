/** Canvas gestures for browser tests: drag a palette step onto the canvas, connect two nodes, read statuses. */
import { expect } from "vitest";
import type { Page } from "playwright-core";

export const node = (page: Page, nodeId: string) => page.locator(`[data-testid="node-${nodeId}"]`);

/** Drags the palette item of `kindId` onto the canvas at (x, y) relative to the canvas's top-left corner. */
export async function dropStep(page: Page, kindId: string, at: { x: number; y: number }): Promise<void> {
  await page.dragAndDrop(
    `[data-testid="palette-item-${kindId}"]`,
    '[data-testid="pipeline-canvas"] .react-flow__pane',
    {
      targetPosition: at,
    },
  );
}

/** Drags from `source`'s output handle to `target`'s input handle with the mouse, as a user does. */
export async function connect(page: Page, source: string, target: string): Promise<void> {
  const from = await node(page, source).locator(".react-flow__handle.source").boundingBox();
  const to = await node(page, target).locator(".react-flow__handle.target").first().boundingBox();
  if (from === null || to === null) throw new Error(`handles of ${source} → ${target} are not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Waits until the node shows `status` (its `data-status`). */
export async function waitForStatus(page: Page, nodeId: string, status: string, timeout = 60_000): Promise<void> {
  await node(page, nodeId)
    .and(page.locator(`[data-status="${status}"]`))
    .waitFor({ timeout });
  expect(await node(page, nodeId).getAttribute("data-status")).toBe(status);
}
