import type { ReactNode } from "react";

export interface ToolbarProps {
  dirty: boolean;
  saving: boolean;
  running: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onSave: () => void;
  onRun: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onFitView: () => void;
  onExport: () => void;
  onImport: () => void;
  onDuplicatePipeline: () => void;
  onDeletePipeline: () => void;
  onSchedule: () => void;
  /** The schedule's state for the button: none, on, or paused. */
  schedule: "none" | "enabled" | "paused";
  /** The user's role may change pipelines (Editor or Admin); a Viewer gets no save, run, import, copy or delete. */
  canEdit: boolean;
}

function Tool({
  onClick,
  disabled,
  children,
  hint,
  testId,
  primary,
}: {
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
  hint?: string;
  testId?: string;
  primary?: boolean;
}) {
  return (
    <button
      type="button"
      className={primary ? "button button--primary" : "button"}
      onClick={onClick}
      disabled={disabled}
      title={hint}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

/** The editor's commands. Every one also has a key or a context-menu entry, listed in the hints. */
export function EditorToolbar(props: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Pipeline editor">
      <div className="toolbar__group">
        <Tool onClick={props.onUndo} disabled={!props.canUndo} hint="Undo (Ctrl+Z)" testId="undo">
          Undo
        </Tool>
        <Tool onClick={props.onRedo} disabled={!props.canRedo} hint="Redo (Ctrl+Shift+Z)" testId="redo">
          Redo
        </Tool>
      </div>
      <div className="toolbar__group">
        <Tool onClick={props.onLayout} hint="Arrange the steps left to right" testId="auto-layout">
          Auto-layout
        </Tool>
        <Tool onClick={props.onFitView} hint="Show the whole pipeline">
          Fit view
        </Tool>
      </div>
      <div className="toolbar__group">
        <Tool onClick={props.onExport} hint="Download the pipeline as JSON">
          Export
        </Tool>
        {props.canEdit && (
          <>
            <Tool onClick={props.onImport} hint="Replace the canvas with a pipeline JSON file (undoable)">
              Import
            </Tool>
            <Tool onClick={props.onDuplicatePipeline} hint="Copy the saved pipeline under a new name">
              Duplicate
            </Tool>
            <Tool onClick={props.onDeletePipeline} hint="Delete the pipeline and its runs" testId="delete-pipeline">
              Delete
            </Tool>
          </>
        )}
      </div>
      <div className="toolbar__group">
        <Tool
          onClick={props.onSchedule}
          hint={props.canEdit ? "Run this pipeline on a cron schedule" : "See this pipeline's schedule"}
          testId="schedule"
        >
          {props.schedule === "none" ? "Schedule" : props.schedule === "enabled" ? "Scheduled" : "Schedule paused"}
        </Tool>
      </div>
      {props.canEdit ? (
        <div className="toolbar__group">
          <Tool onClick={props.onSave} disabled={props.saving || !props.dirty} hint="Save (Ctrl+S)" testId="save">
            {props.saving ? "Saving…" : "Save"}
          </Tool>
          <Tool
            onClick={props.onRun}
            disabled={props.saving || props.running}
            hint={props.dirty ? "Save, then run the saved version" : "Run the saved version"}
            testId="run"
            primary
          >
            {props.running ? "Starting…" : props.dirty ? "Save & run" : "Run"}
          </Tool>
        </div>
      ) : (
        <span
          className="read-only-badge"
          data-testid="read-only"
          title="Your role (Viewer) may read pipelines, not change or run them"
        >
          Read only
        </span>
      )}
    </div>
  );
}
