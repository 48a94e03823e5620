import { useCallback, useState } from "react";
import { checkConnection } from "../flow/connection-rules";
import type { EditorState } from "../flow/editor-state";
import { useEditor, useEditorState } from "./editor-context";

interface Incoming {
  edgeId: string;
  sourceLabel: string;
  handle: string;
}

const SEP = "\u0001";

/**
 * A node's incoming connections, editable without a mouse: remove one, or add one from any step that may feed
 * this one (the same rules as dragging a connection on the canvas). It selects a string of its own inputs, not the
 * node array, so moving other nodes does not re-render it.
 */
export function NodeInputs({ nodeId, maxInputs }: { nodeId: string; maxInputs: number | undefined }) {
  const { store, kinds, notify } = useEditor();
  const incomingKey = useEditorState(
    useCallback(
      (state: EditorState) =>
        state.edges
          .filter((e) => e.target === nodeId)
          .map((e) =>
            [e.id, state.nodes.find((n) => n.id === e.source)?.data.label ?? e.source, e.targetHandle ?? ""].join(SEP),
          )
          .join("\n"),
      [nodeId],
    ),
  );
  const incoming: Incoming[] =
    incomingKey === ""
      ? []
      : incomingKey.split("\n").map((line) => {
          const [edgeId = "", sourceLabel = "", handle = ""] = line.split(SEP);
          return { edgeId, sourceLabel, handle };
        });
  // Which steps may feed this one is worked out when the list is opened, not on every change.
  const [candidates, setCandidates] = useState<Array<{ id: string; label: string }>>([]);
  const refreshCandidates = (): void => {
    const { nodes, edges } = store.getState();
    setCandidates(
      nodes
        .filter((n) => checkConnection(nodes, edges, { source: n.id, target: nodeId }, kinds).ok)
        .map((n) => ({ id: n.id, label: n.data.label })),
    );
  };
  if (maxInputs === 0) return null;
  return (
    <fieldset className="node-inputs">
      <legend>Inputs</legend>
      {incoming.length === 0 ? (
        <p className="muted">Not connected.</p>
      ) : (
        <ul className="node-inputs__list">
          {incoming.map((edge) => (
            <li key={edge.edgeId}>
              <span>
                {edge.sourceLabel}
                {edge.handle !== "" && <span className="muted"> → {edge.handle}</span>}
              </span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Disconnect ${edge.sourceLabel}`}
                onClick={() => store.dispatch({ type: "deleteElements", nodeIds: [], edgeIds: [edge.edgeId] })}
              >
                Disconnect
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="field">
        <span>Add input from</span>
        <select
          className="input"
          value=""
          onFocus={refreshCandidates}
          onPointerDown={refreshCandidates}
          onChange={(event) => {
            const source = event.target.value;
            if (source === "") return;
            const state = store.getState();
            const verdict = checkConnection(state.nodes, state.edges, { source, target: nodeId }, kinds);
            if (verdict.ok) store.dispatch({ type: "connect", edge: { source, target: nodeId } });
            else notify({ tone: "error", message: verdict.reason });
          }}
        >
          <option value="">Choose a step…</option>
          {candidates.map((n) => (
            <option key={n.id} value={n.id}>
              {n.label} ({n.id})
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
