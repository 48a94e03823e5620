import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { describe, expect, it } from "vitest";
import { describeError, hasErrorCode } from "./describe-error";

const notFound = new CombinedGraphQLErrors({
  data: null,
  errors: [
    { message: 'Pipeline "nope" not found', extensions: { code: "NOT_FOUND", entity: "Pipeline", id: "nope" } },
    { message: "Something without a code" },
  ],
});

describe("describeError", () => {
  it("lists each GraphQL error with its extensions.code", () => {
    expect(describeError(notFound)).toEqual([
      { message: 'Pipeline "nope" not found', code: "NOT_FOUND" },
      { message: "Something without a code", code: undefined },
    ]);
  });

  it("shows a network failure as its message", () => {
    expect(describeError(new TypeError("Failed to fetch"))).toEqual([{ message: "Failed to fetch", code: undefined }]);
  });
});

describe("hasErrorCode", () => {
  it("finds a code among the GraphQL errors and nowhere else", () => {
    expect(hasErrorCode(notFound, "NOT_FOUND")).toBe(true);
    expect(hasErrorCode(notFound, "CONFLICT")).toBe(false);
    expect(hasErrorCode(new Error("NOT_FOUND"), "NOT_FOUND")).toBe(false);
  });
});
