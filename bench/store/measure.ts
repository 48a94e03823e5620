/**
 * The measurements of the store benchmark, for one opened `Stores`: single-event append latency on a small and a
 * large run, and listing 50 large runs.
 */
import { performance } from "node:perf_hooks";
import { newId } from "../../api/src/common/ids.js";
import type { PipelineEdge, PipelineNode } from "../../api/src/pipelines/dag.js";
import { initialProgress, type NewRunEvent } from "../../api/src/runs/run-state.js";
import { utcDay } from "../../api/src/store/collections.js";
import type { Stores } from "../../api/src/store/ports.js";
import type { RunRecord } from "../../api/src/store/records.js";

export interface Latency {
  p50: number;
  p99: number;
  n: number;
}

export interface StoreFigures {
  append10: Latency;
  append1000: Latency;
  /** Listing 50 runs of 1,000 nodes on a handle that never read them (each sample a new handle). */
  list50x1000: Latency;
  /** The same, again on one handle (what it keeps of runs it has read may serve it). */
  list50x1000Again: Latency;
  /** append1000.p50 / append10.p50: the target is at most 2. */
  append1000Over10: number;
}

export interface Counts {
  appends: number;
  lists: number;
}

/** A realistic DAG: a chain of filter steps, each with a small config. */
function chain(n: number): { nodes: PipelineNode[]; edges: PipelineEdge[] } {
  const nodes = Array.from({ length: n }, (_, i): PipelineNode => ({
    id: `n${i}`,
    kind: i === 0 ? "extract_sample" : "filter",
    label: `Step ${i}`,
    config: i === 0 ? { sample: "hmp" } : { where: `x${i % 7} > ${i}` },
    position: { x: i * 40, y: (i % 10) * 30 },
  }));
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: `n${i}`, target: node.id }));
  return { nodes, edges };
}

function newRun(pipelineId: string, n: number): RunRecord {
  const dag = chain(n);
  const createdAt = new Date();
  return {
    id: newId(),
    pipelineId,
    pipelineName: "bench",
    pipelineVersion: 1,
    snapshot: dag,
    trigger: "API",
    params: {},
    parentRunId: null,
    day: utcDay(createdAt),
    createdAt,
    leaseOwner: null,
    leaseExpiresAt: null,
    cancelRequestedAt: null,
    ...initialProgress(dag.nodes.map((node) => node.id)),
  };
}

const started = (): NewRunEvent[] => [
  { type: "RUN_QUEUED", at: new Date() },
  { type: "RUN_STARTED", at: new Date() },
];

/** What an engine appends most: progress of one step, cycling through the steps. */
function progress(i: number, n: number): NewRunEvent {
  return {
    type: "STEP_PROGRESS",
    nodeId: `n${i % n}`,
    payload: { rowsIn: i, rowsOut: i, bytes: i * 8 },
    at: new Date(),
  };
}

async function time(count: number, task: (i: number) => Promise<unknown>): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await task(i);
    samples.push(performance.now() - t0);
  }
  return latency(samples);
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  return { p50: at(0.5), p99: at(0.99), n: sorted.length };
}

async function appendLatency(stores: Stores, nodes: number, count: number): Promise<Latency> {
  const run = newRun(newId(), nodes);
  await stores.runs.createRun(run, started());
  const warmUp = Math.max(5, Math.floor(count / 10));
  for (let i = 0; i < warmUp; i++) await stores.runs.appendEvents(run.id, [progress(i, nodes)]);
  return time(count, (i) => stores.runs.appendEvents(run.id, [progress(warmUp + i, nodes)]));
}

async function createListed(writer: Stores): Promise<string> {
  const pipelineId = newId();
  for (let r = 0; r < 50; r++) {
    const run = newRun(pipelineId, 1000);
    await writer.runs.createRun(run, [...started(), progress(r, 1000)]);
  }
  return pipelineId;
}

async function list(reader: Stores, pipelineId: string): Promise<void> {
  const page = await reader.runs.list({ pipelineId }, { first: 50 });
  if (page.items.length !== 50 || page.items.some((run) => run.steps.length !== 1000)) {
    throw new Error("list did not return 50 complete runs");
  }
}

/**
 * Measures the stores `open` returns. Lists go through other handles on the same database than the one that wrote
 * the runs, as the API process lists what an engine executes.
 */
export async function measureStores(open: () => Promise<Stores>, counts: Counts): Promise<StoreFigures> {
  const writer = await open();
  try {
    const append10 = await appendLatency(writer, 10, counts.appends);
    const append1000 = await appendLatency(writer, 1000, counts.appends);
    const pipelineId = await createListed(writer);
    const cold: number[] = [];
    for (let i = 0; i < counts.lists; i++) {
      const reader = await open();
      try {
        cold.push((await time(1, () => list(reader, pipelineId))).p50);
      } finally {
        await reader.close();
      }
    }
    const reader = await open();
    try {
      await list(reader, pipelineId);
      const list50x1000Again = await time(counts.lists, () => list(reader, pipelineId));
      return {
        append10,
        append1000,
        list50x1000: latency(cold),
        list50x1000Again,
        append1000Over10: round(append1000.p50 / append10.p50),
      };
    } finally {
      await reader.close();
    }
  } finally {
    await writer.close();
  }
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
