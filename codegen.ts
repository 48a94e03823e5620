/**
 * GraphQL Code Generator (`npm run codegen`): typed `graphql()` documents for the editor and the integration
 * tests. Both read the committed SDL, so codegen needs neither a running API nor the network.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const SCHEMA = "schema/schema.graphql";

type Output = CodegenConfig["generates"][string];

/** The client preset, configured the same way for every output. */
function clientOutput(documents: string[]): Output {
  return {
    preset: "client",
    documents,
    // Components get the full result types; colocated fragments can opt into masking later.
    presetConfig: { fragmentMasking: false },
    config: {
      // Both consumers resolve imports ESM-style, so the generated files import each other with `.js`.
      importExtension: ".js",
      useTypeImports: true,
      // Every custom scalar must be mapped: a new one fails codegen instead of silently becoming `any`.
      strictScalars: true,
      scalars: {
        DateTimeISO: "string",
        JSON: "unknown",
        JSONObject: "Record<string, unknown>",
      },
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  schema: SCHEMA,
  // A document-less output (e.g. a false positive above) yields empty helpers instead of failing the run.
  ignoreNoDocuments: true,
  generates: {
    "editor/src/graphql/generated/": clientOutput([
      "editor/src/**/*.{ts,tsx}",
      "!editor/src/graphql/generated/**",
      "!editor/src/**/*.test.{ts,tsx}",
    ]),
    "tests/graphql/generated/": clientOutput(["tests/**/*.ts", "!tests/graphql/generated/**"]),
  },
};

export default config;
