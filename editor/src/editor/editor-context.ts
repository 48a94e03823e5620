import { createContext, useContext } from "react";
import type { EditorAction, EditorState } from "../flow/editor-state";
import type { IssuesStore } from "../flow/issues-context";
import type { StepKindsQuery } from "../graphql/generated/graphql";
import { useStoreSelector, type Store } from "../lib/store";

export type StepKind = StepKindsQuery["stepKinds"][number];
export type EditorStore = Store<EditorState, EditorAction>;

export interface Notice {
  tone: "info" | "error";
  message: string;
}

/** What the editor's parts share: the state store, the catalog, the issues, and a way to tell the user. */
export interface EditorServices {
  store: EditorStore;
  kinds: ReadonlyMap<string, StepKind>;
  issues: IssuesStore;
  notify: (notice: Notice) => void;
}

export const EditorContext = createContext<EditorServices | null>(null);

export function useEditor(): EditorServices {
  const services = useContext(EditorContext);
  if (services === null) throw new Error("useEditor outside the pipeline editor");
  return services;
}

/** A slice of the editor state (`selector` must be stable and return a field or a primitive). */
export function useEditorState<T>(selector: (state: EditorState) => T): T {
  return useStoreSelector(useEditor().store, selector);
}

export const selectNodes = (state: EditorState) => state.nodes;
export const selectEdges = (state: EditorState) => state.edges;
export const selectCanUndo = (state: EditorState): boolean => state.past.length > 0;
export const selectCanRedo = (state: EditorState): boolean => state.future.length > 0;
export const selectDirty = (state: EditorState): boolean => state.revision !== state.savedRevision;
export const selectNodeCount = (state: EditorState): number => state.nodes.length;

/** The id of the one selected node, or null when none or several are selected. */
export function selectSoleSelectedNodeId(state: EditorState): string | null {
  let found: string | null = null;
  for (const node of state.nodes) {
    if (node.selected !== true) continue;
    if (found !== null) return null;
    found = node.id;
  }
  return found;
}

export function selectSelectedNodeIds(state: EditorState): string {
  // Joined into a string so the selector's result compares by value.
  return state.nodes
    .filter((n) => n.selected === true)
    .map((n) => n.id)
    .join("\u0000");
}
