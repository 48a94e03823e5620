import { registerEnumType } from "type-graphql";

/** Turns a readonly tuple of names into an object type-graphql can register as a GraphQL enum. */
export function graphqlEnum<const T extends readonly string[]>(
  name: string,
  values: T,
  description?: string,
): { [K in T[number]]: K } {
  const object = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(object, description === undefined ? { name } : { name, description });
  return object;
}
