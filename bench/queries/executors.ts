/**
 * Where the time of a big GraphQL answer goes (the run with 1,000 steps of run.ts), in one process, one request at a
 * time: the plain route's work (one store read, JSON.stringify); graphql-js `execute` on Millrace's schema; the same
 * document compiled by graphql-jit; Apollo Server with its default plugins (the cache-control plugin wraps every
 * field); Apollo with that plugin disabled (graphql-js); and Apollo as Millrace configures it (plugin disabled,
 * queries compiled: api/src/server/compiled-queries.ts). Each answer is checked to be the same JSON as graphql-js's.
 * Prints one JSON line: ms per request, best round. Run: npx tsx bench/queries/executors.ts [--iterations=10] [--rounds=5]
 */
import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { execute, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { startMillrace } from "../../api/src/app.js";
import { newId } from "../../api/src/common/ids.js";
import { createLogger } from "../../api/src/common/logger.js";
import { loadConfig } from "../../api/src/config.js";
import { initialProgress } from "../../api/src/runs/run-state.js";
import { compiledQueryGateway } from "../../api/src/server/compiled-queries.js";
import { createContext, type RequestContext } from "../../api/src/server/context.js";
import { buildMillraceSchema } from "../../api/src/server/schema.js";
import { utcDay } from "../../api/src/store/collections.js";
import type { RunRecord } from "../../api/src/store/records.js";
import { RUN_DETAIL } from "./queries.js";

const ITERATIONS = Number(process.argv.find((a) => a.startsWith("--iterations="))?.slice(13) ?? 10);
const ROUNDS = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 5);
const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-executors-"));
const config = loadConfig({
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  SEED_DEMO: "false",
  LOG_LEVEL: "warn",
  SCHEDULER_ENABLED: "false",
  AUTH_MODE: "off",
});
const app = await startMillrace(config, createLogger("warn"));
const { services, stores } = app;

const nodes = Array.from({ length: 1000 }, (_, i) => ({
  id: `n${i}`,
  kind: "filter",
  label: `Step ${i}`,
  config: { column: `c${i % 10}`, op: ">", value: i, note: "a filter with a few settings", tags: ["a", "b"] },
  position: { x: (i % 40) * 220, y: Math.floor(i / 40) * 120 },
  execution: { maxAttempts: 3, backoffMs: 500, timeoutMs: 60_000 },
}));
const at = new Date();
const run: RunRecord = {
  id: newId(),
  ...initialProgress(nodes.map((n) => n.id)),
  status: "SUCCEEDED",
  pipelineId: "p",
  pipelineName: "p",
  pipelineVersion: 1,
  snapshot: { nodes, edges: [] },
  trigger: "MANUAL",
  params: {},
  parentRunId: null,
  day: utcDay(at),
  createdAt: at,
  leaseOwner: null,
  leaseExpiresAt: null,
  cancelRequestedAt: null,
};
run.steps = run.steps.map((s, i) => ({
  ...s,
  status: "SUCCEEDED",
  attempts: 1,
  rowsOut: i,
  startedAt: at,
  finishedAt: at,
}));
await stores.runs.insert(run);

const schema = await buildMillraceSchema(() => services);
const auth = await services.authenticator.fromAuthorization(undefined);
const principal = "principal" in auth ? auth.principal : null;
const context = (): RequestContext => createContext(services, stores, principal);
const document = parse(RUN_DETAIL);
const variables = { id: run.id };

/** Mean ms per request over ITERATIONS requests in a row. */
async function time(once: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await once();
  return (performance.now() - started) / ITERATIONS;
}

// Its own schema: the cache-control plugin instruments every field's resolver of the schema it is given, in place.
const apolloDefault = new ApolloServer<RequestContext>({ schema: await buildMillraceSchema(() => services) });
const apolloNoCacheControl = new ApolloServer<RequestContext>({
  schema,
  plugins: [ApolloServerPluginCacheControlDisabled()],
});
const apolloCompiled = new ApolloServer<RequestContext>({
  gateway: compiledQueryGateway(schema),
  plugins: [ApolloServerPluginCacheControlDisabled()],
});
await apolloDefault.start();
await apolloNoCacheControl.start();
await apolloCompiled.start();
const viaApollo = (server: ApolloServer<RequestContext>) => async () => {
  const response = await server.executeOperation({ query: RUN_DETAIL, variables }, { contextValue: context() });
  if (response.body.kind !== "single" || response.body.singleResult.errors) throw new Error("GraphQL errors");
  return JSON.stringify(response.body.singleResult);
};
const compiled = compileQuery(schema, document);
if (!isCompiledQuery(compiled)) throw new Error(`graphql-jit: ${JSON.stringify(compiled.errors)}`);

const sides: Record<string, () => Promise<string>> = {
  plainRoute: async () => JSON.stringify({ data: { run: await stores.runs.get(run.id) } }),
  graphqlJsExecute: async () => {
    const result = await execute({ schema, document, variableValues: variables, contextValue: context() });
    if (result.errors) throw new Error(result.errors[0]?.message);
    return JSON.stringify(result);
  },
  graphqlJitQuery: async () => {
    const result = await compiled.query(undefined, context(), variables);
    if (result.errors) throw new Error(result.errors[0]?.message);
    return JSON.stringify(result);
  },
  apolloDefault: viaApollo(apolloDefault),
  apolloCacheControlDisabled: viaApollo(apolloNoCacheControl),
  apolloAsConfigured: viaApollo(apolloCompiled),
};
const reference = await sides["graphqlJsExecute"]?.();
for (const [name, once] of Object.entries(sides)) {
  if (name !== "plainRoute" && (await once()) !== reference) throw new Error(`${name}: not graphql-js's answer`);
}

// The sides in turn, ROUNDS times, so that the machine's noise falls on all; the best round of each is reported.
for (const once of Object.values(sides)) for (let i = 0; i < 5; i++) await once();
const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, once] of Object.entries(sides)) {
    const ms = await time(once);
    best.set(name, Math.min(best.get(name) ?? Infinity, ms));
  }
}
const results = Object.fromEntries([...best].map(([name, ms]) => [name, Math.round(ms * 10) / 10]));
process.stderr.write(`executors: ${JSON.stringify(results)}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: "queries/executors", query: "runWith1000Steps", msPerRequest: results })}\n`,
);
await apolloDefault.stop();
await apolloNoCacheControl.stop();
await apolloCompiled.stop();
await app.close();
await rm(dataDir, { recursive: true, force: true });
