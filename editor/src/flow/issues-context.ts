import { createContext, useCallback, useContext } from "react";
import { createStore, useStoreSelector, type Store } from "../lib/store";
import { NO_ISSUES, type IssueIndex, type PipelineIssue } from "./issues";

/** The last save's validation issues, replaced wholesale: `set` after a save, `clear` when it went through. */
export type IssuesStore = Store<IssueIndex, IssueIndex>;

export function createIssuesStore(): IssuesStore {
  return createStore((_state: IssueIndex, next: IssueIndex) => next, NO_ISSUES);
}

const NONE: IssuesStore = createIssuesStore();
const EMPTY: readonly PipelineIssue[] = [];

export const IssuesContext = createContext<IssuesStore>(NONE);

/** The issues naming this node (stable array identity while they do not change). */
export function useNodeIssues(nodeId: string): readonly PipelineIssue[] {
  const select = useCallback((index: IssueIndex) => index.byNode.get(nodeId) ?? EMPTY, [nodeId]);
  return useStoreSelector(useContext(IssuesContext), select);
}

export function useEdgeHasIssues(edgeId: string): boolean {
  const select = useCallback((index: IssueIndex) => index.byEdge.has(edgeId), [edgeId]);
  return useStoreSelector(useContext(IssuesContext), select);
}
