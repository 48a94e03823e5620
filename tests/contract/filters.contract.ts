/**
 * Contract: every filter operator, with values that must stay data (no operators, no wildcards, no regex).
 */
import { describe, expect, it } from "vitest";
import { newId } from "../../api/src/common/ids.js";
import type { PipelineFilter, RunFilter } from "../../api/src/store/ports.js";
import { expectDomainError, type StoresRef } from "./support/contract-target.js";
import { at, dataset, experiment, log, model, pipeline, run, validation, automl } from "./support/records.js";

function names(items: readonly { name: string }[]): string[] {
  return items.map((item) => item.name).sort();
}

export function filterContract(stores: StoresRef): void {
  describe("filters", () => {
    it("matches a name exactly (eq) or as a case-insensitive substring (contains), and a tag (has)", async () => {
      const tag = `t-${newId()}`;
      for (const name of ["Alpha Beta", "alpha", "GAMMA alphabet"])
        await stores().pipelines.insert(pipeline({ name, tags: ["x", tag] }));
      await stores().pipelines.insert(pipeline({ name: "alpha", tags: ["x"] }));
      const list = async (filter: PipelineFilter) =>
        names((await stores().pipelines.list({ tag, ...filter }, { first: 50 })).items);
      expect(await list({})).toStrictEqual(["Alpha Beta", "GAMMA alphabet", "alpha"]);
      expect(await list({ name: "alpha" })).toStrictEqual(["alpha"]);
      expect(await list({ name: "ALPHA" })).toStrictEqual([]);
      expect(await list({ nameContains: "ALPHA" })).toStrictEqual(["Alpha Beta", "GAMMA alphabet", "alpha"]);
      expect(await list({ nameContains: "ha b" })).toStrictEqual(["Alpha Beta"]);
      expect(await list({ nameContains: "" })).toStrictEqual(["Alpha Beta", "GAMMA alphabet", "alpha"]);
      expect(await stores().pipelines.count({ tag: "x" })).toBeGreaterThanOrEqual(4);
    });

    it("treats wildcard and regular-expression characters in contains literally", async () => {
      const tag = `lit-${newId()}`;
      const all = ["a.c", "abc", "a%c", "a_c", "(x)", "back\\slash", "[y]", "st*r", "^$", "a|b", "?+{2}"];
      for (const name of all) await stores().pipelines.insert(pipeline({ name, tags: [tag] }));
      const contains = async (nameContains: string) =>
        names((await stores().pipelines.list({ tag, nameContains }, { first: 50 })).items);
      expect(await contains("a.c")).toStrictEqual(["a.c"]);
      expect(await contains("%")).toStrictEqual(["a%c"]);
      expect(await contains("_")).toStrictEqual(["a_c"]);
      expect(await contains("(x")).toStrictEqual(["(x)"]);
      expect(await contains("\\")).toStrictEqual(["back\\slash"]);
      expect(await contains("[")).toStrictEqual(["[y]"]);
      expect(await contains("*")).toStrictEqual(["st*r"]);
      expect(await contains("^$")).toStrictEqual(["^$"]);
      expect(await contains("|")).toStrictEqual(["a|b"]);
      expect(await contains("{2}")).toStrictEqual(["?+{2}"]);
      expect(await contains(".*")).toStrictEqual([]);
    });

    it("folds case beyond ASCII in contains", async () => {
      const tag = `uni-${newId()}`;
      for (const name of ["École d'été", "ÉCOLE", "ecole", "Straße", "ΣΟΦΊΑ"]) {
        await stores().pipelines.insert(pipeline({ name, tags: [tag] }));
      }
      const contains = async (nameContains: string) =>
        names((await stores().pipelines.list({ tag, nameContains }, { first: 50 })).items);
      expect(await contains("éco")).toStrictEqual(["ÉCOLE", "École d'été"]);
      expect(await contains("ÉTÉ")).toStrictEqual(["École d'été"]);
      expect(await contains("ECO")).toStrictEqual(["ecole"]);
      expect(await contains("STRASSE")).toStrictEqual([]);
      expect(await contains("σοφ")).toStrictEqual(["ΣΟΦΊΑ"]);
    });

    it("rejects a non-scalar filter value with BAD_USER_INPUT instead of running it as an operator", async () => {
      const operator = { $ne: null } as unknown as string;
      await expectDomainError(stores().pipelines.list({ name: operator }, { first: 10 }), "BAD_USER_INPUT");
      await expectDomainError(stores().pipelines.count({ tag: operator }), "BAD_USER_INPUT");
      await expectDomainError(
        stores().runs.list({ status: [operator] } as unknown as RunFilter, { first: 10 }),
        "BAD_USER_INPUT",
      );
      await expectDomainError(
        stores().runs.count({ createdAfter: { $gt: 0 } } as unknown as RunFilter),
        "BAD_USER_INPUT",
      );
    });

    it("matches an operator-looking string only literally", async () => {
      const literal = pipeline({ name: '{"$ne": null}' });
      await stores().pipelines.insert(literal);
      const page = await stores().pipelines.list({ name: '{"$ne": null}' }, { first: 50 });
      expect(page.items.map((p) => p.id)).toStrictEqual([literal.id]);
      expect(await stores().pipelines.count({ nameContains: '"$ne"' })).toBe(1);
    });

    it("filters runs by pipeline, status set, trigger and a half-open creation interval", async () => {
      const pipelineId = newId();
      const make = (
        minute: number,
        status: "QUEUED" | "RUNNING" | "FAILED",
        trigger: "MANUAL" | "SCHEDULE" = "MANUAL",
      ) => run({ pipelineId, status, trigger, createdAt: at(minute * 60_000) });
      const runs = [
        make(0, "QUEUED"),
        make(1, "RUNNING", "SCHEDULE"),
        make(2, "FAILED"),
        make(3, "FAILED", "SCHEDULE"),
      ];
      for (const r of runs) await stores().runs.insert(r);
      await stores().runs.insert(run({ status: "FAILED", createdAt: at(60_000) }));
      const ids = async (filter: RunFilter) =>
        (await stores().runs.list({ pipelineId, ...filter }, { first: 50 })).items.map((r) => r.id);
      const [r0, r1, r2, r3] = runs.map((r) => r.id);
      expect(await ids({})).toStrictEqual([r3, r2, r1, r0]);
      expect(await ids({ status: ["FAILED", "QUEUED"] })).toStrictEqual([r3, r2, r0]);
      expect(await ids({ trigger: "SCHEDULE" })).toStrictEqual([r3, r1]);
      expect(await ids({ createdAfter: at(60_000), createdBefore: at(180_000) })).toStrictEqual([r2, r1]);
      expect(await ids({ createdAfter: at(60_001) })).toStrictEqual([r3, r2]);
      expect(await ids({ createdBefore: at(60_000), status: ["QUEUED"] })).toStrictEqual([r0]);
    });

    it("filters logs by minimum level, source, run and message substring", async () => {
      const source = `src-${newId()}`;
      const runId = newId();
      const lines = [
        log({ source, level: "DEBUG", message: "Connecting" }),
        log({ source, level: "INFO", message: "Read 10 rows", runId }),
        log({ source, level: "WARN", message: "slow READ", runId }),
        log({ source, level: "ERROR", message: "disk full" }),
      ];
      for (const line of lines) await stores().logs.insert(line);
      const messages = async (filter: object) =>
        (await stores().logs.list({ source, ...filter }, { first: 50 })).items.map((l) => l.message).sort();
      expect(await messages({ level: "DEBUG" })).toHaveLength(4);
      expect(await messages({ level: "WARN" })).toStrictEqual(["disk full", "slow READ"]);
      expect(await messages({ runId })).toStrictEqual(["Read 10 rows", "slow READ"]);
      expect(await messages({ messageContains: "read" })).toStrictEqual(["Read 10 rows", "slow READ"]);
      expect(await messages({ messageContains: "read", level: "ERROR" })).toStrictEqual([]);
    });

    it("filters experiments, models, datasets, AutoML runs and validations by their fields", async () => {
      const datasetId = newId();
      await stores().experiments.insert(
        experiment({ datasetId, name: "Churn LR", status: "RUNNING", algorithm: "lr" }),
      );
      await stores().experiments.insert(experiment({ datasetId, name: "churn RF", status: "FAILED", algorithm: "rf" }));
      const experiments = async (filter: object) =>
        names((await stores().experiments.list({ datasetId, ...filter }, { first: 9 })).items);
      expect(await experiments({ status: ["FAILED", "SUCCEEDED"] })).toStrictEqual(["churn RF"]);
      expect(await experiments({ algorithm: "lr" })).toStrictEqual(["Churn LR"]);
      expect(await experiments({ nameContains: "CHURN" })).toStrictEqual(["Churn LR", "churn RF"]);

      const alias = `alias-${newId()}`;
      const name = `model-${newId()}`;
      await stores().models.insert(model({ name, version: 1, aliases: [] }));
      await stores().models.insert(model({ name, version: 2, aliases: ["staging", alias] }));
      expect((await stores().models.list({ alias }, { first: 9 })).items.map((m) => m.version)).toStrictEqual([2]);
      expect(await stores().models.count({ name, nameContains: name.toUpperCase() })).toBe(2);

      const marker = newId();
      await stores().datasets.insert(dataset({ name: `sales ${marker}`, source: "SAMPLE" }));
      await stores().datasets.insert(dataset({ name: `SALES ${marker} copy`, source: "UPLOAD" }));
      expect(
        names(
          (await stores().datasets.list({ nameContains: `Sales ${marker}`, source: "SAMPLE" }, { first: 9 })).items,
        ),
      ).toStrictEqual([`sales ${marker}`]);

      await stores().automl.insert(automl({ name: `search ${marker}`, status: "CANCELLED" }));
      expect(await stores().automl.count({ nameContains: marker, status: ["CANCELLED"] })).toBe(1);
      expect(await stores().automl.count({ nameContains: marker, status: ["RUNNING"] })).toBe(0);

      const runId = newId();
      await stores().validations.insert(validation({ runId, datasetId, status: "WARNED" }));
      await stores().validations.insert(validation({ runId, status: "FAILED" }));
      expect(await stores().validations.count({ runId })).toBe(2);
      expect(await stores().validations.count({ runId, datasetId })).toBe(1);
      expect(await stores().validations.count({ runId, status: ["FAILED", "ERROR"] })).toBe(1);
    });
  });
}
