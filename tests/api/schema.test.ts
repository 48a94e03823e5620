import "reflect-metadata";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildMillraceSchema, printMillraceSchema } from "../../api/src/server/schema.js";

describe("schema/schema.graphql", () => {
  it("is the schema the code builds (run `npm run schema` after changing the API)", async () => {
    const schema = await buildMillraceSchema(() => {
      throw new Error("not executed");
    });
    const committed = await readFile(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printMillraceSchema(schema));
  });
});
