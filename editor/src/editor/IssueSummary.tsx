import { useContext } from "react";
import type { IssueIndex } from "../flow/issues";
import { IssuesContext } from "../flow/issues-context";
import { useStoreSelector } from "../lib/store";
import { useEditor } from "./editor-context";

const selectAll = (index: IssueIndex) => index.all;

/** The side panel with no single step selected: the last save's problems, and how to edit. */
export function IssueSummary({ selectedCount }: { selectedCount: number }) {
  const issues = useStoreSelector(useContext(IssuesContext), selectAll);
  const { store } = useEditor();
  return (
    <div className="issue-summary">
      {issues.length > 0 && (
        <section aria-labelledby="issues-title" role="alert">
          <h2 id="issues-title" className="node-panel__section-title">
            Not saved: {issues.length === 1 ? "1 problem" : `${issues.length} problems`}
          </h2>
          <ul className="issue-list">
            {issues.map((issue, index) => (
              <li key={index}>
                <code className="error-code">{issue.code}</code> {issue.message}
                {issue.nodeIds.length > 0 && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => store.dispatch({ type: "select", nodeIds: issue.nodeIds })}
                  >
                    Show
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {selectedCount > 1 ? (
        <p className="muted">{selectedCount} steps selected: Ctrl+D duplicates them, Delete removes them.</p>
      ) : (
        <div className="hints">
          <h2 className="node-panel__section-title">Editing</h2>
          <ul className="muted">
            <li>Drag steps from the palette (or press one) to add them.</li>
            <li>Drag from a step’s right handle to another’s left handle to connect them.</li>
            <li>Select a step to configure it; right-click for more.</li>
            <li>
              <kbd>Del</kbd> delete · <kbd>Ctrl+D</kbd> duplicate · <kbd>Ctrl+Z</kbd> undo · <kbd>Ctrl+Shift+Z</kbd>{" "}
              redo · <kbd>Ctrl+S</kbd> save
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
