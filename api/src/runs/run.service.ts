import type { Clock } from "../common/clock.js";
import { NotFoundError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import { topics, type EventBus } from "../events/event-bus.js";
import type { LogService } from "../logs/log.service.js";
import { utcDay } from "../store/collections.js";
import type { Page, PageRequest, RunFilter, RunStore } from "../store/ports.js";
import type { PipelineEdge, PipelineNode } from "../pipelines/dag.js";
import type { PipelineRecord, RunRecord } from "../store/records.js";
import type { RunFeedSource } from "./run-event-feeds.js";
import { streamRunEvents } from "./run-event-stream.js";
import {
  initialProgress,
  TERMINAL_RUN_STATUSES,
  type NewRunEvent,
  type RunEvent,
  type RunTrigger,
} from "./run-state.js";

export interface StartRun {
  pipelineId: string;
  pipelineName: string;
  pipelineVersion: number;
  /** The DAG to run: the pipeline's current one, or a parent run's snapshot when retrying. */
  dag: { nodes: PipelineNode[]; edges: PipelineEdge[] };
  trigger: RunTrigger;
  params?: Record<string, unknown>;
  parentRunId?: string | null;
  /** The engine that will execute it holds the lease from creation, so a crash before it starts is recovered. */
  lease?: { owner: string; expiresAt: Date } | null;
  /** Chosen by the caller (the engine knows its run before the store does); default: a new id. */
  id?: string;
}

/**
 * Runs as event logs: creating a run, appending its events (stored, then published), reading and streaming them.
 * Appends to one run are serialised in this process so subscribers see events in seq order.
 */
export class RunService {
  private readonly appendChains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly runs: RunStore,
    private readonly bus: EventBus,
    private readonly logs: LogService,
    private readonly clock: Clock,
  ) {}

  list(filter: RunFilter, page: PageRequest): Promise<Page<RunRecord>> {
    return this.runs.list(filter, page);
  }

  async get(id: string): Promise<RunRecord> {
    const run = await this.runs.get(id);
    if (!run) throw new NotFoundError("Run", id);
    return run;
  }

  /** Creates a QUEUED run with its RUN_QUEUED event; the DAG is snapshotted so later edits do not change the run. */
  async create(start: StartRun): Promise<RunRecord> {
    const now = this.clock.now();
    const run: RunRecord = {
      id: start.id ?? newId(),
      pipelineId: start.pipelineId,
      pipelineName: start.pipelineName,
      pipelineVersion: start.pipelineVersion,
      snapshot: { nodes: start.dag.nodes, edges: start.dag.edges },
      trigger: start.trigger,
      params: start.params ?? {},
      parentRunId: start.parentRunId ?? null,
      day: utcDay(now),
      createdAt: now,
      leaseOwner: start.lease?.owner ?? null,
      leaseExpiresAt: start.lease?.expiresAt ?? null,
      cancelRequestedAt: null,
      ...initialProgress(start.dag.nodes.map((n) => n.id)),
    };
    const created = await this.runs.createRun(run, [
      { type: "RUN_QUEUED", at: now, payload: { trigger: start.trigger } },
    ]);
    await this.publish(created.run, created.events);
    return created.run;
  }

  /** Appends events to a run, then publishes them; returns them with their sequence numbers. */
  append(runId: string, events: readonly NewRunEvent[]): Promise<RunEvent[]> {
    const previous = this.appendChains.get(runId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const { run, events: stored } = await this.runs.appendEvents(runId, events);
        await this.publish(run, stored);
        return stored;
      });
    this.appendChains.set(runId, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.appendChains.get(runId) === next) this.appendChains.delete(runId);
      });
    return next;
  }

  async events(runId: string, after: number, first: number): Promise<RunEvent[]> {
    await this.get(runId);
    return this.runs.listEvents(runId, after, first);
  }

  /** Every event with seq > after, replayed from the store and then live, ending after the run's terminal event. */
  async stream(runId: string, after: number): Promise<AsyncIterableIterator<RunEvent>> {
    await this.get(runId);
    return streamRunEvents(
      {
        listEvents: (id, afterSeq, limit) => this.runs.listEvents(id, afterSeq, limit),
        subscribe: (id) => this.bus.subscribe<RunEvent>(topics.runEvents(id)),
      },
      runId,
      after,
    );
  }

  /** What a shared live feed of runs reads (`RunEventFeeds`: one bus subscription per run for all its subscribers). */
  eventSource(): RunFeedSource {
    return {
      listEvents: (id, afterSeq, limit) => this.runs.listEvents(id, afterSeq, limit),
      subscribe: (id) => this.bus.subscribe<RunEvent>(topics.runEvents(id)),
      position: async (id) => {
        const run = await this.get(id);
        return { lastSeq: run.lastSeq, finished: TERMINAL_RUN_STATUSES.has(run.status) };
      },
    };
  }

  /** Run states as they change, of one pipeline or of all. */
  watch(pipelineId: string | undefined): AsyncIterableIterator<RunRecord> {
    const topic = pipelineId === undefined ? topics.runs() : topics.pipelineRuns(pipelineId);
    return this.bus.subscribe<RunRecord>(topic);
  }

  private async publish(run: RunRecord, events: readonly RunEvent[]): Promise<void> {
    for (const event of events) {
      await this.bus.publish(topics.runEvents(run.id), event);
      if (event.type === "LOG") await this.mirrorLog(run, event);
    }
    await this.bus.publish(topics.pipelineRuns(run.pipelineId), run);
    await this.bus.publish(topics.runs(), run);
  }

  private async mirrorLog(run: RunRecord, event: RunEvent): Promise<void> {
    const level = event.payload["level"];
    const message = event.payload["message"];
    await this.logs.write({
      level: level === "DEBUG" || level === "WARN" || level === "ERROR" ? level : "INFO",
      source: `pipeline:${run.pipelineId}`,
      message: typeof message === "string" ? message : JSON.stringify(event.payload),
      runId: run.id,
      nodeId: event.nodeId,
      pipelineId: run.pipelineId,
      at: event.at,
    });
  }
}

/** What StartRun needs of a pipeline to run its current version. */
export function currentVersionOf(
  pipeline: PipelineRecord,
): Pick<StartRun, "pipelineId" | "pipelineName" | "pipelineVersion" | "dag"> {
  return {
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    pipelineVersion: pipeline.version,
    dag: { nodes: pipeline.nodes, edges: pipeline.edges },
  };
}
