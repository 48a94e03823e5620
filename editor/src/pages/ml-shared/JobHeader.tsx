import { useMutation } from "@apollo/client/react";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useState, type ReactNode } from "react";
import { useCan } from "../../auth/auth-context";
import { ConfirmDialog } from "../../ui/Dialog";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { PageHeader } from "../../ui/Page";
import { ignore } from "./reload";

/**
 * The header of a job's page (a training, a search): back link, name and subtitle, and while the job is active a
 * "Cancel …" button for editors that asks first, runs `cancelMutation` and then `onCancelled`.
 */
export function JobHeader({
  back,
  titleId,
  title,
  subtitle,
  jobId,
  active,
  cancelMutation,
  noun,
  consequence,
  testId,
  onCancelled,
}: {
  back: { to: string; label: string };
  titleId: string;
  title: string;
  subtitle: ReactNode;
  jobId: string;
  active: boolean;
  cancelMutation: TypedDocumentNode<unknown, { id: string }>;
  /** "training": "Cancel training", "Cancel this training?". */
  noun: string;
  /** What cancelling does, in the confirmation. */
  consequence: string;
  /** Of the cancel button. */
  testId: string;
  onCancelled: () => void;
}) {
  const canEdit = useCan("EDITOR");
  const [confirming, setConfirming] = useState(false);
  const [cancel, { loading, error }] = useMutation(cancelMutation);
  return (
    <>
      <PageHeader titleId={titleId} title={title} subtitle={subtitle} back={back}>
        {active && canEdit && (
          <div className="page__actions">
            <button
              type="button"
              className="button button--danger"
              data-testid={testId}
              onClick={() => setConfirming(true)}
            >
              {`Cancel ${noun}`}
            </button>
          </div>
        )}
      </PageHeader>
      {confirming && (
        <ConfirmDialog
          title={`Cancel this ${noun}?`}
          confirmLabel={`Cancel ${noun}`}
          danger
          busy={loading}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            void cancel({ variables: { id: jobId } })
              .then(() => onCancelled())
              .catch(ignore)
              .finally(() => setConfirming(false));
          }}
        >
          <p>{consequence}</p>
        </ConfirmDialog>
      )}
      {error && <ErrorPanel title="Not cancelled" error={error} />}
    </>
  );
}
