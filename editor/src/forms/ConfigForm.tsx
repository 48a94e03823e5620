import Form from "@rjsf/core";
import type { ErrorSchema, UiSchema } from "@rjsf/utils";
import { memo, useMemo } from "react";
import type { FieldErrors } from "../flow/issues";
import { configValidator } from "./config-validator";
import { formButtonTemplates } from "./form-buttons";

const uiSchema: UiSchema = { "ui:submitButtonOptions": { norender: true } };
const templates = { ButtonTemplates: formButtonTemplates };

/**
 * A step's config as a form generated from its kind's JSON Schema. Controlled: every edit goes to `onChange`
 * (the editor's reducer); the server's validation errors arrive as `fieldErrors` and show on their fields.
 */
export const ConfigForm = memo(function ConfigForm({
  formId,
  schema,
  config,
  fieldErrors,
  onChange,
  readOnly = false,
}: {
  /** Unique per node: prefixes the field ids. */
  formId: string;
  schema: Record<string, unknown>;
  config: Record<string, unknown>;
  fieldErrors: FieldErrors;
  onChange: (config: Record<string, unknown>) => void;
  readOnly?: boolean;
}) {
  // rjsf wants its own ErrorSchema type; FieldErrors has the same shape.
  const extraErrors = useMemo(() => fieldErrors as ErrorSchema, [fieldErrors]);
  // The schema's title is the kind's; the panel already says it.
  const formSchema = useMemo(() => ({ ...schema, title: undefined }), [schema]);
  return (
    <Form
      className="config-form"
      idPrefix={formId}
      schema={formSchema}
      uiSchema={uiSchema}
      templates={templates}
      formData={config}
      validator={configValidator}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      readonly={readOnly}
      onChange={(event, id) => {
        // A change without a field behind it is rjsf filling in defaults on mount: not an edit.
        if (id === undefined) return;
        const data: unknown = event.formData;
        onChange(typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {});
      }}
      onSubmit={() => undefined}
    />
  );
});
