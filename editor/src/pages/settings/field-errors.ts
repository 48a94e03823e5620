import { CombinedGraphQLErrors } from "@apollo/client/errors";

/**
 * An operation's errors by input field: the API names the field in `extensions.field` (BAD_USER_INPUT, CONFLICT on
 * a taken email); the rest go under `form`. The "field: " prefix of the message is dropped next to the field.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const field = e.extensions?.["field"];
      if (typeof field === "string" && field !== "") {
        const name = field.replace(/^input\./, "");
        result[name] = e.message.replace(new RegExp(`^${name.replace(/[.]/g, "\\.")}: `), "");
      } else {
        result["form"] = result["form"] === undefined ? e.message : `${result["form"]}; ${e.message}`;
      }
    }
    return result;
  }
  result["form"] = error instanceof Error ? error.message : String(error);
  return result;
}
