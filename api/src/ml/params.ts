import { MlInputError } from "./errors.js";

/** Declares one hyperparameter: its type, range, default and the sentence shown to users. */
export type ParamSpec =
  | {
      readonly type: "int";
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      readonly doc: string;
    }
  | {
      readonly type: "int";
      readonly nullable: true;
      readonly default: number | null;
      readonly min?: number;
      readonly max?: number;
      readonly doc: string;
    }
  | {
      readonly type: "number";
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      /** When true, `min` itself is not allowed (e.g. C > 0). */
      readonly exclusiveMin?: boolean;
      readonly exclusiveMax?: boolean;
      readonly doc: string;
    }
  | { readonly type: "boolean"; readonly default: boolean; readonly doc: string }
  | {
      readonly type: "enum";
      readonly values: readonly (string | boolean)[];
      readonly default: string | boolean;
      readonly doc: string;
    }
  | {
      /** A named choice or a number in range, e.g. gamma: "scale" | 0.01. */
      readonly type: "enumOrNumber";
      readonly values: readonly string[];
      readonly default: string | number;
      readonly min?: number;
      readonly max?: number;
      readonly exclusiveMin?: boolean;
      readonly doc: string;
    };

/** An algorithm's hyperparameters by name. */
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

type ValueOf<S> = S extends { type: "int"; nullable: true }
  ? number | null
  : S extends { type: "int" | "number" }
    ? number
    : S extends { type: "boolean" }
      ? boolean
      : S extends { type: "enum"; values: readonly (infer V)[] }
        ? V
        : S extends { type: "enumOrNumber"; values: readonly (infer V)[] }
          ? V | number
          : never;

/** The resolved parameter object a schema describes (every key present, defaults filled in). */
export type ParamsOf<S extends ParamSchema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/**
 * Validates user params against a schema and fills defaults.
 * Unknown names, wrong types and out-of-range values throw an MlInputError naming the param.
 */
export function resolveParams<S extends ParamSchema>(algorithm: string, schema: S, input: unknown): ParamsOf<S> {
  if (input === undefined || input === null) input = {};
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new MlInputError("params", `${algorithm} params must be an object`);
  }
  const given = input as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(schema, name)) {
      throw new MlInputError(
        name,
        `unknown parameter for ${algorithm}; expected one of ${Object.keys(schema).join(", ")}`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const value = given[name];
    out[name] = value === undefined ? spec.default : checkValue(name, spec, value);
  }
  return out as ParamsOf<S>;
}

function checkValue(name: string, spec: ParamSpec, value: unknown): unknown {
  switch (spec.type) {
    case "int":
      if (value === null && "nullable" in spec) return null;
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new MlInputError(name, `expected an integer${"nullable" in spec ? " or null" : ""}, got ${show(value)}`);
      }
      checkRange(name, value, spec.min, spec.max, false, false);
      return value;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new MlInputError(name, `expected a finite number, got ${show(value)}`);
      }
      checkRange(name, value, spec.min, spec.max, spec.exclusiveMin ?? false, spec.exclusiveMax ?? false);
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw new MlInputError(name, `expected true or false, got ${show(value)}`);
      return value;
    case "enum":
      if (!spec.values.includes(value as string | boolean)) {
        throw new MlInputError(name, `expected one of ${spec.values.map(show).join(", ")}, got ${show(value)}`);
      }
      return value;
    case "enumOrNumber":
      if (typeof value === "string") {
        if (!spec.values.includes(value)) {
          throw new MlInputError(
            name,
            `expected one of ${spec.values.map(show).join(", ")} or a number, got ${show(value)}`,
          );
        }
        return value;
      }
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new MlInputError(
          name,
          `expected one of ${spec.values.map(show).join(", ")} or a number, got ${show(value)}`,
        );
      }
      checkRange(name, value, spec.min, spec.max, spec.exclusiveMin ?? false, false);
      return value;
  }
}

function checkRange(
  name: string,
  value: number,
  min: number | undefined,
  max: number | undefined,
  exclusiveMin: boolean,
  exclusiveMax: boolean,
): void {
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
    throw new MlInputError(name, `must be ${exclusiveMin ? ">" : ">="} ${min}, got ${value}`);
  }
  if (max !== undefined && (exclusiveMax ? value >= max : value > max)) {
    throw new MlInputError(name, `must be ${exclusiveMax ? "<" : "<="} ${max}, got ${value}`);
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
