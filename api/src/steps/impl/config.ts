/**
 * Typed reads of a node's config. Configs are schema-validated before a run, but defaults are not filled in
 * (the validator runs with useDefaults: false), so each read names its default; a wrong type still fails clearly.
 */
import type { PipelineNode } from "../../pipelines/dag.js";
import { failure, nodeName } from "./step-context.js";

export class ConfigReader {
  constructor(private readonly node: PipelineNode) {}

  private value(key: string): unknown {
    return this.node.config[key];
  }

  private wrong(key: string, expected: string): Error {
    return failure(`${nodeName(this.node)}: config "${key}" must be ${expected}`);
  }

  string(key: string, fallback?: string): string {
    const value = this.value(key) ?? fallback;
    if (typeof value !== "string") throw this.wrong(key, "a string");
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.value(key);
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") throw this.wrong(key, "a string");
    return value;
  }

  integer(key: string, fallback?: number): number {
    const value = this.value(key) ?? fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw this.wrong(key, "an integer");
    return value;
  }

  number(key: string, fallback?: number): number {
    const value = this.value(key) ?? fallback;
    if (typeof value !== "number" || !Number.isFinite(value)) throw this.wrong(key, "a number");
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value(key) ?? fallback;
    if (typeof value !== "boolean") throw this.wrong(key, "true or false");
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.value(key) ?? fallback;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value))
      throw this.wrong(key, `one of ${allowed.join(", ")}`);
    return value as T;
  }

  strings(key: string, fallback: string[] = []): string[] {
    const value = this.value(key) ?? fallback;
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
      throw this.wrong(key, "a list of strings");
    }
    return value;
  }

  objects(key: string): Array<Record<string, unknown>> {
    const value = this.value(key) ?? [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "object" && v !== null && !Array.isArray(v))) {
      throw this.wrong(key, "a list of objects");
    }
    return value as Array<Record<string, unknown>>;
  }

  /** Reads a field of an item of a list config, e.g. columns[2].name. */
  field(item: Record<string, unknown>, listKey: string, index: number, key: string): string {
    const value = item[key];
    if (typeof value !== "string" || value === "")
      throw this.wrong(`${listKey}[${index}].${key}`, "a non-empty string");
    return value;
  }
}
