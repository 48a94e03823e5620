/**
 * The server's plan-time validation issues (`InvalidPipeline.issues`), indexed for the canvas (per node, per edge)
 * and turned into the config form's error schema (issues with a `field` JSON pointer). Pure.
 */

/** A `DagIssue` as the API returns it. */
export interface PipelineIssue {
  code: string;
  message: string;
  nodeIds: readonly string[];
  edgeIds: readonly string[];
  field?: string | null | undefined;
}

export interface IssueIndex {
  all: readonly PipelineIssue[];
  byNode: ReadonlyMap<string, readonly PipelineIssue[]>;
  byEdge: ReadonlyMap<string, readonly PipelineIssue[]>;
}

export const NO_ISSUES: IssueIndex = { all: [], byNode: new Map(), byEdge: new Map() };

export function indexIssues(issues: readonly PipelineIssue[]): IssueIndex {
  if (issues.length === 0) return NO_ISSUES;
  const byNode = new Map<string, PipelineIssue[]>();
  const byEdge = new Map<string, PipelineIssue[]>();
  const add = (map: Map<string, PipelineIssue[]>, id: string, issue: PipelineIssue): void => {
    const list = map.get(id);
    if (list === undefined) map.set(id, [issue]);
    else list.push(issue);
  };
  for (const issue of issues) {
    for (const id of issue.nodeIds) add(byNode, id, issue);
    for (const id of issue.edgeIds) add(byEdge, id, issue);
  }
  return { all: issues, byNode, byEdge };
}

/** The index without one node's config issues: shown until that config is edited, then stale until next save. */
export function withoutConfigIssues(index: IssueIndex, nodeId: string): IssueIndex {
  const stale = (issue: PipelineIssue): boolean => issue.code === "INVALID_CONFIG" && issue.nodeIds.includes(nodeId);
  if (!index.all.some(stale)) return index;
  return indexIssues(index.all.filter((issue) => !stale(issue)));
}

/** An rjsf `ErrorSchema`: `{ field: { __errors: [...] }, list: { 0: { … } } }`. */
export interface FieldErrors {
  __errors?: string[];
  [key: string]: FieldErrors | string[] | undefined;
}

/** The form errors of one node's issues that name a `field` (JSON pointer into its config). */
export function fieldErrorsOf(issues: readonly PipelineIssue[]): FieldErrors {
  const root: FieldErrors = {};
  for (const issue of issues) {
    if (issue.field == null) continue;
    let at = root;
    for (const segment of parsePointer(issue.field)) {
      const child = at[segment];
      if (child === undefined || Array.isArray(child)) {
        const created: FieldErrors = {};
        at[segment] = created;
        at = created;
      } else {
        at = child;
      }
    }
    (at.__errors ??= []).push(fieldMessage(issue.message));
  }
  return root;
}

/** RFC 6901: "/columns/0/a~1b" → ["columns", "0", "a/b"]. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `node "s" config /rows: must be >= 1` → `must be >= 1`: the field already says where. */
function fieldMessage(message: string): string {
  return message.replace(/^node ".*?" config \S*: /, "");
}
