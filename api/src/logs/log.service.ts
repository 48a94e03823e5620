import type { Clock } from "../common/clock.js";
import { filterStream } from "../common/streams.js";
import { newId } from "../common/ids.js";
import { topics, type EventBus } from "../events/event-bus.js";
import type { LogFilter, LogStore, Page, PageRequest } from "../store/ports.js";
import { LOG_LEVELS, type LogLevel, type LogRecord } from "../store/records.js";

export interface LogLine {
  level: LogLevel;
  source: string;
  message: string;
  runId?: string | null;
  nodeId?: string | null;
  pipelineId?: string | null;
  at?: Date;
}

const MAX_MESSAGE = 10_000;

/** The product's own log (what the Logs page tails): stored, then published for live subscribers. */
export class LogService {
  constructor(
    private readonly store: LogStore,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  async write(line: LogLine): Promise<LogRecord> {
    const record: LogRecord = {
      id: newId(),
      createdAt: line.at ?? this.clock.now(),
      level: line.level,
      source: line.source,
      message: line.message.length > MAX_MESSAGE ? `${line.message.slice(0, MAX_MESSAGE)}…` : line.message,
      runId: line.runId ?? null,
      nodeId: line.nodeId ?? null,
      pipelineId: line.pipelineId ?? null,
    };
    await this.store.insert(record);
    await this.bus.publish(topics.logs(), record);
    return record;
  }

  list(filter: LogFilter, page: PageRequest): Promise<Page<LogRecord>> {
    return this.store.list(filter, page);
  }

  /** Live log lines matching the filter, from now on. */
  tail(filter: LogFilter): AsyncIterableIterator<LogRecord> {
    const minLevel = filter.level === undefined ? 0 : LOG_LEVELS.indexOf(filter.level);
    return filterStream(
      this.bus.subscribe<LogRecord>(topics.logs()),
      (record) =>
        LOG_LEVELS.indexOf(record.level) >= minLevel &&
        (filter.source === undefined || record.source === filter.source) &&
        (filter.runId === undefined || record.runId === filter.runId),
    );
  }
}
