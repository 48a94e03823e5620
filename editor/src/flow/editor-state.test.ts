import { describe, expect, it } from "vitest";
import {
  editorReducer,
  HISTORY_LIMIT,
  initialEditorState,
  isDirty,
  type EditorAction,
  type EditorState,
} from "./editor-state";
import type { StepFlowNode } from "./to-flow";

const node = (id: string, x = 0): StepFlowNode => ({
  id,
  type: "step",
  position: { x, y: 0 },
  data: {
    label: id.toUpperCase(),
    kind: "filter",
    title: "Filter rows",
    category: "TRANSFORM",
    config: { where: "x > 1" },
    execution: null,
    hasInput: true,
    inputHandles: [],
    hasOutput: true,
  },
});

const start = (): EditorState =>
  initialEditorState([node("a"), node("b", 300), node("c", 600)], [{ id: "a-b", source: "a", target: "b" }]);

const run = (state: EditorState, ...actions: EditorAction[]): EditorState => actions.reduce(editorReducer, state);

describe("editorReducer", () => {
  it("starts clean and becomes dirty on a pipeline change", () => {
    const state = start();
    expect(isDirty(state)).toBe(false);
    const connected = run(state, { type: "connect", edge: { source: "b", target: "c" } });
    expect(connected.edges.map((e) => e.id)).toEqual(["a-b", "b-c"]);
    expect(isDirty(connected)).toBe(true);
  });

  it("does not count selection or measured sizes as changes", () => {
    const state = run(
      start(),
      { type: "nodesChanged", changes: [{ type: "select", id: "a", selected: true }] },
      { type: "nodesChanged", changes: [{ type: "dimensions", id: "a", dimensions: { width: 210, height: 80 } }] },
      { type: "edgesChanged", changes: [{ type: "select", id: "a-b", selected: true }] },
    );
    expect(isDirty(state)).toBe(false);
    expect(state.past).toHaveLength(0);
    expect(state.nodes[0]!.selected).toBe(true);
  });

  it("makes a whole drag one undo step, and a click that moves nothing no step at all", () => {
    const drag = (x: number, dragging: boolean): EditorAction => ({
      type: "nodesChanged",
      changes: [{ type: "position", id: "a", position: { x, y: 0 }, dragging }],
    });
    const clicked = run(start(), drag(0, true), drag(0, false));
    expect(clicked.past).toHaveLength(0);

    const dragged = run(start(), drag(10, true), drag(20, true), drag(30, true), drag(30, false));
    expect(dragged.nodes[0]!.position).toEqual({ x: 30, y: 0 });
    expect(dragged.past).toHaveLength(1);
    const secondDrag = run(dragged, drag(40, true), drag(40, false));
    expect(secondDrag.past).toHaveLength(2);
    expect(run(secondDrag, { type: "undo" }).nodes[0]!.position).toEqual({ x: 30, y: 0 });
  });

  it("undoes and redoes, and is clean again when undone back to the saved state", () => {
    const edited = run(start(), { type: "updateNode", nodeId: "a", patch: { label: "Renamed" } });
    expect(edited.nodes[0]!.data.label).toBe("Renamed");
    const undone = run(edited, { type: "undo" });
    expect(undone.nodes[0]!.data.label).toBe("A");
    expect(isDirty(undone)).toBe(false);
    const redone = run(undone, { type: "redo" });
    expect(redone.nodes[0]!.data.label).toBe("Renamed");
    expect(isDirty(redone)).toBe(true);
    // A new change after undo drops the redo branch.
    const branched = run(undone, { type: "deleteElements", nodeIds: ["c"] });
    expect(branched.future).toHaveLength(0);
    expect(run(branched, { type: "redo" })).toBe(branched);
  });

  it("merges consecutive edits with one coalesce key into one undo step", () => {
    const typed = run(
      start(),
      { type: "updateNode", nodeId: "a", patch: { config: { where: "x" } }, coalesceKey: "config:a" },
      { type: "updateNode", nodeId: "a", patch: { config: { where: "x >" } }, coalesceKey: "config:a" },
      { type: "updateNode", nodeId: "a", patch: { config: { where: "x > 2" } }, coalesceKey: "config:a" },
    );
    expect(typed.past).toHaveLength(1);
    expect(run(typed, { type: "undo" }).nodes[0]!.data.config).toEqual({ where: "x > 1" });
  });

  it("deletes the selection with the edges of deleted nodes, as one undo step", () => {
    const selected = run(start(), { type: "select", nodeIds: ["b"] });
    const deleted = run(selected, { type: "deleteSelection" });
    expect(deleted.nodes.map((n) => n.id)).toEqual(["a", "c"]);
    expect(deleted.edges).toEqual([]);
    expect(deleted.past).toHaveLength(1);
    expect(run(deleted, { type: "undo" }).edges).toHaveLength(1);
  });

  it("duplicates nodes with fresh ids, offset, selected, with the edges between them", () => {
    const copied = run(start(), { type: "duplicate", nodeIds: ["a", "b"] });
    const copies = copied.nodes.slice(3);
    expect(copies.map((n) => n.id)).toEqual(["a-2", "b-2"]);
    expect(copies[0]!.position).toEqual({ x: 40, y: 40 });
    expect(copies[0]!.data.label).toBe("A (copy)");
    expect(copies.every((n) => n.selected === true)).toBe(true);
    expect(copied.nodes.slice(0, 3).some((n) => n.selected === true)).toBe(false);
    expect(copied.edges.map((e) => e.id)).toEqual(["a-b", "a-2-b-2"]);
    // Duplicating a copy does not stack suffixes.
    expect(run(copied, { type: "duplicate", nodeIds: ["a-2"] }).nodes.at(-1)!.id).toBe("a-3");
  });

  it("ignores a duplicate connection and names edges by their ends", () => {
    const state = run(start(), { type: "connect", edge: { source: "a", target: "b" } });
    expect(state.edges).toHaveLength(1);
    const handled = run(start(), { type: "connect", edge: { source: "a", target: "c", targetHandle: "left" } });
    expect(handled.edges[1]).toEqual({ id: "a-c-left", source: "a", target: "c", targetHandle: "left" });
  });

  it("moves nodes by an auto-layout in one step", () => {
    const laidOut = run(start(), {
      type: "moveNodes",
      positions: new Map([
        ["a", { x: 5, y: 5 }],
        ["b", { x: 305, y: 5 }],
      ]),
    });
    expect(laidOut.nodes.map((n) => n.position.x)).toEqual([5, 305, 600]);
    expect(laidOut.past).toHaveLength(1);
  });

  it("marks the saved revision, keeping edits made while the save was in flight", () => {
    const edited = run(start(), { type: "updateNode", nodeId: "a", patch: { label: "One" } });
    const revisionAtSave = edited.revision;
    const serverCopy = edited.nodes.map((n) => ({ ...n, data: { ...n.data } }));

    const clean = run(edited, { type: "saved", nodes: serverCopy, edges: edited.edges, revisionAtSave });
    expect(isDirty(clean)).toBe(false);

    const editedAgain = run(edited, { type: "updateNode", nodeId: "b", patch: { label: "Two" } });
    const stillDirty = run(editedAgain, { type: "saved", nodes: serverCopy, edges: edited.edges, revisionAtSave });
    expect(isDirty(stillDirty)).toBe(true);
    expect(stillDirty.nodes[1]!.data.label).toBe("Two");
    // Undoing the in-flight edit gets back to exactly what was saved.
    expect(isDirty(run(stillDirty, { type: "undo" }))).toBe(false);
  });

  it("keeps at most HISTORY_LIMIT undo steps", () => {
    let state = start();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) {
      state = editorReducer(state, { type: "updateNode", nodeId: "a", patch: { label: `L${i}` } });
    }
    expect(state.past).toHaveLength(HISTORY_LIMIT);
  });

  it("resets to a reloaded pipeline: clean, no history", () => {
    const edited = run(start(), { type: "deleteElements", nodeIds: ["a"] });
    const reset = run(edited, { type: "reset", nodes: [node("z")], edges: [] });
    expect(reset.nodes.map((n) => n.id)).toEqual(["z"]);
    expect(isDirty(reset)).toBe(false);
    expect(reset.past).toEqual([]);
  });
});
