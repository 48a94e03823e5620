import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { Dialog } from "../../ui/Dialog";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { CreatePipelineMutation } from "../pipeline/pipeline-mutations";

/** Creates an empty pipeline under a name and opens it in the editor. */
export function NewPipelineButton() {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [createPipeline, { loading, error }] = useMutation(CreatePipelineMutation, {
    refetchQueries: ["PipelineList"],
  });
  const create = async (): Promise<void> => {
    setProblem(null);
    const { data } = await createPipeline({ variables: { input: { name: name.trim() } } });
    const result = data?.createPipeline;
    if (result?.__typename === "Pipeline") void navigate(`/pipelines/${encodeURIComponent(result.id)}`);
    else if (result?.__typename === "InvalidPipeline") setProblem(result.message);
  };
  return (
    <>
      <button type="button" className="button button--primary" data-testid="new-pipeline" onClick={() => setOpen(true)}>
        New pipeline
      </button>
      {open && (
        <Dialog
          title="New pipeline"
          onClose={() => setOpen(false)}
          testId="new-pipeline-dialog"
          actions={
            <>
              <button type="button" className="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button
                type="submit"
                form="new-pipeline-form"
                className="button button--primary"
                disabled={loading || name.trim() === ""}
              >
                Create
              </button>
            </>
          }
        >
          <form
            id="new-pipeline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim() !== "") void create().catch(() => undefined);
            }}
          >
            <label className="field">
              <span>Name</span>
              <input
                className="input"
                value={name}
                autoFocus
                maxLength={200}
                required
                onChange={(event) => setName(event.target.value)}
              />
            </label>
          </form>
          {problem !== null && <p className="notice notice--error">{problem}</p>}
          {error && <ErrorPanel title="Not created" error={error} />}
        </Dialog>
      )}
    </>
  );
}
