import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import {
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  parse,
} from "graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { GraphQLISODateTime } from "type-graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../tests/support/millrace.js";
import { createLogger } from "../common/logger.js";
import { DomainError } from "../common/errors.js";
import { CompiledQueryCache, compiledQueryGateway, type CompiledQueryGateway } from "./compiled-queries.js";
import { formatError } from "./errors.js";

// A schema with what Millrace's has: custom scalars, an enum, a union, lists, non-null fields, arguments, errors.
const Status = new GraphQLEnumType({ name: "Status", values: { OK: {}, FAILED: {} } });
const Step = new GraphQLObjectType({
  name: "Step",
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    status: { type: new GraphQLNonNull(Status) },
    at: { type: GraphQLISODateTime },
    config: { type: GraphQLJSONObject },
    rows: { type: GraphQLFloat },
  },
});
const Missing = new GraphQLObjectType({ name: "Missing", fields: { message: { type: GraphQLString } } });
const StepOrMissing = new GraphQLUnionType({
  name: "StepOrMissing",
  types: [Step, Missing],
  resolveType: (value: object) => ("message" in value ? "Missing" : "Step"),
});
const step = (i: number) => ({
  id: `s${i}`,
  status: i % 3 === 0 ? "FAILED" : "OK",
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  config: { column: `c${i}`, tags: ["a"], nested: { n: i } },
  rows: i % 2 === 0 ? null : i * 1.5,
});
let resolverCalls = 0;
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: {
      steps: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Step))),
        args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_root, args: { first: number }) => {
          resolverCalls++;
          return Promise.resolve(Array.from({ length: args.first }, (_, i) => step(i)));
        },
      },
      find: {
        type: StepOrMissing,
        args: { id: { type: new GraphQLNonNull(GraphQLID) } },
        resolve: (_root, args: { id: string }) => (args.id === "none" ? { message: "no such step" } : step(7)),
      },
      failing: {
        type: Step,
        args: { how: { type: new GraphQLNonNull(GraphQLString) } },
        resolve: (_root, args: { how: string }) => {
          resolverCalls++;
          if (args.how === "domain") throw new DomainError("NOT_FOUND", 'Step "x" not found', { id: "x" });
          if (args.how === "internal") throw new Error("SQLITE_CORRUPT at /srv/millrace/data.db");
          return { ...step(1), id: null };
        },
      },
    },
  }),
  mutation: new GraphQLObjectType({
    name: "Mutation",
    fields: { touch: { type: GraphQLInt, resolve: () => 1 } },
  }),
});

const logger = createLogger("silent");
const common = {
  includeStacktraceInErrorResponses: false,
  formatError: (formatted: Parameters<typeof formatError>[0], error: unknown) => formatError(formatted, error, logger),
};
let gateway: CompiledQueryGateway;
let compiled: ApolloServer;
let plain: ApolloServer;
beforeAll(async () => {
  gateway = compiledQueryGateway(schema);
  compiled = new ApolloServer({ gateway, ...common });
  plain = new ApolloServer({ schema, ...common });
  await compiled.start();
  await plain.start();
});
afterAll(async () => {
  await compiled.stop();
  await plain.stop();
});

async function ask(server: ApolloServer, query: string, variables?: Record<string, unknown>) {
  const response = await server.executeOperation({ query, ...(variables ? { variables } : {}) });
  if (response.body.kind !== "single") throw new Error("expected a single result");
  return { status: response.http.status, body: JSON.stringify(response.body.singleResult) };
}

/** The same operation three times through the compiled gateway, each answer as graphql-js's. */
async function sameThrice(query: string, variables?: Record<string, unknown>) {
  const expected = await ask(plain, query, variables);
  for (let i = 0; i < 3; i++) expect(await ask(compiled, query, variables)).toEqual(expected);
  return expected;
}

describe("compiled queries (graphql-jit behind Apollo's gateway interface)", () => {
  it("answers a query from its compiled form from the second execution on, with graphql-js's exact JSON", async () => {
    const before = gateway.stats();
    const query = `query Steps($first: Int!) {
      steps(first: $first) { id status at config rows ... on Step { __typename } }
      none: find(id: "none") { __typename ... on Missing { message } ... on Step { id } }
      some: find(id: "s7") { __typename ... on Step { id at } }
    }`;
    const answer = await sameThrice(query, { first: 50 });
    expect(answer.body).toContain('"at":"2026-01-01T00:00:49.000Z"');
    expect(answer.body).toContain('"config":{"column":"c1","tags":["a"],"nested":{"n":1}}');
    const after = gateway.stats();
    expect(after.compiledDocuments - before.compiledDocuments).toBe(1);
    expect(after.compiledExecutions - before.compiledExecutions).toBe(2);
    expect(after.graphqlJsExecutions - before.graphqlJsExecutions).toBe(1);
  });

  it("keeps extensions.code for domain errors and masks internal ones, as before", async () => {
    const domain = await sameThrice(`{ failing(how: "domain") { id } }`);
    expect(JSON.parse(domain.body)).toEqual({
      data: { failing: null },
      errors: [
        {
          message: 'Step "x" not found',
          locations: [{ line: 1, column: 3 }],
          path: ["failing"],
          extensions: { code: "NOT_FOUND", id: "x" },
        },
      ],
    });
    const internal = await sameThrice(`{ failing(how: "internal") { id } }`);
    expect(internal.body).not.toContain("SQLITE");
    expect(JSON.parse(internal.body)).toMatchObject({ errors: [{ extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    // A null where the schema promises none: graphql-js's error (masked: it is a bug on our side).
    const nonNull = await sameThrice(`{ failing(how: "null id") { id status } }`);
    expect(JSON.parse(nonNull.body)).toMatchObject({ errors: [{ extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    expect(gateway.stats().reExecutedAfterError).toBeGreaterThanOrEqual(6);
  });

  it("answers bad variables exactly as graphql-js does, with HTTP 400", async () => {
    const query = `query Steps($first: Int!) { steps(first: $first) { id } }`;
    await sameThrice(query, { first: 3 }); // compiled
    const bad = await sameThrice(query, { first: { $gt: 1 } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT" } }] });
  });

  it("runs every error answer through graphql-js once more and nothing else twice", async () => {
    const query = `{ steps(first: 2) { id } }`;
    await ask(compiled, query);
    resolverCalls = 0;
    await ask(compiled, query);
    expect(resolverCalls).toBe(1);
    const failing = `{ failing(how: "domain") { id } }`;
    await ask(compiled, failing);
    resolverCalls = 0;
    await ask(compiled, failing);
    expect(resolverCalls).toBe(2);
  });

  it("leaves mutations to graphql-js", async () => {
    const before = gateway.stats();
    for (let i = 0; i < 3; i++)
      expect(await ask(compiled, "mutation { touch }")).toEqual(await ask(plain, "mutation { touch }"));
    expect(gateway.stats().compiledDocuments).toBe(before.compiledDocuments);
  });
});

describe("CompiledQueryCache", () => {
  const document = parse("{ steps(first: 1) { id } }");

  it("compiles a document on its second execution", () => {
    const cache = new CompiledQueryCache(schema, { maxDocuments: 10, compileOnExecution: 2 });
    expect(cache.lookup("a", document, undefined)).toBeNull();
    expect(cache.lookup("a", document, undefined)).not.toBeNull();
    expect(cache.compiledSize).toBe(1);
  });

  it("keeps at most maxDocuments, forgetting the least recently used", () => {
    const cache = new CompiledQueryCache(schema, { maxDocuments: 2, compileOnExecution: 2 });
    cache.lookup("a", document, undefined);
    cache.lookup("b", document, undefined);
    cache.lookup("a", document, undefined); // a is now the most recent, and compiled
    cache.lookup("c", document, undefined); // b goes
    expect(cache.size).toBe(2);
    expect(cache.lookup("a", document, undefined)).not.toBeNull();
    expect(cache.lookup("b", document, undefined)).toBeNull(); // counted anew: its first execution again
  });

  it("marks what graphql-jit cannot compile, so graphql-js executes it", () => {
    const cache = new CompiledQueryCache(schema, { maxDocuments: 10, compileOnExecution: 1 });
    const unknownOperation = parse("query A { steps(first: 1) { id } }");
    expect(cache.lookup("x", unknownOperation, "B")).toBeNull();
    expect(cache.lookup("x", unknownOperation, "B")).toBeNull();
    expect(cache.compiledSize).toBe(0);
  });
});

describe("compiled queries on Millrace's schema", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("still refuses anonymous callers on root fields once a query is compiled", async () => {
    const query = `{ pipelines(first: 5) { totalCount nodes { id } } }`;
    for (let i = 0; i < 3; i++) expect((await server.gql(query)).errors).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { data: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });
});
