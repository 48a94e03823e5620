import type { PipelineEditorFieldsFragment } from "../graphql/generated/graphql";
import { Dialog } from "../ui/Dialog";
import { RelativeTime } from "../ui/RelativeTime";

/**
 * Someone saved a newer version while this one was being edited. Nothing is decided for the user: keep editing,
 * download this version, overwrite theirs with it, or load theirs (dropping these changes, after a download).
 */
export function ConflictDialog({
  current,
  myVersion,
  onOverwrite,
  onReload,
  onDownload,
  onCancel,
}: {
  current: PipelineEditorFieldsFragment;
  myVersion: number;
  onOverwrite: () => void;
  onReload: () => void;
  onDownload: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      title="This pipeline was changed elsewhere"
      onClose={onCancel}
      testId="conflict-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Keep editing
          </button>
          <button type="button" className="button" onClick={onDownload}>
            Download my version
          </button>
          <button type="button" className="button button--danger" onClick={onReload}>
            Load version {current.version} (discard mine)
          </button>
          <button type="button" className="button button--primary" onClick={onOverwrite}>
            Overwrite with mine
          </button>
        </>
      }
    >
      <p>
        You were editing version {myVersion}; version {current.version} was saved{" "}
        <RelativeTime iso={current.updatedAt} /> ({current.nodes.length} steps). Your changes are not saved yet and are
        still on the canvas.
      </p>
      <p className="muted">
        “Overwrite with mine” saves your canvas as version {current.version + 1}, replacing the other changes.
      </p>
    </Dialog>
  );
}
