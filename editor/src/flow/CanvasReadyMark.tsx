import { useNodesInitialized } from "@xyflow/react";
import { useEffect, useState } from "react";

/** User Timing names: the benchmark (bench/editor) reads them; DevTools' Performance panel shows them. */
export const CANVAS_MOUNT_START = "millrace:canvas-mount-start";
export const CANVAS_READY = "millrace:canvas-ready";
export const CANVAS_MOUNT = "millrace:canvas-mount";

/** Marks the start of a canvas mount; call from the component that renders `<ReactFlow>`, once. */
export function markCanvasMountStart(): void {
  performance.clearMarks(CANVAS_READY);
  performance.mark(CANVAS_MOUNT_START);
}

/**
 * Marks when every node has been measured and painted (and measures the mount from `markCanvasMountStart`), so
 * mount time can be measured in the browser that renders it. Renders nothing; place it inside `<ReactFlow>`.
 */
export function CanvasReadyMark() {
  const initialized = useNodesInitialized();
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!initialized || done) return undefined;
    // The frame after the nodes were measured is the one that shows them.
    const frame = requestAnimationFrame(() => {
      performance.mark(CANVAS_READY);
      performance.measure(CANVAS_MOUNT, CANVAS_MOUNT_START, CANVAS_READY);
      setDone(true);
    });
    return () => cancelAnimationFrame(frame);
  }, [initialized, done]);
  return null;
}
