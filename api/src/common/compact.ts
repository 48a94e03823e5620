type Compact<T> = { [K in keyof T]?: Exclude<T[K], null | undefined> };

/** Drops null and undefined fields: GraphQL sends null for "not given", the stores expect the key to be absent. */
export function compact<T extends object>(value: T | null | undefined): Compact<T> {
  const out: Record<string, unknown> = {};
  if (value) for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = v;
  return out as Compact<T>;
}
