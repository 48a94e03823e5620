/** Where a large pipeline's canvas opens. Pure. */

/** Above this many steps the canvas renders only what is on screen and opens at a readable zoom. */
export const LARGE_PIPELINE_NODES = 300;

/** The zoom a large pipeline opens at: labels readable, a few dozen steps on screen. */
export const LARGE_PIPELINE_ZOOM = 0.6;

/**
 * The viewport that shows the top-left of the DAG (where its sources usually are) at `zoom`, with a margin. A fit
 * of a 1,000-step DAG would shrink every step to a few unreadable pixels and put all of them on screen at once.
 */
export function topLeftViewport(
  positions: ReadonlyArray<{ position: { x: number; y: number } }>,
  zoom = LARGE_PIPELINE_ZOOM,
  margin = 40,
): { x: number; y: number; zoom: number } {
  if (positions.length === 0) return { x: margin, y: margin, zoom };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (const { position } of positions) {
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
  }
  return { x: margin - minX * zoom, y: margin - minY * zoom, zoom };
}
