/**
 * Contract: keyed records (insert, get, getMany, update, delete) and the meta store.
 */
import { describe, expect, it } from "vitest";
import { newId } from "../../api/src/common/ids.js";
import { initialStep } from "../../api/src/runs/run-state.js";
import type { EntityStore } from "../../api/src/store/ports.js";
import { expectDomainError, type StoresRef } from "./support/contract-target.js";
import {
  HOSTILE_JSON,
  at,
  automl,
  dataset,
  experiment,
  log,
  model,
  pipeline,
  run,
  validation,
} from "./support/records.js";

type AnyStore<T extends { id: string; createdAt: Date }> = EntityStore<T, never>;

async function expectRoundTrip<T extends { id: string; createdAt: Date }>(
  store: AnyStore<T>,
  record: T,
): Promise<void> {
  await store.insert(record);
  expect(await store.get(record.id)).toStrictEqual(record);
  expect(await store.getMany([record.id])).toStrictEqual([record]);
}

export function entityContract(stores: StoresRef): void {
  describe("records", () => {
    it("round-trips a record of every collection deep-equal", async () => {
      const s = stores();
      await expectRoundTrip(
        s.pipelines,
        pipeline({
          tags: ["a", "b"],
          schedule: {
            cron: "0 * * * *",
            timezone: "Europe/Oslo",
            enabled: true,
            overlap: "QUEUE",
            catchUp: "ALL",
            catchUpLimit: 3,
          },
          scheduled: true,
          updatedAt: at(99),
        }),
      );
      await expectRoundTrip(s.datasets, dataset());
      await expectRoundTrip(s.experiments, experiment());
      await expectRoundTrip(s.models, model());
      await expectRoundTrip(s.automl, automl());
      await expectRoundTrip(s.validations, validation());
      await expectRoundTrip(s.logs, log({ runId: newId(), nodeId: "src" }));
    });

    it("revives dates nested in arrays (run steps) and keeps nulls", async () => {
      const record = run({
        status: "RUNNING",
        startedAt: at(1),
        steps: [
          {
            ...initialStep("src"),
            status: "SUCCEEDED",
            attempts: 2,
            rowsIn: 10,
            rowsOut: 9,
            startedAt: at(2),
            finishedAt: at(3),
            durationMs: 1,
          },
          initialStep("out"),
        ],
      });
      await stores().runs.insert(record);
      const stored = await stores().runs.get(record.id);
      expect(stored).toStrictEqual(record);
      expect(stored?.steps[0]?.startedAt).toBeInstanceOf(Date);
      expect(stored?.steps[1]?.startedAt).toBeNull();
    });

    it("keeps user JSON as data, whatever its keys look like", async () => {
      const record = pipeline();
      await stores().pipelines.insert(record);
      expect((await stores().pipelines.get(record.id))?.nodes[0]?.config).toStrictEqual({
        ...HOSTILE_JSON,
        path: "x.csv",
      });
      const nodes = [
        {
          id: "n",
          kind: "k",
          label: "l",
          config: { $set: { version: 99 }, "x.y.z": [{ $oid: "0" }] },
          position: { x: 1, y: 2 },
        },
      ];
      const updated = await stores().pipelines.update(record.id, { nodes });
      expect(updated).toMatchObject({ nodes, version: 1 });
      expect((await stores().pipelines.get(record.id))?.nodes).toStrictEqual(nodes);
    });

    it("rejects an existing id with CONFLICT and keeps the original", async () => {
      const original = dataset();
      await stores().datasets.insert(original);
      await expectDomainError(stores().datasets.insert({ ...dataset(), id: original.id }), "CONFLICT");
      expect(await stores().datasets.get(original.id)).toStrictEqual(original);
    });

    it("rejects a second model with the same name and version with CONFLICT", async () => {
      const first = model({ version: 1 });
      await stores().models.insert(first);
      await expectDomainError(stores().models.insert(model({ name: first.name, version: 1 })), "CONFLICT");
      await stores().models.insert(model({ name: first.name, version: 2 }));
      await stores().models.insert(model({ version: 1 }));
      expect(await stores().models.count({ name: first.name })).toBe(2);
    });

    it("gets null for an unknown id, and getMany only what exists, in the order asked", async () => {
      const [a, b] = [log(), log()];
      await stores().logs.insert(a);
      await stores().logs.insert(b);
      expect(await stores().logs.get(newId())).toBeNull();
      expect(await stores().logs.getMany([])).toStrictEqual([]);
      expect(await stores().logs.getMany([b.id, newId(), a.id, b.id])).toStrictEqual([b, a]);
    });

    it("deletes once", async () => {
      const record = automl();
      await stores().automl.insert(record);
      expect(await stores().automl.delete(record.id)).toBe(true);
      expect(await stores().automl.delete(record.id)).toBe(false);
      expect(await stores().automl.get(record.id)).toBeNull();
    });
  });

  describe("update", () => {
    it("sets top-level fields, dates included, and returns the stored record", async () => {
      const record = experiment();
      await stores().experiments.insert(record);
      const patch = { status: "FAILED" as const, error: "boom", finishedAt: at(500), durationMs: 490, metrics: {} };
      const updated = await stores().experiments.update(record.id, patch);
      expect(updated).toStrictEqual({ ...record, ...patch });
      expect(await stores().experiments.get(record.id)).toStrictEqual({ ...record, ...patch });
    });

    it("never changes the id or createdAt", async () => {
      const record = validation();
      await stores().validations.insert(record);
      // Past the types, as a careless caller could.
      const sneaky = { id: "other", createdAt: at(1_000), score: 1 } as unknown as { score: number };
      await stores().validations.update(record.id, sneaky);
      expect(await stores().validations.get(record.id)).toStrictEqual({ ...record, score: 1 });
      expect(await stores().validations.get("other")).toBeNull();
    });

    it("returns null for an absent record, with or without ifVersion", async () => {
      expect(await stores().pipelines.update(newId(), { description: "x" })).toBeNull();
      expect(await stores().pipelines.update(newId(), { description: "x" }, { ifVersion: 1 })).toBeNull();
    });

    it("with ifVersion, updates only that version and increments it", async () => {
      const record = pipeline({ version: 4 });
      await stores().pipelines.insert(record);
      const updated = await stores().pipelines.update(record.id, { description: "v5" }, { ifVersion: 4 });
      expect(updated).toStrictEqual({ ...record, description: "v5", version: 5 });
      expect(await stores().pipelines.update(record.id, { description: "stale" }, { ifVersion: 4 })).toStrictEqual({
        conflict: true,
        current: 5,
      });
      expect(await stores().pipelines.get(record.id)).toStrictEqual({ ...record, description: "v5", version: 5 });
    });

    it("lets exactly one of many concurrent writers of the same version win", async () => {
      const record = pipeline();
      await stores().pipelines.insert(record);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          stores().pipelines.update(record.id, { description: `writer ${i}` }, { ifVersion: 1 }),
        ),
      );
      const winners = results.filter((r) => r !== null && !("conflict" in r));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r !== null && "conflict" in r)).toStrictEqual(
        Array(7).fill({ conflict: true, current: 2 }),
      );
      expect(await stores().pipelines.get(record.id)).toStrictEqual(winners[0]);
    });
  });

  describe("meta", () => {
    it("gets null until set, then the latest value", async () => {
      const key = `k.${newId()}`;
      expect(await stores().meta.get(key)).toBeNull();
      await stores().meta.set(key, "one");
      await stores().meta.set(key, "two");
      expect(await stores().meta.get(key)).toBe("two");
    });
  });
}
