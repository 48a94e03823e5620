/** Cycle checks over a pipeline's edges. Pure. */

interface Arc {
  source: string;
  target: string;
}

/** Whether adding `source → target` to `edges` would close a cycle (a self-loop included). */
export function wouldCreateCycle(edges: readonly Arc[], source: string, target: string): boolean {
  if (source === target) return true;
  // A cycle appears exactly when `source` is already reachable from `target`.
  const next = successors(edges);
  const seen = new Set<string>([target]);
  const stack = [target];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (const after of next.get(node) ?? []) {
      if (after === source) return true;
      if (!seen.has(after)) {
        seen.add(after);
        stack.push(after);
      }
    }
  }
  return false;
}

/** The nodes of one cycle in `edges`, in order, or null when the graph is acyclic. */
export function findCycle(nodeIds: readonly string[], edges: readonly Arc[]): string[] | null {
  const next = successors(edges);
  // Iterative DFS with colours, so a 1,000-step chain cannot overflow the call stack.
  const state = new Map<string, "open" | "done">();
  for (const start of nodeIds) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const iterators: Array<Iterator<string>> = [];
    const enter = (node: string): void => {
      state.set(node, "open");
      path.push(node);
      iterators.push((next.get(node) ?? [])[Symbol.iterator]());
    };
    enter(start);
    while (iterators.length > 0) {
      const step = iterators[iterators.length - 1]!.next();
      if (step.done) {
        state.set(path.pop()!, "done");
        iterators.pop();
        continue;
      }
      const node = step.value;
      const seen = state.get(node);
      if (seen === "open") return path.slice(path.indexOf(node));
      if (seen === undefined) enter(node);
    }
  }
  return null;
}

function successors(edges: readonly Arc[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const list = next.get(edge.source);
    if (list === undefined) next.set(edge.source, [edge.target]);
    else list.push(edge.target);
  }
  return next;
}
