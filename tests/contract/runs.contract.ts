/**
 * Contract: runs as folded event logs (create, append, concurrent appends, listing events, per-pipeline queries).
 */
import { describe, expect, it } from "vitest";
import { newId } from "../../api/src/common/ids.js";
import { foldRunEvents, type RunEvent } from "../../api/src/runs/run-state.js";
import type { RunRecord } from "../../api/src/store/records.js";
import type { RunStore } from "../../api/src/store/ports.js";
import { expectDomainError, type StoresRef } from "./support/contract-target.js";
import { at, event, lifecycle, run } from "./support/records.js";

/** Every stored event of a run, ascending. */
export async function allEvents(store: RunStore, runId: string): Promise<RunEvent[]> {
  return store.listEvents(runId, 0, 100_000);
}

/** The run's stored state is exactly the fold of its stored events, with seqs 1..n and no gap or duplicate. */
export async function expectConsistentRun(
  store: RunStore,
  initial: RunRecord,
  expectedEvents: number,
): Promise<RunEvent[]> {
  const events = await allEvents(store, initial.id);
  expect(events.map((e) => e.seq)).toStrictEqual(Array.from({ length: expectedEvents }, (_, i) => i + 1));
  const stored = await store.get(initial.id);
  expect(stored).toStrictEqual(foldRunEvents({ ...initial, lastSeq: 0 }, events));
  return events;
}

export function runContract(stores: StoresRef): void {
  describe("runs", () => {
    it("creates a run with its first events and derives its state from them", async () => {
      const initial = run({ lastSeq: 42 });
      const created = await stores().runs.createRun(initial, lifecycle());
      expect(created.events.map((e) => [e.seq, e.type, e.runId])).toStrictEqual(
        lifecycle().map((e, i) => [i + 1, e.type, initial.id]),
      );
      expect(created.run).toMatchObject({
        status: "FAILED",
        lastSeq: 7,
        durationMs: 60,
        error: "step out failed",
        startedAt: at(0),
        finishedAt: at(60),
      });
      expect(created.run.steps.map((s) => [s.nodeId, s.status, s.rowsOut, s.finishedAt])).toStrictEqual([
        ["src", "SUCCEEDED", 5, at(30)],
        ["out", "FAILED", null, at(55)],
      ]);
      expect(created.run).toStrictEqual(foldRunEvents({ ...initial, lastSeq: 0 }, created.events));
      expect(await stores().runs.get(initial.id)).toStrictEqual(created.run);
      expect(await allEvents(stores().runs, initial.id)).toStrictEqual(created.events);
    });

    it("creates a run without events at lastSeq 0", async () => {
      const initial = run({ lastSeq: 3 });
      const created = await stores().runs.createRun(initial, []);
      expect(created).toStrictEqual({ run: { ...initial, lastSeq: 0 }, events: [] });
      expect(await stores().runs.get(initial.id)).toStrictEqual(created.run);
      await expectDomainError(stores().runs.createRun(run({ id: initial.id }), [event("RUN_STARTED", 0)]), "CONFLICT");
      expect(await allEvents(stores().runs, initial.id)).toStrictEqual([]);
    });

    it("appends events with the next seqs, defaults and user payloads kept, and returns what listEvents returns", async () => {
      const initial = run();
      await stores().runs.createRun(initial, [event("RUN_STARTED", 0)]);
      const payload = { $inc: { n: 1 }, "m.rmse": 0.5, list: [null, true] };
      const appended = await stores().runs.appendEvents(initial.id, [
        { type: "METRIC", at: at(5), payload },
        { type: "STEP_STARTED", at: at(6), nodeId: "src" },
      ]);
      expect(appended.events).toStrictEqual([
        { runId: initial.id, seq: 2, type: "METRIC", nodeId: null, payload, at: at(5) },
        { runId: initial.id, seq: 3, type: "STEP_STARTED", nodeId: "src", payload: {}, at: at(6) },
      ]);
      expect(appended.run).toMatchObject({ status: "RUNNING", lastSeq: 3 });
      expect(appended.run.steps[0]).toMatchObject({ status: "RUNNING", attempts: 1, startedAt: at(6) });
      expect(await stores().runs.get(initial.id)).toStrictEqual(appended.run);
      expect((await allEvents(stores().runs, initial.id)).slice(1)).toStrictEqual(appended.events);
      expect(await stores().runs.appendEvents(initial.id, [])).toStrictEqual({ run: appended.run, events: [] });
    });

    it("rejects appending to an unknown run with NOT_FOUND", async () => {
      await expectDomainError(stores().runs.appendEvents(newId(), [event("RUN_STARTED", 0)]), "NOT_FOUND");
    });

    it("never duplicates or skips a seq under concurrent batch appends", async () => {
      const initial = run();
      await stores().runs.createRun(initial, [event("RUN_QUEUED", 0)]);
      const batch = (node: string) =>
        Array.from({ length: 50 }, (_, i) =>
          event(i === 0 ? "STEP_STARTED" : "STEP_PROGRESS", i + 1, node, { rowsIn: i }),
        );
      const results = await Promise.all([
        stores().runs.appendEvents(initial.id, batch("src")),
        stores().runs.appendEvents(initial.id, batch("out")),
      ]);
      const events = await expectConsistentRun(stores().runs, initial, 101);
      // Each caller got back exactly its own events, in its order.
      for (const result of results) {
        expect(result.events).toHaveLength(50);
        expect(result.events.map((e) => e.payload["rowsIn"])).toStrictEqual(Array.from({ length: 50 }, (_, i) => i));
      }
      expect([...results[0].events, ...results[1].events].sort((a, b) => a.seq - b.seq)).toStrictEqual(events.slice(1));
      expect((await stores().runs.get(initial.id))?.lastSeq).toBe(101);
    });

    it("never duplicates or skips a seq under interleaved single-event appends", async () => {
      const initial = run();
      await stores().runs.createRun(initial, []);
      const appender = async (node: string) => {
        for (let i = 0; i < 15; i++)
          await stores().runs.appendEvents(initial.id, [event("STEP_PROGRESS", i, node, { rowsIn: i })]);
      };
      await Promise.all([appender("src"), appender("out"), appender("src")]);
      await stores().runs.appendEvents(initial.id, [event("RUN_SUCCEEDED", 100)]);
      await expectConsistentRun(stores().runs, initial, 46);
      expect((await stores().runs.get(initial.id))?.status).toBe("SUCCEEDED");
    });

    it("lists events after a seq, ascending, at most limit", async () => {
      const initial = run();
      await stores().runs.createRun(initial, lifecycle());
      const seqs = async (after: number, limit: number) =>
        (await stores().runs.listEvents(initial.id, after, limit)).map((e) => e.seq);
      expect(await seqs(0, 3)).toStrictEqual([1, 2, 3]);
      expect(await seqs(3, 100)).toStrictEqual([4, 5, 6, 7]);
      expect(await seqs(7, 10)).toStrictEqual([]);
      expect(await seqs(0, 0)).toStrictEqual([]);
      expect(await stores().runs.listEvents(newId(), 0, 10)).toStrictEqual([]);
    });

    it("finds the newest run of each pipeline", async () => {
      const [a, b, none] = [newId(), newId(), newId()];
      const tiedA = [run({ pipelineId: a, createdAt: at(2_000) }), run({ pipelineId: a, createdAt: at(2_000) })];
      for (const r of [
        run({ pipelineId: a, createdAt: at(1_000) }),
        ...tiedA,
        run({ pipelineId: b, createdAt: at(0) }),
      ]) {
        await stores().runs.insert(r);
      }
      const newestA = [...tiedA].sort((x, y) => (x.id < y.id ? 1 : -1))[0];
      const latest = await stores().runs.latestByPipeline([a, b, none, a]);
      expect([...latest.keys()].sort()).toStrictEqual([a, b].sort());
      expect(latest.get(a)).toStrictEqual(newestA);
      expect(latest.get(b)?.pipelineId).toBe(b);
      expect((await stores().runs.latestByPipeline([])).size).toBe(0);
    });

    it("deletes a pipeline's runs with their events, and nothing else", async () => {
      const [doomed, kept] = [newId(), newId()];
      const doomedRuns = [run({ pipelineId: doomed }), run({ pipelineId: doomed })];
      const keptRun = run({ pipelineId: kept });
      for (const r of [...doomedRuns, keptRun]) await stores().runs.createRun(r, lifecycle());
      expect(await stores().runs.deleteByPipeline(doomed)).toBe(2);
      for (const r of doomedRuns) {
        expect(await stores().runs.get(r.id)).toBeNull();
        expect(await allEvents(stores().runs, r.id)).toStrictEqual([]);
      }
      expect(await allEvents(stores().runs, keptRun.id)).toHaveLength(7);
      expect(await stores().runs.count({ pipelineId: kept })).toBe(1);
      expect(await stores().runs.deleteByPipeline(doomed)).toBe(0);
    });

    it("deletes a single run with its events", async () => {
      const initial = run();
      await stores().runs.createRun(initial, lifecycle());
      expect(await stores().runs.delete(initial.id)).toBe(true);
      expect(await allEvents(stores().runs, initial.id)).toStrictEqual([]);
      await expectDomainError(stores().runs.appendEvents(initial.id, [event("RUN_STARTED", 0)]), "NOT_FOUND");
    });
  });
}
