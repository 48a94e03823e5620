import { describe, expect, it } from "vitest";
import { defaultConfigOf } from "./config-validator";

describe("defaultConfigOf", () => {
  it("takes the schema's defaults and leaves required fields without one unset", () => {
    const schema = {
      type: "object",
      properties: {
        rows: { type: "integer", default: 10_000 },
        seed: { type: "integer", default: 42 },
        where: { type: "string", format: "sql-expression" },
      },
      required: ["rows", "where"],
    };
    expect(defaultConfigOf(schema)).toEqual({ rows: 10_000, seed: 42 });
  });
});
