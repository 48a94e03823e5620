import { useApolloClient } from "@apollo/client/react";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useCan } from "../auth/auth-context";
import { editorReducer, initialEditorState } from "../flow/editor-state";
import { indexIssues, NO_ISSUES } from "../flow/issues";
import { createIssuesStore, IssuesContext } from "../flow/issues-context";
import { LARGE_PIPELINE_NODES } from "../flow/initial-viewport";
import { layoutDag, withVisiblePositions } from "../flow/layout";
import { newStepNode } from "../flow/new-node";
import { ESTIMATED_NODE_SIZE, fromFlow, toFlow, type Dag, type StepFlowEdge, type StepFlowNode } from "../flow/to-flow";
import { uniqueId } from "../flow/unique-id";
import { defaultConfigOf } from "../forms/config-validator";
import type { PipelineEditorFieldsFragment } from "../graphql/generated/graphql";
import { createStore, useStoreSelector } from "../lib/store";
import {
  DeletePipelineMutation,
  DuplicatePipelineMutation,
  RunPipelineMutation,
  UpdatePipelineMutation,
} from "../pages/pipeline/pipeline-mutations";
import { NO_RUN, OverlayContext } from "../run/overlay-context";
import { RunPanel } from "../run/RunPanel";
import { useRunOverlay } from "../run/use-run-overlay";
import { describeError } from "../ui/describe-error";
import { ConfirmDialog } from "../ui/Dialog";
import { ConflictDialog } from "./ConflictDialog";
import { ContextMenu, type MenuItem } from "./ContextMenu";
import { downloadText } from "./download";
import { EditorCanvas, type ContextMenuTarget } from "./EditorCanvas";
import {
  EditorContext,
  selectCanRedo,
  selectCanUndo,
  selectDirty,
  selectSelectedNodeIds,
  selectSoleSelectedNodeId,
  type EditorServices,
  type Notice,
  type StepKind,
} from "./editor-context";
import { EditorToolbar } from "./EditorToolbar";
import { IssueSummary } from "./IssueSummary";
import { NodePanel } from "./NodePanel";
import { Palette } from "./Palette";
import { parsePipelineFile, pipelineFile, pipelineFileName } from "./pipeline-file";
import { RunParamsDialog } from "./RunParamsDialog";
import { ScheduleDialog } from "./ScheduleDialog";
import type { EditorCommand } from "./shortcuts";
import { useEditorKeys } from "./use-editor-keys";
import { useUnsavedGuard } from "./use-unsaved-guard";

type Pipeline = PipelineEditorFieldsFragment;

/** React Flow nodes and edges for a DAG; a large one gets its geometry up front, so only what is visible renders. */
function flowOf(dag: Dag, kinds: readonly StepKind[]): { nodes: StepFlowNode[]; edges: StepFlowEdge[] } {
  return toFlow(withVisiblePositions(dag), kinds, { estimatedGeometry: dag.nodes.length > LARGE_PIPELINE_NODES });
}
const FIT_VIEW = { padding: 0.15, duration: 200 };

/** The rectangle around all steps, with unmeasured ones at their estimated size. */
function boundsOf(nodes: readonly StepFlowNode[]): { x: number; y: number; width: number; height: number } {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const node of nodes) {
    const width = node.measured?.width ?? ESTIMATED_NODE_SIZE.width;
    const height = node.measured?.height ?? ESTIMATED_NODE_SIZE.height;
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + width);
    maxY = Math.max(maxY, node.position.y + height);
  }
  // One step alone would be blown up to fill the canvas: keep at least a node-sized neighbourhood.
  const width = Math.max(maxX - minX, 600);
  const height = Math.max(maxY - minY, 300);
  return { x: minX - (width - (maxX - minX)) / 2, y: minY - (height - (maxY - minY)) / 2, width, height };
}

/**
 * The pipeline editor: palette, canvas, the selected step's panel, and the live run under it. Mount it keyed by
 * pipeline id: it reads `pipeline` once and from then on owns the draft (saving, reloading on conflict).
 */
export function PipelineEditor({ pipeline, kinds }: { pipeline: Pipeline; kinds: readonly StepKind[] }) {
  return (
    <ReactFlowProvider>
      <EditorWorkspace pipeline={pipeline} kinds={kinds} />
    </ReactFlowProvider>
  );
}

function EditorWorkspace({ pipeline, kinds }: { pipeline: Pipeline; kinds: readonly StepKind[] }) {
  const client = useApolloClient();
  const navigate = useNavigate();
  const flow = useReactFlow<StepFlowNode, StepFlowEdge>();
  const [searchParams, setSearchParams] = useSearchParams();
  const runId = searchParams.get("run");
  const kindMap = useMemo(() => new Map(kinds.map((kind) => [kind.id, kind])), [kinds]);

  const [store] = useState(() => {
    const { nodes, edges } = flowOf(pipeline, kinds);
    return createStore(editorReducer, initialEditorState(nodes, edges));
  });
  const [issues] = useState(createIssuesStore);
  // The server's copy: version for expectedVersion, name and params for runs and exports.
  const [saved, setSaved] = useState<Pipeline>(pipeline);
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback((next: Notice) => setNotice(next), []);
  useEffect(() => {
    if (notice === null) return undefined;
    const timer = setTimeout(() => setNotice(null), notice.tone === "error" ? 12_000 : 5_000);
    return () => clearTimeout(timer);
  }, [notice]);
  const services = useMemo<EditorServices>(
    () => ({ store, kinds: kindMap, issues, notify }),
    [store, kindMap, issues, notify],
  );

  const dirty = useStoreSelector(store, selectDirty);
  const canUndo = useStoreSelector(store, selectCanUndo);
  const canRedo = useStoreSelector(store, selectCanRedo);
  const selectedNodeId = useStoreSelector(store, selectSoleSelectedNodeId);
  // The panel's form is heavy to mount: rendered at low priority, so selecting a step (which a drag does on its
  // first frame) never holds up the canvas.
  const panelNodeId = useDeferredValue(selectedNodeId);
  const selectedIds = useStoreSelector(store, selectSelectedNodeIds);
  const [busy, setBusy] = useState<"saving" | "running" | "deleting" | null>(null);
  const [conflict, setConflict] = useState<Pipeline | null>(null);
  const [dialog, setDialog] = useState<"delete" | "params" | "schedule" | null>(null);
  // Viewers may look (and try things on the canvas) but not save, run or delete: the API would refuse it anyway.
  const canEdit = useCan("EDITOR");
  const [menu, setMenu] = useState<ContextMenuTarget | null>(null);
  const [previewNodeId, setPreviewNodeId] = useState<string | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const importRef = useRef<HTMLInputElement>(null);
  const leaving = useRef(false);
  const blocker = useUnsavedGuard(dirty, () => leaving.current);
  const live = useRunOverlay(runId);

  /** Saves the canvas; resolves to the saved pipeline, or null when it was not saved (and why is on screen). */
  const save = async (expectedVersion = savedRef.current.version): Promise<Pipeline | null> => {
    const state = store.getState();
    const revisionAtSave = state.revision;
    const dag = fromFlow(state.nodes, state.edges);
    setBusy("saving");
    try {
      const { data } = await client.mutate({
        mutation: UpdatePipelineMutation,
        variables: { id: pipeline.id, expectedVersion, input: { nodes: dag.nodes, edges: dag.edges } },
      });
      const result = data?.updatePipeline;
      if (result === undefined) throw new Error("The API answered without a result.");
      switch (result.__typename) {
        case "Pipeline": {
          const { nodes, edges } = flowOf(result, kinds);
          store.dispatch({ type: "saved", nodes, edges, revisionAtSave });
          setSaved(result);
          issues.dispatch(NO_ISSUES);
          setConflict(null);
          notify({ tone: "info", message: `Saved as version ${result.version}.` });
          return result;
        }
        case "InvalidPipeline":
          issues.dispatch(indexIssues(result.issues));
          notify({
            tone: "error",
            message: `Not saved: ${result.issues.length === 1 ? "1 problem" : `${result.issues.length} problems`} — ${result.issues[0]?.message ?? result.message}`,
          });
          return null;
        case "VersionConflict":
          setConflict(result.current);
          return null;
      }
    } catch (error) {
      notify({ tone: "error", message: `Not saved: ${describeError(error)[0]?.message ?? "unknown error"}` });
      return null;
    } finally {
      setBusy(null);
    }
  };

  const startRun = async (params?: Record<string, unknown>): Promise<void> => {
    let current: Pipeline | null = savedRef.current;
    if (store.getState().revision !== store.getState().savedRevision) current = await save();
    if (current === null) return;
    if (current.params.length > 0 && params === undefined) {
      setDialog("params");
      return;
    }
    setDialog(null);
    setBusy("running");
    try {
      const { data } = await client.mutate({
        mutation: RunPipelineMutation,
        variables: { pipelineId: pipeline.id, params: params ?? null },
      });
      if (data) {
        setPreviewNodeId(null);
        setSearchParams({ run: data.runPipeline.id });
      }
    } catch (error) {
      notify({ tone: "error", message: `Run not started: ${describeError(error)[0]?.message ?? "unknown error"}` });
    } finally {
      setBusy(null);
    }
  };

  // fitBounds over every step, measured or not: React Flow's fitView leaves out steps it never measured, which with
  // onlyRenderVisibleElements are all those never scrolled into view.
  const fitView = (): void => {
    const { nodes } = store.getState();
    if (nodes.length > 0) void flow.fitBounds(boundsOf(nodes), FIT_VIEW);
  };
  // Opening or closing the run panel resizes the canvas: fit the pipeline into its new size.
  const hasRun = runId !== null;
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const { nodes } = store.getState();
      if (nodes.length > 0 && nodes.length <= LARGE_PIPELINE_NODES) void flow.fitBounds(boundsOf(nodes), FIT_VIEW);
    });
    return () => cancelAnimationFrame(frame);
  }, [hasRun, flow, store]);
  const autoLayout = (): void => {
    const { nodes, edges } = store.getState();
    const positions = layoutDag(
      nodes.map((n) => ({ id: n.id, width: n.measured?.width, height: n.measured?.height })),
      edges,
    );
    store.dispatch({ type: "moveNodes", positions });
    // After React Flow has the new positions.
    requestAnimationFrame(fitView);
  };
  const exportFile = (): void => {
    const { nodes, edges } = store.getState();
    const file = pipelineFile(savedRef.current, fromFlow(nodes, edges));
    downloadText(pipelineFileName(savedRef.current.name), `${JSON.stringify(file, null, 2)}\n`);
  };
  const importFile = async (file: File): Promise<void> => {
    const parsed = parsePipelineFile(await file.text());
    if (!parsed.ok) {
      notify({ tone: "error", message: `Not imported: ${parsed.error}` });
      return;
    }
    const { nodes, edges } = flowOf(parsed.file, kinds);
    store.dispatch({ type: "replaceDag", nodes, edges });
    issues.dispatch(NO_ISSUES);
    requestAnimationFrame(fitView);
    notify({
      tone: "info",
      message: `Imported ${nodes.length} steps from ${file.name}: review, then save (Undo reverts).`,
    });
  };
  const duplicatePipeline = async (): Promise<void> => {
    try {
      const { data } = await client.mutate({
        mutation: DuplicatePipelineMutation,
        variables: { id: pipeline.id, name: null },
        refetchQueries: ["PipelineList"],
      });
      const result = data?.duplicatePipeline;
      if (result?.__typename === "Pipeline") {
        notify({ tone: "info", message: `Copied the saved version as “${result.name}”.` });
        void navigate(`/pipelines/${encodeURIComponent(result.id)}`);
      } else if (result !== undefined) {
        notify({ tone: "error", message: `Not copied: ${result.message}` });
      }
    } catch (error) {
      notify({ tone: "error", message: `Not copied: ${describeError(error)[0]?.message ?? "unknown error"}` });
    }
  };
  const deletePipeline = async (): Promise<void> => {
    setBusy("deleting");
    try {
      await client.mutate({ mutation: DeletePipelineMutation, variables: { id: pipeline.id } });
      const cacheId = client.cache.identify({ __typename: "Pipeline", id: pipeline.id });
      if (cacheId !== undefined) client.cache.evict({ id: cacheId });
      client.cache.gc();
      leaving.current = true;
      void navigate("/pipelines");
    } catch (error) {
      setDialog(null);
      notify({ tone: "error", message: `Not deleted: ${describeError(error)[0]?.message ?? "unknown error"}` });
    } finally {
      setBusy(null);
    }
  };
  const addStep = (kind: StepKind): void => {
    const rect = canvasRef.current?.getBoundingClientRect();
    const centre = rect
      ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
      : { x: 0, y: 0 };
    const taken = new Set(store.getState().nodes.map((n) => n.id));
    const id = uniqueId(kind.id.replace(/^extract_/, ""), taken);
    // Offset by how many steps exist so repeated adds do not stack exactly.
    const offset = (taken.size % 6) * 24;
    const node = newStepNode(
      kind,
      id,
      { x: centre.x - 105 + offset, y: centre.y - 40 + offset },
      defaultConfigOf(kind.configSchema),
    );
    store.dispatch({ type: "addNode", node });
  };
  const selectedList = (): string[] => (selectedIds === "" ? [] : selectedIds.split("\u0000"));

  const runCommand = (command: EditorCommand): void => {
    switch (command) {
      case "delete":
        store.dispatch({ type: "deleteSelection" });
        return;
      case "duplicate":
        store.dispatch({ type: "duplicate", nodeIds: selectedList() });
        return;
      case "undo":
        store.dispatch({ type: "undo" });
        return;
      case "redo":
        store.dispatch({ type: "redo" });
        return;
      case "save":
        if (canEdit && store.getState().revision !== store.getState().savedRevision) void save();
        return;
      case "selectAll":
        store.dispatch({ type: "select", nodeIds: store.getState().nodes.map((n) => n.id) });
        return;
    }
  };
  useEditorKeys(runCommand);

  const menuItems = (target: ContextMenuTarget): MenuItem[] => {
    switch (target.type) {
      case "node": {
        const ids = selectedList().length > 0 ? selectedList() : [target.id];
        const many = ids.length > 1 ? ` ${ids.length} steps` : "";
        return [
          {
            label: `Duplicate${many}`,
            shortcut: "Ctrl+D",
            onSelect: () => store.dispatch({ type: "duplicate", nodeIds: ids }),
          },
          {
            label: `Delete${many}`,
            shortcut: "Del",
            danger: true,
            onSelect: () => store.dispatch({ type: "deleteElements", nodeIds: ids }),
          },
          ...(live.store?.getState()?.nodes[target.id]?.status === "SUCCEEDED"
            ? [{ label: "Preview output", onSelect: () => setPreviewNodeId(target.id) }]
            : []),
        ];
      }
      case "edge":
        return [
          {
            label: "Delete connection",
            shortcut: "Del",
            danger: true,
            onSelect: () => store.dispatch({ type: "deleteElements", nodeIds: [], edgeIds: [target.id] }),
          },
        ];
      case "pane":
        return [
          { label: "Auto-layout", onSelect: autoLayout },
          { label: "Fit view", onSelect: fitView },
          {
            label: "Select all",
            shortcut: "Ctrl+A",
            onSelect: () => runCommand("selectAll"),
          },
        ];
    }
  };

  const runNodes = useMemo(() => live.run?.snapshot.nodes.map((n) => ({ id: n.id, label: n.label })) ?? [], [live.run]);

  return (
    <EditorContext value={services}>
      <IssuesContext value={issues}>
        <OverlayContext value={live.store ?? NO_RUN}>
          <section className="page page--full editor" aria-labelledby="pipeline-title">
            <title>{`${dirty ? "• " : ""}${saved.name} · Millrace`}</title>
            <header className="editor__header">
              <div className="editor__title">
                <Link className="back-link" to="/pipelines">
                  ← All pipelines
                </Link>
                <h1 id="pipeline-title">{saved.name}</h1>
                <span className="muted">v{saved.version}</span>
                {dirty ? (
                  <span className="dirty-indicator" data-testid="dirty-indicator" role="status">
                    ● Unsaved changes
                  </span>
                ) : (
                  <span className="saved-indicator" data-testid="saved-indicator" role="status">
                    All changes saved
                  </span>
                )}
              </div>
              <EditorToolbar
                dirty={dirty}
                saving={busy === "saving"}
                running={busy === "running"}
                canUndo={canUndo}
                canRedo={canRedo}
                onSave={() => void save()}
                onRun={() => void startRun()}
                onUndo={() => runCommand("undo")}
                onRedo={() => runCommand("redo")}
                onLayout={autoLayout}
                onFitView={fitView}
                onExport={exportFile}
                onImport={() => importRef.current?.click()}
                onDuplicatePipeline={() => void duplicatePipeline()}
                onDeletePipeline={() => setDialog("delete")}
                onSchedule={() => setDialog("schedule")}
                schedule={saved.schedule ? (saved.schedule.enabled ? "enabled" : "paused") : "none"}
                canEdit={canEdit}
              />
              <input
                ref={importRef}
                type="file"
                accept="application/json,.json"
                hidden
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = "";
                  if (file) void importFile(file);
                }}
              />
            </header>
            <div className="notice-area" aria-live="polite">
              {notice !== null && (
                <p
                  className={`notice notice--${notice.tone}`}
                  data-testid="notice"
                  role={notice.tone === "error" ? "alert" : "status"}
                >
                  {notice.message}
                  <button type="button" className="notice__close" aria-label="Dismiss" onClick={() => setNotice(null)}>
                    ✕
                  </button>
                </p>
              )}
            </div>
            <div className={runId === null ? "editor__body" : "editor__body editor__body--with-run"}>
              <Palette kinds={kinds} onAdd={addStep} />
              <div className="canvas editor__canvas" data-testid="pipeline-canvas" ref={canvasRef}>
                <EditorCanvas onContextMenu={setMenu} />
              </div>
              <aside className="editor__side" aria-label="Selected step">
                {panelNodeId !== null ? (
                  <NodePanel key={panelNodeId} nodeId={panelNodeId} onPreview={setPreviewNodeId} />
                ) : (
                  <IssueSummary selectedCount={selectedList().length} />
                )}
              </aside>
              {runId !== null && (
                <div className="editor__run">
                  <RunPanel
                    key={runId}
                    runId={runId}
                    nodes={runNodes}
                    previewNodeId={previewNodeId}
                    onPreviewChange={setPreviewNodeId}
                    onRetried={(id) => setSearchParams({ run: id })}
                    onClose={() => setSearchParams({})}
                  />
                </div>
              )}
            </div>
            {menu !== null && (
              <ContextMenu
                x={menu.x}
                y={menu.y}
                label={menu.type === "node" ? "Step" : menu.type === "edge" ? "Connection" : "Canvas"}
                items={menuItems(menu)}
                onClose={() => setMenu(null)}
              />
            )}
            {conflict !== null && (
              <ConflictDialog
                current={conflict}
                myVersion={saved.version}
                onCancel={() => setConflict(null)}
                onDownload={exportFile}
                onOverwrite={() => void save(conflict.version)}
                onReload={() => {
                  const { nodes, edges } = flowOf(conflict, kinds);
                  store.dispatch({ type: "reset", nodes, edges });
                  setSaved(conflict);
                  issues.dispatch(NO_ISSUES);
                  setConflict(null);
                  notify({ tone: "info", message: `Loaded version ${conflict.version}.` });
                }}
              />
            )}
            {dialog === "delete" && (
              <ConfirmDialog
                title={`Delete “${saved.name}”?`}
                confirmLabel="Delete pipeline"
                danger
                busy={busy === "deleting"}
                onCancel={() => setDialog(null)}
                onConfirm={() => void deletePipeline()}
              >
                <p>The pipeline, all its runs and their logs are deleted. This cannot be undone.</p>
              </ConfirmDialog>
            )}
            {dialog === "schedule" && (
              <ScheduleDialog
                pipeline={saved}
                readOnly={!canEdit}
                onClose={() => setDialog(null)}
                // Only the schedule changed on the server: the canvas draft stays as it is, on the new version.
                onSaved={(next) => setSaved(next)}
              />
            )}
            {dialog === "params" && (
              <RunParamsDialog
                params={saved.params}
                onCancel={() => setDialog(null)}
                onRun={(values) => void startRun(values)}
              />
            )}
            {blocker.state === "blocked" && (
              <ConfirmDialog
                title="Leave without saving?"
                confirmLabel="Leave and discard changes"
                danger
                onCancel={() => blocker.reset()}
                onConfirm={() => blocker.proceed()}
              >
                <p>This pipeline has unsaved changes. They are lost if you leave now.</p>
              </ConfirmDialog>
            )}
          </section>
        </OverlayContext>
      </IssuesContext>
    </EditorContext>
  );
}
