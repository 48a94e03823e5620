import { MlInputError } from "./errors.js";
import type { Labels } from "./matrix.js";
import { Rng } from "./rng.js";

/** Row indices of one train/test split. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * Shuffled, seeded train/test split. With `stratify` (default true) each class keeps its share on both sides
 * (every class with ≥ 2 rows gets at least one test row).
 */
export function trainTestSplit(y: Labels, options: { testFraction: number; seed: number; stratify?: boolean }): Split {
  const n = y.length;
  const { testFraction, seed } = options;
  if (!(testFraction > 0 && testFraction < 1))
    throw new MlInputError("testFraction", `must be in (0, 1), got ${testFraction}`);
  if (n < 2) throw new MlInputError("y", `cannot split ${n} rows into train and test`);
  const rng = new Rng(seed);
  const isTest = new Uint8Array(n);
  if (options.stratify ?? true) {
    for (const members of classMembers(y)) {
      rng.shuffle(members);
      let take = Math.round(members.length * testFraction);
      if (take === 0 && members.length >= 2) take = 1;
      if (take === members.length) take = members.length - 1;
      for (let r = 0; r < take; r++) isTest[members[r]!] = 1;
    }
  } else {
    const order = rng.shuffle(range(n));
    const take = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
    for (let r = 0; r < take; r++) isTest[order[r]!] = 1;
  }
  return fromMask(isTest, 1);
}

/**
 * Stratified, shuffled, seeded k-fold: each class's rows are shuffled and dealt round-robin over the folds,
 * so every fold holds about 1/k of each class. Throws when there are fewer rows than folds.
 */
export function stratifiedKFold(y: Labels, folds: number, seed: number): Split[] {
  checkFolds(folds, y.length);
  const rng = new Rng(seed);
  const fold = new Int32Array(y.length);
  let next = 0;
  for (const members of classMembers(y)) {
    rng.shuffle(members);
    // Continue the deal where the previous class stopped so fold sizes stay within one row of each other.
    for (let r = 0; r < members.length; r++) fold[members[r]!] = next++ % folds;
  }
  return foldsToSplits(fold, folds);
}

/** Plain shuffled, seeded k-fold. */
export function kFold(n: number, folds: number, seed: number): Split[] {
  checkFolds(folds, n);
  const order = new Rng(seed).shuffle(range(n));
  const fold = new Int32Array(n);
  for (let r = 0; r < n; r++) fold[order[r]!] = r % folds;
  return foldsToSplits(fold, folds);
}

/**
 * Group k-fold: all rows of a group (e.g. one recording) land in the same fold, so a group is never on both
 * sides. Groups are placed largest first into the currently smallest fold, as scikit-learn's GroupKFold;
 * `seed` shuffles the order of equal-sized groups.
 */
export function groupKFold(groups: ArrayLike<string | number>, folds: number, seed = 0): Split[] {
  const { groupOf, sizes } = groupIds(groups);
  const nGroups = sizes.length;
  if (!Number.isInteger(folds) || folds < 2) throw new MlInputError("folds", `must be an integer >= 2, got ${folds}`);
  if (nGroups < folds) throw new MlInputError("groups", `${nGroups} groups cannot fill ${folds} folds`);
  const order = new Rng(seed).shuffle(range(nGroups));
  const sorted = Array.from(order).sort((a, b) => sizes[b]! - sizes[a]!);
  const foldSize = new Float64Array(folds);
  const foldOfGroup = new Int32Array(nGroups);
  for (const g of sorted) {
    let lightest = 0;
    for (let f = 1; f < folds; f++) if (foldSize[f]! < foldSize[lightest]!) lightest = f;
    foldOfGroup[g] = lightest;
    foldSize[lightest] = foldSize[lightest]! + sizes[g]!;
  }
  const fold = new Int32Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) fold[i] = foldOfGroup[groupOf[i]!]!;
  return foldsToSplits(fold, folds);
}

/** One shuffled, seeded split by group: about `testFraction` of the groups (not rows) go to test. */
export function groupShuffleSplit(
  groups: ArrayLike<string | number>,
  options: { testFraction: number; seed: number },
): Split {
  const { groupOf, sizes } = groupIds(groups);
  const nGroups = sizes.length;
  const { testFraction, seed } = options;
  if (!(testFraction > 0 && testFraction < 1))
    throw new MlInputError("testFraction", `must be in (0, 1), got ${testFraction}`);
  if (nGroups < 2) throw new MlInputError("groups", "at least two groups are needed for a group split");
  const order = new Rng(seed).shuffle(range(nGroups));
  const take = Math.min(nGroups - 1, Math.max(1, Math.ceil(nGroups * testFraction)));
  const testGroup = new Uint8Array(nGroups);
  for (let r = 0; r < take; r++) testGroup[order[r]!] = 1;
  const isTest = new Uint8Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) isTest[i] = testGroup[groupOf[i]!]!;
  return fromMask(isTest, 1);
}

/**
 * One shuffled, seeded split by group that keeps every class on the training side: each group counts for its
 * most frequent class, and about `testFraction` of each class's groups go to test (none when the class has a
 * single group, never all of them). Rows of a group are never on both sides. Falls back to a plain group split
 * when no class has two groups.
 */
export function stratifiedGroupShuffleSplit(
  y: Labels,
  groups: ArrayLike<string | number>,
  options: { testFraction: number; seed: number },
): Split {
  const { testFraction, seed } = options;
  if (!(testFraction > 0 && testFraction < 1))
    throw new MlInputError("testFraction", `must be in (0, 1), got ${testFraction}`);
  if (groups.length !== y.length) throw new MlInputError("groups", "needs one group per row");
  const { groupOf, sizes } = groupIds(groups);
  if (sizes.length < 2) throw new MlInputError("groups", "at least two groups are needed for a group split");
  const byClass = groupsByMajorityClass(y, groupOf, sizes.length);
  const rng = new Rng(seed);
  const testGroup = new Uint8Array(sizes.length);
  let taken = 0;
  for (const members of byClass) {
    if (members.length < 2) continue;
    rng.shuffle(members);
    const take = Math.min(members.length - 1, Math.max(1, Math.round(members.length * testFraction)));
    for (let r = 0; r < take; r++) testGroup[members[r]!] = 1;
    taken += take;
  }
  if (taken === 0) return groupShuffleSplit(groups, options);
  const isTest = new Uint8Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) isTest[i] = testGroup[groupOf[i]!]!;
  return fromMask(isTest, 1);
}

/**
 * Stratified group k-fold: every group lands in one fold, and each class's groups (a group counts for its most
 * frequent class) are spread over the folds, largest first into the fold holding the fewest rows of that class
 * (ties: the fewest rows overall), as scikit-learn's StratifiedGroupKFold aims for. Seeded shuffling orders
 * equal-sized groups. Throws when there are fewer groups than folds.
 */
export function stratifiedGroupKFold(y: Labels, groups: ArrayLike<string | number>, folds: number, seed = 0): Split[] {
  if (!Number.isInteger(folds) || folds < 2) throw new MlInputError("folds", `must be an integer >= 2, got ${folds}`);
  if (groups.length !== y.length) throw new MlInputError("groups", "needs one group per row");
  const { groupOf, sizes } = groupIds(groups);
  if (sizes.length < folds) throw new MlInputError("groups", `${sizes.length} groups cannot fill ${folds} folds`);
  const byClass = groupsByMajorityClass(y, groupOf, sizes.length);
  const rng = new Rng(seed);
  const foldRows = new Float64Array(folds);
  const foldOfGroup = new Int32Array(sizes.length);
  for (const members of byClass) {
    const order = Array.from(rng.shuffle(members)).sort((a, b) => sizes[b]! - sizes[a]!);
    const classRows = new Float64Array(folds);
    for (const g of order) {
      let best = 0;
      for (let f = 1; f < folds; f++) {
        if (classRows[f]! < classRows[best]! || (classRows[f] === classRows[best] && foldRows[f]! < foldRows[best]!))
          best = f;
      }
      foldOfGroup[g] = best;
      classRows[best] = classRows[best]! + sizes[g]!;
      foldRows[best] = foldRows[best]! + sizes[g]!;
    }
  }
  for (let f = 0; f < folds; f++) {
    if (foldRows[f] === 0) throw new MlInputError("groups", `the groups cannot fill ${folds} folds; use fewer folds`);
  }
  const fold = new Int32Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) fold[i] = foldOfGroup[groupOf[i]!]!;
  return foldsToSplits(fold, folds);
}

/** Group ids per class, each group under its most frequent class (ties: the lowest class id). */
function groupsByMajorityClass(y: Labels, groupOf: Int32Array, nGroups: number): Int32Array[] {
  const counts = new Map<number, Map<number, number>>();
  for (let i = 0; i < y.length; i++) {
    const g = groupOf[i]!;
    let perClass = counts.get(g);
    if (!perClass) counts.set(g, (perClass = new Map<number, number>()));
    perClass.set(y[i]!, (perClass.get(y[i]!) ?? 0) + 1);
  }
  const lists: number[][] = [];
  for (let g = 0; g < nGroups; g++) {
    let best = -1;
    let bestCount = -1;
    for (const [c, n] of counts.get(g) ?? [])
      if (n > bestCount || (n === bestCount && c < best)) [best, bestCount] = [c, n];
    (lists[best] ??= []).push(g);
  }
  return lists.filter((l) => l !== undefined && l.length > 0).map((l) => Int32Array.from(l));
}

function checkFolds(folds: number, n: number): void {
  if (!Number.isInteger(folds) || folds < 2) throw new MlInputError("folds", `must be an integer >= 2, got ${folds}`);
  if (n < folds) throw new MlInputError("folds", `${n} rows are fewer than ${folds} folds`);
}

function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function classMembers(y: Labels): Int32Array[] {
  const counts: number[] = [];
  for (let i = 0; i < y.length; i++) counts[y[i]!] = (counts[y[i]!] ?? 0) + 1;
  const members = counts.map((c) => new Int32Array(c ?? 0));
  const fill = new Int32Array(counts.length);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    members[c]![fill[c]!++] = i;
  }
  return members.filter((m) => m.length > 0);
}

function groupIds(groups: ArrayLike<string | number>): { groupOf: Int32Array; sizes: number[] } {
  const ids = new Map<string | number, number>();
  const groupOf = new Int32Array(groups.length);
  const sizes: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const key = groups[i];
    if (key === undefined || key === null || (typeof key === "number" && Number.isNaN(key))) {
      throw new MlInputError("groups", `row ${i} has no group`);
    }
    let id = ids.get(key);
    if (id === undefined) {
      id = sizes.length;
      ids.set(key, id);
      sizes.push(0);
    }
    groupOf[i] = id;
    sizes[id]!++;
  }
  return { groupOf, sizes };
}

function fromMask(mask: Uint8Array, testValue: number): Split {
  let nTest = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === testValue) nTest++;
  const train = new Int32Array(mask.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === testValue) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

function foldsToSplits(fold: Int32Array, folds: number): Split[] {
  const out: Split[] = [];
  const mask = new Uint8Array(fold.length);
  for (let f = 0; f < folds; f++) {
    for (let i = 0; i < fold.length; i++) mask[i] = fold[i] === f ? 1 : 0;
    out.push(fromMask(mask, 1));
  }
  return out;
}
