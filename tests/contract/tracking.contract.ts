/**
 * Contract: what experiment tracking (the MLflow-compatible API) keeps — groups of experiments, experiments'
 * tracking fields, metric histories by step, logged models, and tags on registered models and versions.
 */
import { describe, expect, it } from "vitest";
import { newId } from "../../api/src/common/ids.js";
import type {
  ExperimentGroupRecord,
  LoggedModelRecord,
  MetricPoint,
  RegisteredModelRecord,
} from "../../api/src/store/records.js";
import { expectDomainError, type StoresRef } from "./support/contract-target.js";
import { HOSTILE_JSON, T0, at, experiment, model } from "./support/records.js";

function group(overrides: Partial<ExperimentGroupRecord> = {}): ExperimentGroupRecord {
  return {
    id: newId(),
    name: `group ${newId()}`,
    artifactLocation: "mlflow-artifacts:/g",
    lifecycleStage: "active",
    tags: { "mlflow.note.content": "hi", $owner: "x" },
    createdAt: T0,
    updatedAt: at(5),
    ...overrides,
  };
}

function loggedModel(overrides: Partial<LoggedModelRecord> = {}): LoggedModelRecord {
  return {
    id: `m-${newId()}`,
    name: "model",
    groupId: newId(),
    experimentId: newId(),
    artifactUri: "mlflow-artifacts:/1/models/m/artifacts",
    status: "PENDING",
    statusMessage: null,
    modelType: null,
    sourceRunId: null,
    params: { "a.b": "1", $x: "2" },
    tags: { "mlflow.source.type": "LOCAL" },
    lifecycleStage: "active",
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

const point = (key: string, value: number, step: number, timestamp = 1_000 + step): MetricPoint => ({
  key,
  value,
  step,
  timestamp,
});

export function trackingContract(stores: StoresRef): void {
  describe("experiment tracking", () => {
    it("round-trips groups, keeps their names unique (deleted ones too) and filters them", async () => {
      const s = stores();
      const a = group();
      await s.experimentGroups.insert(a);
      expect(await s.experimentGroups.get(a.id)).toStrictEqual(a);
      await expectDomainError(s.experimentGroups.insert(group({ name: a.name })), "CONFLICT");
      const deleted = group({ lifecycleStage: "deleted" });
      await s.experimentGroups.insert(deleted);
      expect((await s.experimentGroups.list({ name: a.name }, { first: 5 })).items).toStrictEqual([a]);
      const found = await s.experimentGroups.list(
        { nameContains: deleted.name.slice(6), lifecycleStage: "deleted" },
        { first: 5 },
      );
      expect(found.items).toStrictEqual([deleted]);
      await expectDomainError(s.experimentGroups.count({ name: { $ne: null } as never }), "BAD_USER_INPUT");
    });

    it("keeps experiments' tracking fields and finds them by group and source", async () => {
      const s = stores();
      const [g1, g2] = [newId(), newId()];
      const tracked = experiment({
        source: "MLFLOW",
        groupId: g1,
        group: "my group",
        lifecycleStage: "active",
        artifactUri: `mlflow-artifacts:/${g1}/x/artifacts`,
        userId: "ann",
        inputs: [{ dataset: { name: "d", digest: "1", ...HOSTILE_JSON } }],
        tags: { "mlflow.runName": "r", "a.b": "c" },
        latestMetrics: {
          "loss.val": { value: 0.5, step: 3, timestamp: 9 },
          $odd: { value: "NaN", step: 0, timestamp: 1 },
        },
      });
      const other = experiment({ source: "MLFLOW", groupId: g2, createdAt: at(1) });
      const trained = experiment({ createdAt: at(2) });
      for (const record of [tracked, other, trained]) await s.experiments.insert(record);
      expect(await s.experiments.get(tracked.id)).toStrictEqual(tracked);
      const ids = async (filter: Parameters<typeof s.experiments.list>[0]) =>
        (await s.experiments.list(filter, { first: 10 })).items.map((e) => e.id);
      expect(await ids({ groupIds: [g1] })).toStrictEqual([tracked.id]);
      expect(await ids({ groupIds: [g1, g2] })).toStrictEqual([other.id, tracked.id]);
      expect(await ids({ groupIds: [g1, g2], source: "MILLRACE" })).toStrictEqual([]);
      expect(await ids({ source: "MLFLOW", groupIds: [g2] })).toStrictEqual([other.id]);
      const updated = await s.experiments.update(tracked.id, { lifecycleStage: "deleted", group: "renamed" });
      expect(updated).toMatchObject({ lifecycleStage: "deleted", group: "renamed", tags: tracked.tags });
    });

    it("keeps metric histories in step order, pages them and finds each metric's latest value", async () => {
      const s = stores();
      const id = newId();
      const points = [
        point("loss", 0.9, 0),
        point("loss", 0.5, 2),
        point("loss", 0.7, 1),
        point("acc.val", 0.1, 0),
        point("loss", Number.NaN, 3, 900),
        point("loss", Number.POSITIVE_INFINITY, 3, 950),
        point("acc.val", Number.NEGATIVE_INFINITY, 0, 2_000),
      ];
      await s.experimentMetrics.append(id, points.slice(0, 4));
      await s.experimentMetrics.append(id, points.slice(4));
      // The same point again (a retried request, MLflow 3 re-logging a step for its model) is kept once.
      await s.experimentMetrics.append(id, [point("loss", 0.9, 0), point("loss", 0.9, 0), point("loss", 0.8, 0)]);
      await s.experimentMetrics.append(newId(), [point("loss", 5, 9)]);
      const first = await s.experimentMetrics.history(id, "loss", { first: 3 });
      expect(first.items.map((p) => [p.step, p.value])).toStrictEqual([
        [0, 0.9],
        [0, 0.8],
        [1, 0.7],
      ]);
      expect(first.endCursor).not.toBeNull();
      const rest = await s.experimentMetrics.history(id, "loss", { first: 3, after: first.endCursor });
      expect(rest.endCursor).toBeNull();
      expect(rest.items).toHaveLength(3);
      expect(rest.items[0]).toStrictEqual(point("loss", 0.5, 2));
      expect(rest.items[1]).toMatchObject({ key: "loss", step: 3, timestamp: 900 });
      expect(rest.items[1]?.value).toBeNaN();
      expect(rest.items[2]).toStrictEqual(point("loss", Number.POSITIVE_INFINITY, 3, 950));

      const latest = await s.experimentMetrics.latest(id);
      expect([...latest.keys()].sort()).toStrictEqual(["acc.val", "loss"]);
      expect(latest.get("loss")).toStrictEqual(point("loss", Number.POSITIVE_INFINITY, 3, 950));
      expect(latest.get("acc.val")).toStrictEqual(point("acc.val", Number.NEGATIVE_INFINITY, 0, 2_000));
      expect([...(await s.experimentMetrics.latest(id, ["acc.val"])).keys()]).toStrictEqual(["acc.val"]);
      // Ties at the highest (step, timestamp): the highest value is the latest.
      const tied = newId();
      await s.experimentMetrics.append(tied, [point("t", 0.3, 5, 10), point("t", 0.7, 5, 10), point("t", 0.9, 4, 99)]);
      expect((await s.experimentMetrics.latest(tied)).get("t")).toStrictEqual(point("t", 0.7, 5, 10));
      expect((await s.experimentMetrics.latest(tied, ["t", "absent"])).size).toBe(1);

      expect(await s.experimentMetrics.deleteByExperiment(id)).toBe(points.length + 1);
      expect((await s.experimentMetrics.history(id, "loss", { first: 10 })).items).toStrictEqual([]);
      await expect(s.experimentMetrics.history(id, "loss", { first: 0 })).rejects.toMatchObject({
        code: "BAD_USER_INPUT",
      });
    });

    it("round-trips logged models and finds them by group and experiment", async () => {
      const s = stores();
      const a = loggedModel();
      const b = loggedModel({ groupId: a.groupId, experimentId: null, createdAt: at(1), status: "READY" });
      await s.loggedModels.insert(a);
      await s.loggedModels.insert(b);
      expect(await s.loggedModels.get(a.id)).toStrictEqual(a);
      expect((await s.loggedModels.list({ groupIds: [a.groupId] }, { first: 5 })).items).toStrictEqual([b, a]);
      expect((await s.loggedModels.list({ experimentId: a.experimentId ?? "" }, { first: 5 })).items).toStrictEqual([
        a,
      ]);
    });

    it("keeps tags of registered models and of versions", async () => {
      const s = stores();
      const registered: RegisteredModelRecord = {
        id: newId(),
        name: `tagged ${newId()}`,
        description: "",
        latestVersion: 1,
        aliases: [{ alias: "champion", version: 1 }],
        aliasHistory: [{ alias: "champion", fromVersion: null, toVersion: 1, by: "api", at: at(3) }],
        tags: { "a.b": "1", $team: "ml" },
        version: 1,
        createdAt: T0,
        updatedAt: at(3),
      };
      await s.registeredModels.insert(registered);
      expect(await s.registeredModels.get(registered.id)).toStrictEqual(registered);
      const version = model({
        source: "MLFLOW",
        sourceUri: "models:/m-1",
        tags: { "x.y": "z" },
        updatedAt: at(4),
      });
      await s.models.insert(version);
      expect(await s.models.get(version.id)).toStrictEqual(version);
    });
  });
}
