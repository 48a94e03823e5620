import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { StepKindLookup, StepKindRules } from "../pipelines/dag.js";
import { STEP_KINDS } from "./catalog.js";
import type { StepKindInfo } from "./step-kind.js";

/** The catalog with compiled config validators; lookups for the DAG validator and the GraphQL `stepKinds` query. */
export class StepRegistry {
  private readonly byId = new Map<string, { info: StepKindInfo; rules: StepKindRules }>();

  constructor(kinds: readonly StepKindInfo[] = STEP_KINDS) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, useDefaults: false });
    // Formats whose real check needs the data engine or the store; here they only mark the field for the editor.
    for (const format of ["sql-expression", "sql-query", "dataset-id"]) ajv.addFormat(format, true);
    for (const info of kinds) {
      const validate = ajv.compile(info.configSchema);
      this.byId.set(info.id, {
        info,
        rules: {
          minInputs: info.minInputs,
          maxInputs: info.maxInputs,
          checkConfig: (config) => problems(validate, config),
        },
      });
    }
  }

  list(): StepKindInfo[] {
    return [...this.byId.values()].map((entry) => entry.info);
  }

  get(id: string): StepKindInfo | undefined {
    return this.byId.get(id)?.info;
  }

  readonly lookup: StepKindLookup = (kind) => this.byId.get(kind)?.rules;
}

function problems(
  validate: ValidateFunction,
  config: Record<string, unknown>,
): Array<{ field: string; message: string }> {
  if (validate(config)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => ({
    field: fieldOf(error),
    message: messageOf(error),
  }));
}

function fieldOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") return `${error.instancePath}/${String(params["missingProperty"])}`;
  if (error.keyword === "additionalProperties") return `${error.instancePath}/${String(params["additionalProperty"])}`;
  return error.instancePath || "/";
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a known setting";
    case "enum":
      return `must be one of ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return error.message ?? "is invalid";
  }
}
