/**
 * Contract: runs whose snapshot and steps are stored apart from their header (so that appends touch only what
 * they change) still read back whole and exactly: every read path, every kind of append, several handles.
 */
import { afterAll, describe, expect, it } from "vitest";
import { newId } from "../../api/src/common/ids.js";
import type { PipelineNode } from "../../api/src/pipelines/dag.js";
import { foldRunEvents, initialProgress, initialStep, type NewRunEvent } from "../../api/src/runs/run-state.js";
import type { Stores } from "../../api/src/store/ports.js";
import type { RunRecord } from "../../api/src/store/records.js";
import { allEvents, expectConsistentRun } from "./runs.contract.js";
import type { ContractTarget, StoresRef } from "./support/contract-target.js";
import { HOSTILE_JSON, at, event, run } from "./support/records.js";

/** A run of `n` nodes ("n0".."n<n-1>"), each with a config of its own. */
export function bigRun(n: number, overrides: Partial<RunRecord> = {}): RunRecord {
  const nodes = Array.from({ length: n }, (_, i): PipelineNode => ({
    id: `n${i}`,
    kind: "filter",
    label: `Step ${i}`,
    config: { where: `x > ${i}`, ...(i === 0 ? HOSTILE_JSON : {}) },
    position: { x: i, y: 0.5 - i },
  }));
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: `n${i}`, target: node.id }));
  return run({ ...initialProgress(nodes.map((node) => node.id)), snapshot: { nodes, edges }, ...overrides });
}

/** What an engine appends for one step: started, some progress, succeeded. */
function stepLife(node: string, atMs: number): NewRunEvent[] {
  return [
    event("STEP_STARTED", atMs, node, { attempt: 1 }),
    event("STEP_PROGRESS", atMs + 1, node, { rowsIn: atMs }),
    event("STEP_SUCCEEDED", atMs + 2, node, { rowsOut: atMs }),
  ];
}

export function runPartsContract(stores: StoresRef, target: ContractTarget): void {
  describe("run parts", () => {
    const opened: Stores[] = [];
    const openAnother = async (): Promise<Stores> => {
      const handle = await target.open();
      opened.push(handle);
      return handle;
    };
    afterAll(async () => {
      for (const handle of opened) await handle.close();
    });

    it("folds appends that touch a few steps of a big run, and reads it back whole by every read path", async () => {
      const n = 120;
      const initial = bigRun(n);
      await stores().runs.createRun(initial, [event("RUN_QUEUED", 0), event("RUN_STARTED", 1)]);
      let count = 2;
      // More distinct steps than any store would keep as a delta, one event at a time and in batches, out of order.
      for (let i = 0; i < 45; i++) {
        const node = `n${(i * 37) % n}`;
        const life = stepLife(node, 10 * i + 10);
        if (i % 2 === 0) {
          for (const e of life) await stores().runs.appendEvents(initial.id, [e]);
        } else {
          await stores().runs.appendEvents(initial.id, life);
        }
        count += life.length;
      }
      // A node the run does not have: its step is appended after the others.
      await stores().runs.appendEvents(initial.id, [event("STEP_STARTED", 999, "extra"), event("LOG", 1000, "n3")]);
      count += 2;
      const events = await expectConsistentRun(stores().runs, initial, count);
      const stored = await stores().runs.get(initial.id);
      expect(stored?.steps.map((s) => s.nodeId)).toStrictEqual([...initial.steps.map((s) => s.nodeId), "extra"]);
      expect(stored?.snapshot).toStrictEqual(initial.snapshot);

      // A terminal event settles every unfinished step at once.
      const ended = await stores().runs.appendEvents(initial.id, [event("RUN_CANCELLED", 2000)]);
      const all = await expectConsistentRun(stores().runs, initial, count + 1);
      expect(ended.run).toStrictEqual(foldRunEvents({ ...initial, lastSeq: 0 }, all));
      expect(ended.run.steps.filter((s) => s.status === "CANCELLED")).toHaveLength(n + 1 - 45);
      expect(all.slice(0, events.length)).toStrictEqual(events);

      const whole = ended.run;
      expect(await stores().runs.getMany([initial.id])).toStrictEqual([whole]);
      expect((await stores().runs.list({ pipelineId: initial.pipelineId }, { first: 5 })).items).toStrictEqual([whole]);
      expect((await stores().runs.latestByPipeline([initial.pipelineId])).get(initial.pipelineId)).toStrictEqual(whole);
      expect(await stores().runs.requestCancel(initial.id, at(3000))).toStrictEqual({
        ...whole,
        cancelRequestedAt: at(3000),
      });
    });

    it("lists many runs, each whole and with its own steps", async () => {
      const pipelineId = newId();
      const runs = Array.from({ length: 7 }, (_, r) => bigRun(20 + r, { pipelineId, createdAt: at(r) }));
      for (const [r, record] of runs.entries()) {
        await stores().runs.createRun(record, [event("RUN_STARTED", 0), ...stepLife(`n${r}`, 10)]);
      }
      const expected = await Promise.all(
        runs.map(async (r) => foldRunEvents({ ...r, lastSeq: 0 }, await allEvents(stores().runs, r.id))),
      );
      const reader = await openAnother();
      for (const handle of [stores(), reader]) {
        const page = await handle.runs.list({ pipelineId }, { first: 10 });
        expect(page.items).toStrictEqual([...expected].reverse());
        expect(await handle.runs.getMany(runs.map((r) => r.id))).toStrictEqual(expected);
      }
    });

    it("sees what another handle appended, when both append to one run in turn", async () => {
      const other = await openAnother();
      const initial = bigRun(40);
      await stores().runs.createRun(initial, [event("RUN_STARTED", 0)]);
      const handles = [stores(), other];
      for (let i = 0; i < 12; i++) {
        const handle = handles[i % 2] as Stores;
        const appended = await handle.runs.appendEvents(initial.id, stepLife(`n${i % 5}`, 10 * i + 10));
        expect(appended.run).toStrictEqual(await handle.runs.get(initial.id));
      }
      const events = await expectConsistentRun(stores().runs, initial, 1 + 12 * 3);
      expect(await other.runs.get(initial.id)).toStrictEqual(foldRunEvents({ ...initial, lastSeq: 0 }, events));
    });

    it("updates a run's snapshot and steps, and folds later appends onto the new steps", async () => {
      const initial = bigRun(10);
      await stores().runs.createRun(initial, [event("RUN_STARTED", 0), ...stepLife("n1", 10)]);
      const other = await openAnother();
      // Warm whatever the second handle keeps of the run before it changes under it.
      await other.runs.appendEvents(initial.id, [event("LOG", 20)]);
      const snapshot = { nodes: initial.snapshot.nodes.slice(0, 2), edges: [] };
      const steps = [initialStep("n0"), { ...initialStep("n1"), status: "SUCCEEDED" as const, attempts: 3 }];
      const updated = await stores().runs.update(initial.id, { snapshot, steps });
      expect(updated).toMatchObject({ snapshot, steps, lastSeq: 5 });
      expect(await other.runs.get(initial.id)).toStrictEqual(updated);

      const appended = await other.runs.appendEvents(initial.id, [event("STEP_STARTED", 30, "n0")]);
      expect(appended.run.steps.map((s) => [s.nodeId, s.status, s.attempts])).toStrictEqual([
        ["n0", "RUNNING", 1],
        ["n1", "SUCCEEDED", 3],
      ]);
      expect(await stores().runs.get(initial.id)).toStrictEqual(appended.run);
      expect(await stores().runs.update(initial.id, { pipelineName: "renamed" })).toStrictEqual({
        ...appended.run,
        pipelineName: "renamed",
      });
    });
  });
}
