/**
 * Metric histories in one collection: a document per logged point, ordered by (step, timestamp, _id).
 */
import { ObjectId, type Collection, type Db } from "mongodb";
import {
  checkHistoryPage,
  decodeMetricValue,
  decodeOffset,
  encodeMetricValue,
  encodeOffset,
  latestOf,
} from "../metric-points.js";
import type { ExperimentMetricStore, MetricHistoryPage } from "../ports.js";
import type { MetricPoint } from "../records.js";
import { isDuplicateKey } from "./mongo-errors.js";

export const EXPERIMENT_METRICS = "experiment_metrics";

interface PointDoc {
  _id: ObjectId;
  experimentId: string;
  key: string;
  value: number | null;
  special: string | null;
  timestamp: number;
  step: number;
}

export async function ensureMetricIndexes(db: Db): Promise<void> {
  // Unique: a point logged twice (a client retrying, MLflow 3 re-logging a step for a model) is kept once.
  await db
    .collection(EXPERIMENT_METRICS)
    .createIndexes([{ key: { experimentId: 1, key: 1, step: 1, timestamp: 1, value: 1, special: 1 }, unique: true }]);
}

export class MongoMetricStore implements ExperimentMetricStore {
  private readonly collection: Collection<PointDoc>;

  constructor(db: Db) {
    this.collection = db.collection<PointDoc>(EXPERIMENT_METRICS);
  }

  async append(experimentId: string, points: readonly MetricPoint[]): Promise<void> {
    if (points.length === 0) return;
    const docs = uniquePoints(points);
    try {
      await this.insert(experimentId, docs);
    } catch (error) {
      // Points stored already (a retried request): insert the others one by one, skipping the duplicates.
      if (!isDuplicateKey(error)) throw error;
      for (const point of docs) {
        try {
          await this.insert(experimentId, [point]);
        } catch (inner) {
          if (!isDuplicateKey(inner)) throw inner;
        }
      }
    }
  }

  private async insert(experimentId: string, points: readonly MetricPoint[]): Promise<void> {
    await this.collection.insertMany(
      points.map((point) => ({
        _id: new ObjectId(),
        experimentId,
        key: point.key,
        ...encodeMetricValue(point.value),
        timestamp: Math.trunc(point.timestamp),
        step: Math.trunc(point.step),
      })),
      { ordered: true },
    );
  }

  async history(
    experimentId: string,
    key: string,
    page: { first: number; after?: string | null },
  ): Promise<MetricHistoryPage> {
    const first = checkHistoryPage(page.first);
    const offset = decodeOffset(page.after);
    const docs = await this.collection
      .find({ experimentId: { $eq: experimentId }, key: { $eq: key } })
      .sort({ step: 1, timestamp: 1, _id: 1 })
      .skip(offset)
      .limit(first + 1)
      .toArray();
    return {
      items: docs.slice(0, first).map(pointOf),
      endCursor: docs.length > first ? encodeOffset(offset + first) : null,
    };
  }

  async latest(experimentId: string, keys?: readonly string[]): Promise<Map<string, MetricPoint>> {
    const names = keys ?? (await this.collection.distinct("key", { experimentId: { $eq: experimentId } }));
    // Per key, the points at its highest (step, timestamp), found through the index: no scan of the history.
    const points: MetricPoint[] = [];
    for (const key of new Set(names)) {
      const [top] = await this.collection
        .find({ experimentId: { $eq: experimentId }, key: { $eq: key } })
        .sort({ step: -1, timestamp: -1 })
        .limit(1)
        .toArray();
      if (!top) continue;
      const ties = await this.collection
        .find({
          experimentId: { $eq: experimentId },
          key: { $eq: key },
          step: { $eq: top.step },
          timestamp: { $eq: top.timestamp },
        })
        .sort({ _id: 1 })
        .toArray();
      points.push(...ties.map(pointOf));
    }
    return latestOf(points);
  }

  async deleteByExperiment(experimentId: string): Promise<number> {
    return (await this.collection.deleteMany({ experimentId: { $eq: experimentId } })).deletedCount;
  }
}

function pointOf(doc: PointDoc): MetricPoint {
  return { key: doc.key, value: decodeMetricValue(doc.value, doc.special), timestamp: doc.timestamp, step: doc.step };
}

/** The points without repeats inside the batch itself (same key, step, timestamp and value). */
function uniquePoints(points: readonly MetricPoint[]): MetricPoint[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    const id = JSON.stringify([p.key, p.step, p.timestamp, encodeMetricValue(p.value)]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
