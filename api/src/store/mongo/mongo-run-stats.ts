/**
 * Run statistics computed by the database. FerretDB 1.24 computes only the FIRST accumulator of a `$group` (any
 * further one comes back as 0), so every `$group` here has exactly one accumulator and the four partial results
 * are merged by key. Those are aggregated rows (statuses x days), never runs.
 *
 * On FerretDB each of those four is a pass decoding every run header (it pushes no filter down), the dashboard's
 * main cost under load: there `runStatsOnePass` reads the three fields of every header once and counts here.
 */
import type { Collection } from "mongodb";
import { BadInputError } from "../../common/errors.js";
import { RUN_STATUSES, type RunStatus } from "../../runs/run-state.js";
import type { DayStatusCount, RunStats } from "../ports.js";
import type { RecordDoc } from "./mongo-codec.js";

interface DayStatusKey {
  day: string;
  status: string;
}

export async function runStats(runs: Collection<RecordDoc>, sinceDay: string): Promise<RunStats> {
  checkDay(sinceDay);
  const since = { day: { $gte: sinceDay } };
  const finished = { ...since, durationMs: { $ne: null } };
  const byDayStatus = { day: "$day", status: "$status" };
  const [statusRows, countRows, sumRows, finishedRows] = await Promise.all([
    runs.aggregate<{ _id: string; n: number }>([{ $group: { _id: "$status", n: { $sum: 1 } } }]).toArray(),
    runs
      .aggregate<{ _id: DayStatusKey; n: number }>([
        { $match: since },
        { $group: { _id: byDayStatus, n: { $sum: 1 } } },
      ])
      .toArray(),
    runs
      .aggregate<{ _id: DayStatusKey; n: number }>([
        { $match: finished },
        { $group: { _id: byDayStatus, n: { $sum: "$durationMs" } } },
      ])
      .toArray(),
    runs
      .aggregate<{ _id: DayStatusKey; n: number }>([
        { $match: finished },
        { $group: { _id: byDayStatus, n: { $sum: 1 } } },
      ])
      .toArray(),
  ]);

  const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  for (const row of statusRows) if (isRunStatus(row._id)) byStatus[row._id] = row.n;

  const rows = new Map<string, DayStatusCount>();
  for (const row of countRows) {
    const { day, status } = row._id;
    if (isRunStatus(status)) rows.set(key(row._id), { day, status, count: row.n, durationSumMs: 0, durationCount: 0 });
  }
  for (const row of sumRows) {
    const target = rows.get(key(row._id));
    if (target) target.durationSumMs = row.n;
  }
  for (const row of finishedRows) {
    const target = rows.get(key(row._id));
    if (target) target.durationCount = row.n;
  }
  return { byStatus, perDay: sortPerDay([...rows.values()]) };
}

/** The same statistics from one read of (status, day, durationMs) of every run. */
export async function runStatsOnePass(runs: Collection<RecordDoc>, sinceDay: string): Promise<RunStats> {
  checkDay(sinceDay);
  const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  const rows = new Map<string, DayStatusCount>();
  const cursor = runs.find({}, { projection: { _id: 0, status: 1, day: 1, durationMs: 1 } });
  for await (const doc of cursor) {
    const { status, day, durationMs } = doc as { status?: unknown; day?: unknown; durationMs?: unknown };
    if (!isRunStatus(status)) continue;
    byStatus[status]++;
    if (typeof day !== "string" || day < sinceDay) continue;
    const k = key({ day, status });
    const row = rows.get(k) ?? { day, status, count: 0, durationSumMs: 0, durationCount: 0 };
    rows.set(k, row);
    row.count++;
    // `$ne: null` in the aggregate version: a missing duration is null too.
    if (typeof durationMs === "number") {
      row.durationSumMs += durationMs;
      row.durationCount++;
    }
  }
  return { byStatus, perDay: sortPerDay([...rows.values()]) };
}

function checkDay(day: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new BadInputError("sinceDay", "must be a day as YYYY-MM-DD");
}

function key(k: DayStatusKey): string {
  return `${k.day}\u0000${k.status}`;
}

function isRunStatus(value: unknown): value is RunStatus {
  return (RUN_STATUSES as readonly unknown[]).includes(value);
}

/** Day ascending, then the status order of RUN_STATUSES: the order the SQLite adapter returns too. */
function sortPerDay(rows: DayStatusCount[]): DayStatusCount[] {
  const rank = (s: RunStatus) => RUN_STATUSES.indexOf(s);
  return rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : rank(a.status) - rank(b.status)));
}
