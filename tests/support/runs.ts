import { graphql } from "../graphql/generated/gql.js";
import type { CreatePipelineInput } from "../graphql/generated/graphql.js";
import type { TestServer } from "./millrace.js";
import { collect } from "./millrace.js";

export interface RunView {
  id: string;
  status: string;
  error: string | null;
  steps: Array<{
    nodeId: string;
    status: string;
    rowsIn: number | null;
    rowsOut: number | null;
    attempts: number;
    error: string | null;
  }>;
}

export interface EventView {
  seq: number;
  type: string;
  nodeId: string | null;
  payload: Record<string, unknown>;
}

const CreatePipeline = graphql(`
  mutation TestCreatePipeline($input: CreatePipelineInput!) {
    createPipeline(input: $input) {
      __typename
      ... on Pipeline {
        id
      }
      ... on InvalidPipeline {
        message
      }
    }
  }
`);

const RunPipeline = graphql(`
  mutation TestRunPipeline($id: ID!, $params: JSONObject) {
    runPipeline(pipelineId: $id, params: $params) {
      id
      status
    }
  }
`);

const GetRun = graphql(`
  query TestGetRun($id: ID!) {
    run(id: $id) {
      id
      status
      error
      steps {
        nodeId
        status
        rowsIn
        rowsOut
        attempts
        error
      }
    }
  }
`);

/** Creates a pipeline through GraphQL; fails the test on anything but a saved Pipeline. */
export async function createPipeline(server: TestServer, input: CreatePipelineInput): Promise<string> {
  const res = await server.gql(CreatePipeline, { input });
  const saved = res.data?.createPipeline;
  if (res.errors || saved?.__typename !== "Pipeline") throw new Error(JSON.stringify(res.errors ?? res.data));
  return saved.id;
}

/** Starts a run through GraphQL, follows its events over graphql-ws until it ends, and returns both. */
export async function runToEnd(
  server: TestServer,
  pipelineId: string,
  params?: Record<string, unknown>,
): Promise<{ run: RunView; events: EventView[] }> {
  const started = await server.gql(RunPipeline, { id: pipelineId, params: params ?? null });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const runId = started.data!.runPipeline.id;
  return { ...(await followRun(server, runId)), run: await getRun(server, runId) };
}

export async function followRun(server: TestServer, runId: string): Promise<{ run: RunView; events: EventView[] }> {
  const client = server.wsClient();
  const sub = collect<{ runEvents: EventView }>(
    client,
    `subscription($id: ID!) { runEvents(runId: $id, after: 0) { seq type nodeId payload } }`,
    { id: runId },
    Number.MAX_SAFE_INTEGER,
  );
  const events = (await sub.done).map((e) => e.runEvents);
  return { events, run: await getRun(server, runId) };
}

export async function getRun(server: TestServer, runId: string): Promise<RunView> {
  const res = await server.gql(GetRun, { id: runId });
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.run;
}

export function stepOf(run: RunView, nodeId: string): RunView["steps"][number] {
  const step = run.steps.find((s) => s.nodeId === nodeId);
  if (!step) throw new Error(`no step ${nodeId}`);
  return step;
}
