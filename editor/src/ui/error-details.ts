import { CombinedGraphQLErrors } from "@apollo/client/errors";

/** The `extensions.field` the API names in a BAD_USER_INPUT refusal (e.g. "rows[2].x"), if any. */
export function errorField(error: unknown): string | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  for (const e of error.errors) {
    const field = e.extensions?.["field"];
    if (typeof field === "string") return field;
  }
  return null;
}

/** Every problem an error lists in `extensions.problems` (e.g. each rule that cannot run), in order. */
export function errorProblems(error: unknown): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.flatMap((e) => {
    const problems = e.extensions?.["problems"];
    return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === "string") : [];
  });
}
