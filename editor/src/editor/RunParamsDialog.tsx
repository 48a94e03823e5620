import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { useMemo, useState } from "react";
import { configValidator } from "../forms/config-validator";
import { formButtonTemplates } from "../forms/form-buttons";
import { Dialog } from "../ui/Dialog";
import { paramsSchema, paramValues, type DeclaredParam } from "./params-schema";

const uiSchema: UiSchema = { "ui:submitButtonOptions": { norender: true } };
const templates = { ButtonTemplates: formButtonTemplates };

/** Asks for the values of the pipeline's params before a run (defaults pre-filled). */
export function RunParamsDialog({
  params,
  onRun,
  onCancel,
}: {
  params: readonly DeclaredParam[];
  onRun: (values: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const schema = useMemo(() => paramsSchema(params) as RJSFSchema, [params]);
  const [values, setValues] = useState<Record<string, unknown>>({});
  return (
    <Dialog
      title="Run with parameters"
      onClose={onCancel}
      testId="run-params-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={() => onRun(paramValues(values))}>
            Run
          </button>
        </>
      }
    >
      <Form
        className="config-form"
        idPrefix="run-params"
        schema={schema}
        uiSchema={uiSchema}
        templates={templates}
        formData={values}
        validator={configValidator}
        showErrorList={false}
        noHtml5Validate
        onChange={(event) => setValues((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={() => onRun(paramValues(values))}
      />
    </Dialog>
  );
}
