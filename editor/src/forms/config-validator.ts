/**
 * The JSON-Schema validator for config forms (rjsf + Ajv). The step schemas are JSON Schema 2020-12 but use only
 * keywords that draft-07 Ajv reads the same way; the custom formats are opaque strings here (the server checks SQL
 * and dataset ids at plan time), declared so Ajv does not warn about them.
 */
import type { RJSFSchema } from "@rjsf/utils";
import { getDefaultFormState } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";

const anything = /[\s\S]*/;

export const configValidator = customizeValidator({
  customFormats: { "sql-expression": anything, "sql-query": anything, "dataset-id": anything },
});

/** The config a new step starts with: the schema's defaults (required fields without one stay unset). */
export function defaultConfigOf(schema: Record<string, unknown>): Record<string, unknown> {
  const defaults: unknown = getDefaultFormState(configValidator, schema as RJSFSchema, {}, schema as RJSFSchema);
  return typeof defaults === "object" && defaults !== null && !Array.isArray(defaults)
    ? (defaults as Record<string, unknown>)
    : {};
}
