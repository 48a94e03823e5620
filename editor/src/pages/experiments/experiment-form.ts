/**
 * The new-experiment form as data: algorithm params read from `mlAlgorithms` (each param's type, range and
 * default), typed text turned into param values, and the whole form turned into a `CreateExperimentInput`, with
 * every problem named by its field before anything is sent. Pure.
 */
import type { CreateExperimentInput } from "../../graphql/generated/graphql";
import { categoricalFeatures, checkDataChoice, type DataChoice } from "../ml-shared/data-choice";

/** One hyper-parameter of an algorithm, as `mlAlgorithms.params` describes it. */
export interface ParamSpec {
  name: string;
  type: "int" | "number" | "boolean" | "enum" | "enumOrNumber";
  default: unknown;
  min: number | null;
  max: number | null;
  /** Named choices (enum, enumOrNumber). */
  values: Array<string | boolean>;
  nullable: boolean;
  doc: string;
}

const TYPES = new Set(["int", "number", "boolean", "enum", "enumOrNumber"]);

/** The params of an algorithm from its `params` JSON (unknown shapes are left out). */
export function paramSpecs(params: Readonly<Record<string, unknown>>): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (raw === null || typeof raw !== "object") continue;
    const spec = raw as Record<string, unknown>;
    const type = spec["type"];
    if (typeof type !== "string" || !TYPES.has(type)) continue;
    const values = Array.isArray(spec["values"])
      ? spec["values"].filter((v): v is string | boolean => typeof v === "string" || typeof v === "boolean")
      : [];
    specs.push({
      name,
      type: type as ParamSpec["type"],
      default: spec["default"] ?? null,
      min: typeof spec["min"] === "number" ? spec["min"] : null,
      max: typeof spec["max"] === "number" ? spec["max"] : null,
      values,
      nullable: spec["nullable"] === true,
      doc: typeof spec["doc"] === "string" ? spec["doc"] : "",
    });
  }
  return specs;
}

export type ParamParse = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * A param's typed text as its value. Empty text means "the default" (`undefined`: the param is left out);
 * "null" clears a nullable param. Ranges are left to the API, which names the param when one is off.
 */
export function parseParam(spec: ParamSpec, text: string): ParamParse {
  const t = text.trim();
  if (t === "") return { ok: true, value: undefined };
  if (spec.nullable && t.toLowerCase() === "null") return { ok: true, value: null };
  switch (spec.type) {
    case "boolean":
      if (t === "true" || t === "false") return { ok: true, value: t === "true" };
      return { ok: false, error: "must be true or false" };
    case "enum": {
      const found = spec.values.find((v) => String(v) === t);
      return found !== undefined
        ? { ok: true, value: found }
        : { ok: false, error: `must be one of ${spec.values.join(", ")}` };
    }
    case "enumOrNumber": {
      const found = spec.values.find((v) => String(v) === t);
      if (found !== undefined) return { ok: true, value: found };
      const n = Number(t);
      return Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, error: `must be a number or one of ${spec.values.join(", ")}` };
    }
    case "int": {
      const n = Number(t);
      return Number.isInteger(n) ? { ok: true, value: n } : { ok: false, error: "must be a whole number" };
    }
    case "number": {
      const n = Number(t);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: "must be a number" };
    }
  }
}

export interface ExperimentForm extends DataChoice {
  name: string;
  algorithm: string;
  /** Param name → typed text. */
  params: Readonly<Record<string, string>>;
  split: "holdout" | "cv";
  testFraction: string;
  cvFolds: string;
  seed: string;
}

export type FormErrors = Partial<Record<string, string>>;

export type BuiltInput = { ok: true; input: CreateExperimentInput } | { ok: false; errors: FormErrors };

/** Checks the form and builds the mutation's input; non-numeric features are sent as categorical (one-hot). */
export function buildExperimentInput(
  form: ExperimentForm,
  columns: ReadonlyArray<{ name: string; type: string }>,
  specs: readonly ParamSpec[],
): BuiltInput {
  const errors: FormErrors = {};
  const features = checkDataChoice(form, errors);
  if (form.algorithm === "") errors["algorithm"] = "Choose an algorithm.";

  const params: Record<string, unknown> = {};
  for (const spec of specs) {
    const parsed = parseParam(spec, form.params[spec.name] ?? "");
    if (!parsed.ok) errors[`params.${spec.name}`] = `${spec.name} ${parsed.error}.`;
    else if (parsed.value !== undefined) params[spec.name] = parsed.value;
  }

  let split: Pick<CreateExperimentInput, "testFraction" | "cvFolds"> = {};
  if (form.split === "cv") {
    const folds = Number(form.cvFolds);
    if (!Number.isInteger(folds) || folds < 2 || folds > 20)
      errors["cvFolds"] = "Folds must be a whole number from 2 to 20.";
    else split = { cvFolds: folds };
  } else {
    const fraction = Number(form.testFraction);
    if (!(fraction > 0 && fraction < 1)) errors["testFraction"] = "The held-out share must be between 0 and 1.";
    else split = { testFraction: fraction };
  }
  let seed: number | null = null;
  if (form.seed.trim() !== "") {
    seed = Number(form.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) errors["seed"] = "The seed must be a whole number ≥ 0.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const categorical = categoricalFeatures(features, columns);
  return {
    ok: true,
    input: {
      datasetId: form.datasetId,
      target: form.target,
      features,
      algorithm: form.algorithm,
      params,
      ...split,
      ...(categorical.length > 0 ? { categorical } : {}),
      ...(form.groupBy !== "" ? { groupBy: form.groupBy } : {}),
      ...(seed !== null ? { seed } : {}),
      ...(form.name.trim() !== "" ? { name: form.name.trim() } : {}),
    },
  };
}
