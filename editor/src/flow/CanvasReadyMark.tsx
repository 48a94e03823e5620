import { useStore } from "@xyflow/react";
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

const selectDomNode = (state: { domNode: HTMLDivElement | null }) => state.domNode;
const selectNodeCount = (state: { nodeLookup: Map<string, unknown> }) => state.nodeLookup.size;

/**
 * Marks the first frame in which every rendered node is measured and shown (React Flow hides a node until it has
 * measured it), and measures the mount from `markCanvasMountStart`. Counts rendered nodes, not all nodes: with
 * `onlyRenderVisibleElements` off-screen nodes are never measured. Renders nothing; place it inside `<ReactFlow>`.
 */
export function CanvasReadyMark() {
  const domNode = useStore(selectDomNode);
  const nodeCount = useStore(selectNodeCount);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (done || domNode === null) return undefined;
    let frame = 0;
    const check = (): void => {
      const rendered = domNode.querySelectorAll(".react-flow__node");
      const hidden = domNode.querySelectorAll('.react-flow__node[style*="visibility: hidden"]');
      if ((rendered.length > 0 || nodeCount === 0) && hidden.length === 0) {
        performance.mark(CANVAS_READY);
        performance.measure(CANVAS_MOUNT, CANVAS_MOUNT_START, CANVAS_READY);
        setDone(true);
        return;
      }
      frame = requestAnimationFrame(check);
    };
    frame = requestAnimationFrame(check);
    return () => cancelAnimationFrame(frame);
  }, [domNode, nodeCount, done]);
  return null;
}
