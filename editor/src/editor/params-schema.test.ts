import { describe, expect, it } from "vitest";
import { paramsSchema, paramValues } from "./params-schema";

describe("paramsSchema", () => {
  it("gives each declared param a typed field with its description and default", () => {
    expect(
      paramsSchema([
        { name: "minRows", type: "NUMBER", default: 10, description: "At least this many" },
        { name: "label", type: "STRING", description: "" },
        { name: "strict", type: "BOOLEAN", default: "yes", description: "" },
      ]),
    ).toEqual({
      type: "object",
      properties: {
        minRows: { type: "number", title: "minRows", description: "At least this many", default: 10 },
        label: { type: "string", title: "label" },
        // A default of the wrong type is not offered.
        strict: { type: "boolean", title: "strict" },
      },
    });
  });

  it("sends only the values that are set", () => {
    expect(paramValues({ a: 1, b: undefined, c: "", d: false })).toEqual({ a: 1, d: false });
  });
});
