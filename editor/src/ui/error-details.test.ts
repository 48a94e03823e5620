import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { describe, expect, it } from "vitest";
import { errorField, errorProblems } from "./error-details";

const refusal = new CombinedGraphQLErrors({
  errors: [
    {
      message: "The rules cannot run",
      extensions: { code: "BAD_USER_INPUT", field: "rules", problems: ["rule #0: a", "rule #1: b", 3] },
    },
  ],
});

describe("error details", () => {
  it("reads the field and the problems the API names", () => {
    expect(errorField(refusal)).toBe("rules");
    expect(errorProblems(refusal)).toEqual(["rule #0: a", "rule #1: b"]);
  });

  it("has nothing to say about other errors", () => {
    expect(errorField(new Error("network"))).toBeNull();
    expect(errorProblems(new Error("network"))).toEqual([]);
  });
});
