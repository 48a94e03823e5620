/** The JSON Schema of a run's params form, from the pipeline's declared params. Pure. */

export interface DeclaredParam {
  name: string;
  type: "STRING" | "NUMBER" | "BOOLEAN";
  default?: unknown;
  description: string;
}

const JSON_TYPES = { STRING: "string", NUMBER: "number", BOOLEAN: "boolean" } as const;

export function paramsSchema(params: readonly DeclaredParam[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const param of params) {
    const type = JSON_TYPES[param.type];
    properties[param.name] = {
      type,
      title: param.name,
      ...(param.description !== "" ? { description: param.description } : {}),
      ...(param.default != null && typeof param.default === type ? { default: param.default } : {}),
    };
  }
  return { type: "object", properties };
}

/** The values to send: only those set, so unset params take their defaults on the server. */
export function paramValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ""));
}
