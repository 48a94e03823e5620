import { useCallback, useMemo } from "react";
import type { EditorState } from "../flow/editor-state";
import { fieldErrorsOf, withoutConfigIssues } from "../flow/issues";
import { useNodeIssues } from "../flow/issues-context";
import type { ExecutionInput } from "../flow/to-flow";
import { ConfigForm } from "../forms/ConfigForm";
import { NodeRunDetails } from "../run/NodeRunDetails";
import { useEditor, useEditorState } from "./editor-context";
import { ExecutionSettings } from "./ExecutionSettings";
import { NodeInputs } from "./NodeInputs";

/**
 * The selected step: label, config form (from its kind's JSON Schema, with the server's errors on their fields),
 * inputs, execution settings, and its state in the run on screen. Reads the node's `data` only, which keeps its
 * identity while the node is dragged.
 */
export function NodePanel({ nodeId, onPreview }: { nodeId: string; onPreview: (nodeId: string) => void }) {
  const { store, kinds, issues: issuesStore } = useEditor();
  const data = useEditorState(
    useCallback((state: EditorState) => state.nodes.find((n) => n.id === nodeId)?.data, [nodeId]),
  );
  const issues = useNodeIssues(nodeId);
  const fieldErrors = useMemo(() => fieldErrorsOf(issues), [issues]);
  const kind = data === undefined ? undefined : kinds.get(data.kind);

  const onConfigChange = useCallback(
    (config: Record<string, unknown>) => {
      store.dispatch({ type: "updateNode", nodeId, patch: { config }, coalesceKey: `config:${nodeId}` });
      // The server's errors on this config described the old one: they go until the next save checks again.
      issuesStore.dispatch(withoutConfigIssues(issuesStore.getState(), nodeId));
    },
    [store, issuesStore, nodeId],
  );
  const onExecutionChange = useCallback(
    (execution: ExecutionInput | null) =>
      store.dispatch({ type: "updateNode", nodeId, patch: { execution }, coalesceKey: `execution:${nodeId}` }),
    [store, nodeId],
  );
  if (data === undefined) return null;
  const otherIssues = issues.filter((issue) => issue.field == null);

  return (
    <section className="node-panel" aria-labelledby="node-panel-title" data-testid="node-panel">
      <header className="node-panel__header">
        <p className="node-panel__kind">
          {data.title} <code>{nodeId}</code>
        </p>
        <h2 id="node-panel-title" className="visually-hidden">
          Step {data.label}
        </h2>
        <label className="field">
          <span>Label</span>
          <input
            className="input"
            value={data.label}
            maxLength={200}
            onChange={(event) =>
              store.dispatch({
                type: "updateNode",
                nodeId,
                patch: { label: event.target.value },
                coalesceKey: `label:${nodeId}`,
              })
            }
          />
        </label>
        {kind !== undefined && <p className="muted node-panel__description">{kind.description}</p>}
        {kind === undefined && (
          <p className="panel--warning">This step kind ({data.kind}) is not in the server’s catalog: it cannot run.</p>
        )}
      </header>

      {otherIssues.length > 0 && (
        <ul className="issue-list" role="alert" aria-label="Problems with this step">
          {otherIssues.map((issue, index) => (
            <li key={index}>
              <code className="error-code">{issue.code}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}

      <NodeRunDetails nodeId={nodeId} onPreview={onPreview} />

      {kind !== undefined && (
        <section className="node-panel__config" aria-label="Configuration">
          <h3 className="node-panel__section-title">Configuration</h3>
          <ConfigForm
            key={nodeId}
            formId={`cfg-${nodeId}`}
            schema={kind.configSchema}
            config={data.config}
            fieldErrors={fieldErrors}
            onChange={onConfigChange}
          />
        </section>
      )}

      <NodeInputs nodeId={nodeId} maxInputs={kind?.maxInputs} />
      <ExecutionSettings nodeId={nodeId} execution={data.execution} onChange={onExecutionChange} />

      <div className="node-panel__actions">
        <button
          type="button"
          className="button"
          onClick={() => store.dispatch({ type: "duplicate", nodeIds: [nodeId] })}
        >
          Duplicate <kbd>Ctrl+D</kbd>
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => store.dispatch({ type: "deleteElements", nodeIds: [nodeId] })}
        >
          Delete <kbd>Del</kbd>
        </button>
      </div>
    </section>
  );
}
