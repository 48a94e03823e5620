/**
 * Typed pipeline parameters: a run's values are checked against the pipeline's declarations and completed with
 * defaults; string settings of a node may refer to them as `${name}`. Pure.
 */
import { BadInputError } from "../common/errors.js";
import type { PipelineParamSpec } from "../store/records.js";

export type ParamValues = Record<string, string | number | boolean>;

/** Checks given values against the declarations; fills defaults; a parameter without default must be given. */
export function resolveParams(
  specs: readonly PipelineParamSpec[],
  given: Record<string, unknown> | null | undefined,
): ParamValues {
  const values: ParamValues = {};
  const known = new Map(specs.map((s) => [s.name, s]));
  for (const name of Object.keys(given ?? {})) {
    if (!known.has(name)) {
      const names = specs.map((s) => s.name).join(", ") || "none";
      throw new BadInputError(`params.${name}`, `is not a parameter of this pipeline (declared: ${names})`);
    }
  }
  for (const spec of specs) {
    const value = given?.[spec.name] ?? spec.default;
    if (value === null || value === undefined)
      throw new BadInputError(`params.${spec.name}`, "is required (it has no default)");
    const expected = spec.type === "STRING" ? "string" : spec.type === "NUMBER" ? "number" : "boolean";
    if (typeof value !== expected || (typeof value === "number" && !Number.isFinite(value))) {
      throw new BadInputError(`params.${spec.name}`, `must be a ${expected}, got ${JSON.stringify(value)}`);
    }
    values[spec.name] = value as string | number | boolean;
  }
  return values;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${name}` in every string of a node config by the parameter's value; unknown names are left as they are. */
export function substituteParams<T>(config: T, values: ParamValues): T {
  if (typeof config === "string") {
    return config.replace(REFERENCE, (whole, name: string) => (name in values ? String(values[name]) : whole)) as T;
  }
  if (Array.isArray(config)) return config.map((item: unknown) => substituteParams(item, values)) as T;
  if (config !== null && typeof config === "object") {
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, substituteParams(v, values)])) as T;
  }
  return config;
}
