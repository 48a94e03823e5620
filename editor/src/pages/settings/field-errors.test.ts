import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./field-errors";

describe("fieldErrorsOf", () => {
  it("maps the API's named fields and keeps the rest for the form", () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        {
          message: "password: must be 12 characters or more",
          extensions: { code: "BAD_USER_INPUT", field: "password" },
        },
        { message: "a user with email a@b.c exists", extensions: { code: "CONFLICT", field: "email" } },
        { message: "this needs the ADMIN role", extensions: { code: "FORBIDDEN" } },
      ],
    });
    expect(fieldErrorsOf(error)).toEqual({
      password: "must be 12 characters or more",
      email: "a user with email a@b.c exists",
      form: "this needs the ADMIN role",
    });
  });

  it("puts a network failure on the form", () => {
    expect(fieldErrorsOf(new Error("Failed to fetch"))).toEqual({ form: "Failed to fetch" });
  });
});
