import { describe, expect, it } from "vitest";
import {
  groupKFold,
  groupShuffleSplit,
  kFold,
  stratifiedGroupKFold,
  stratifiedGroupShuffleSplit,
  stratifiedKFold,
  trainTestSplit,
} from "./model-selection.js";

const y = Int32Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : 1));

describe("splitters", () => {
  it("stratified k-fold keeps class shares, covers each row once, and is seeded", () => {
    const folds = stratifiedKFold(y, 5, 7);
    const seen = new Uint8Array(100);
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(100);
      const ones = Array.from(f.test).filter((i) => y[i] === 1).length;
      expect(ones).toBe(6);
      expect(f.test.length).toBe(20);
      for (const i of f.test) seen[i]!++;
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    expect(stratifiedKFold(y, 5, 7)).toEqual(folds);
    expect(stratifiedKFold(y, 5, 8)).not.toEqual(folds);
  });

  it("rejects fewer rows than folds", () => {
    expect(() => stratifiedKFold(Int32Array.from([0, 1, 0]), 5, 0)).toThrow(/folds: 3 rows are fewer than 5 folds/);
    expect(() => kFold(2, 3, 0)).toThrow(/folds/);
  });

  it("train/test split is stratified and seeded", () => {
    const s = trainTestSplit(y, { testFraction: 0.2, seed: 1 });
    expect(s.test.length).toBe(20);
    expect(Array.from(s.test).filter((i) => y[i] === 1).length).toBe(6);
    expect(trainTestSplit(y, { testFraction: 0.2, seed: 1 })).toEqual(s);
  });

  it("group k-fold never puts one group on both sides", () => {
    const groups = Array.from({ length: 100 }, (_, i) => `rec${i % 13}`);
    for (const f of groupKFold(groups, 4)) {
      const train = new Set(Array.from(f.train, (i) => groups[i]));
      for (const i of f.test) expect(train.has(groups[i])).toBe(false);
    }
    expect(() => groupKFold(["a", "b"], 3)).toThrow(/2 groups cannot fill 3 folds/);
  });

  it("group shuffle split holds out whole groups", () => {
    const groups = Array.from({ length: 60 }, (_, i) => Math.floor(i / 6));
    const s = groupShuffleSplit(groups, { testFraction: 0.3, seed: 3 });
    const testGroups = new Set(Array.from(s.test, (i) => groups[i]));
    expect(testGroups.size).toBe(3);
    for (const i of s.train) expect(testGroups.has(groups[i])).toBe(false);
  });

  // 40 recordings of 4 activities (one activity per recording, 3..12 rows each); activity 3 has 2 recordings.
  const recordings = Array.from({ length: 40 }, (_, g) => ({ g, c: g < 2 ? 3 : g % 3, n: 3 + (g % 10) }));
  const rows = recordings.flatMap((r) => Array.from({ length: r.n }, () => r));
  const yg = Int32Array.from(rows, (r) => r.c);
  const groupsG = rows.map((r) => `rec${r.g}`);

  it("stratified group split keeps whole groups on one side and every class in training", () => {
    const s = stratifiedGroupShuffleSplit(yg, groupsG, { testFraction: 0.25, seed: 5 });
    const trainGroups = new Set(Array.from(s.train, (i) => groupsG[i]));
    for (const i of s.test) expect(trainGroups.has(groupsG[i])).toBe(false);
    const trainClasses = new Set(Array.from(s.train, (i) => yg[i]));
    expect([...trainClasses].sort()).toEqual([0, 1, 2, 3]);
    // About a quarter of each class's groups is held out (the 2-group class gives one).
    const testGroups = new Set(Array.from(s.test, (i) => groupsG[i]));
    expect(testGroups.size).toBeGreaterThanOrEqual(9);
    expect(testGroups.size).toBeLessThanOrEqual(11);
    expect(stratifiedGroupShuffleSplit(yg, groupsG, { testFraction: 0.25, seed: 5 })).toEqual(s);
  });

  it("stratified group k-fold: groups in one fold, classes spread, every row tested once", () => {
    const folds = stratifiedGroupKFold(yg, groupsG, 4, 2);
    const tested = new Uint8Array(yg.length);
    for (const f of folds) {
      const trainGroups = new Set(Array.from(f.train, (i) => groupsG[i]));
      for (const i of f.test) {
        expect(trainGroups.has(groupsG[i])).toBe(false);
        tested[i]!++;
      }
      // The three big classes appear in every test fold.
      const testClasses = new Set(Array.from(f.test, (i) => yg[i]));
      for (const c of [0, 1, 2]) expect(testClasses.has(c)).toBe(true);
    }
    expect(Array.from(tested).every((t) => t === 1)).toBe(true);
    expect(stratifiedGroupKFold(yg, groupsG, 4, 2)).toEqual(folds);
    expect(() => stratifiedGroupKFold(Int32Array.from([0, 1, 0]), ["a", "b", "a"], 3)).toThrow(
      /2 groups cannot fill 3 folds/,
    );
  });
});
