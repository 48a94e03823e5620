import type { Labels } from "../matrix.js";
import { Rng } from "../rng.js";
import type { BinMapper, BinnedMatrix } from "./binning.js";
import type { EnsembleBuilder } from "./ensemble.js";

/** Settings of one random-forest tree. */
export interface ForestTreeSettings {
  /** Root has depth 0; Infinity for fully grown trees. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features drawn per split (at least this many non-constant ones are tried when available). */
  maxFeatures: number;
  bootstrap: boolean;
}

interface Pending {
  node: number;
  start: number;
  end: number;
  depth: number;
  /** Weighted class counts of the node. */
  counts: Float64Array;
}

/**
 * Grows classification trees on binned features with the Gini criterion: per split, `maxFeatures` random
 * features are histogrammed (weighted class counts per bin) and the best bin boundary wins.
 * Bootstrap draws become integer row weights, so a row drawn twice counts twice but is visited once.
 * Leaves store class proportions (valueWidth = number of classes).
 */
export class ForestGrower {
  private readonly index: Int32Array;
  private readonly scratch: Int32Array;
  private readonly weight: Int32Array;
  private readonly features: Int32Array;
  private readonly hist: Float64Array;
  private readonly uniq: Int32Array;
  private readonly touched: Int32Array;
  private readonly bestLeft: Float64Array;
  private readonly left: Float64Array;

  constructor(
    private readonly data: BinnedMatrix,
    private readonly y: Labels,
    private readonly nClasses: number,
    private readonly mapper: BinMapper,
    private readonly settings: ForestTreeSettings,
  ) {
    const n = data.rows;
    this.index = new Int32Array(n);
    this.scratch = new Int32Array(n);
    this.weight = new Int32Array(n);
    this.features = new Int32Array(data.cols);
    this.hist = new Float64Array(256 * nClasses);
    this.uniq = new Int32Array(256);
    this.touched = new Int32Array(256);
    this.bestLeft = new Float64Array(nClasses);
    this.left = new Float64Array(nClasses);
  }

  /** Grows one tree from its own seed into `out`. */
  grow(seed: number, out: EnsembleBuilder): void {
    const rng = new Rng(seed);
    const n = this.data.rows;
    const K = this.nClasses;
    const weight = this.weight;
    if (this.settings.bootstrap) {
      weight.fill(0);
      for (let r = 0; r < n; r++) weight[rng.int(n)]!++;
    } else {
      weight.fill(1);
    }
    let m = 0;
    const rootCounts = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      if (weight[i]! > 0) {
        this.index[m++] = i;
        rootCounts[this.y[i]!] = rootCounts[this.y[i]!]! + weight[i]!;
      }
    }
    for (let f = 0; f < this.data.cols; f++) this.features[f] = f;

    out.startTree();
    const stack: Pending[] = [{ node: out.addNode(), start: 0, end: m, depth: 0, counts: rootCounts }];
    while (stack.length > 0) {
      const p = stack.pop()!;
      const split = this.canSplit(p) ? this.findSplit(p, rng) : null;
      if (!split) {
        let total = 0;
        for (let k = 0; k < K; k++) total += p.counts[k]!;
        for (let k = 0; k < K; k++) out.value[p.node * K + k] = p.counts[k]! / total;
        continue;
      }
      const mid = this.partition(p.start, p.end, split.feature, split.bin);
      const rightCounts = new Float64Array(K);
      for (let k = 0; k < K; k++) rightCounts[k] = p.counts[k]! - split.leftCounts[k]!;
      const l = out.addNode();
      const r = out.addNode();
      out.setSplit(p.node, split.feature, split.bin, this.mapper.edges[split.feature]![split.bin]!, l, r);
      stack.push({ node: r, start: mid, end: p.end, depth: p.depth + 1, counts: rightCounts });
      stack.push({ node: l, start: p.start, end: mid, depth: p.depth + 1, counts: split.leftCounts });
    }
  }

  private canSplit(p: Pending): boolean {
    const s = this.settings;
    if (p.depth >= s.maxDepth || p.end - p.start < s.minSamplesSplit || p.end - p.start < 2 * s.minSamplesLeaf) {
      return false;
    }
    let nonZero = 0;
    for (let k = 0; k < this.nClasses; k++) if (p.counts[k]! > 0) nonZero++;
    return nonZero > 1;
  }

  private findSplit(p: Pending, rng: Rng): { feature: number; bin: number; leftCounts: Float64Array } | null {
    const K = this.nClasses;
    const d = this.data.cols;
    const n = this.data.rows;
    const bins = this.data.bins;
    const y = this.y;
    const weight = this.weight;
    const index = this.index;
    const hist = this.hist;
    const uniq = this.uniq;
    const touched = this.touched;
    const left = this.left;
    const minLeaf = this.settings.minSamplesLeaf;
    const features = this.features;
    const count = p.end - p.start;
    let total = 0;
    for (let k = 0; k < K; k++) total += p.counts[k]!;

    let bestScore = -Infinity;
    let bestFeature = -1;
    let bestBin = -1;
    let tried = 0;
    for (let t = 0; t < d && tried < this.settings.maxFeatures; t++) {
      // Partial Fisher–Yates: features[t] is a fresh random draw among those not yet tried at this node.
      const j = t + rng.int(d - t);
      const f = features[j]!;
      features[j] = features[t]!;
      features[t] = f;

      const base = f * n;
      let nTouched = 0;
      for (let q = p.start; q < p.end; q++) {
        const i = index[q]!;
        const b = bins[base + i]!;
        if (uniq[b] === 0) touched[nTouched++] = b;
        uniq[b]!++;
        const at = b * K + y[i]!;
        hist[at] = hist[at]! + weight[i]!;
      }
      if (nTouched > 1) {
        tried++;
        const order = touched.subarray(0, nTouched).sort();
        left.fill(0);
        let leftTotal = 0;
        let leftCount = 0;
        for (let r = 0; r < nTouched - 1; r++) {
          const b = order[r]!;
          for (let k = 0; k < K; k++) left[k] = left[k]! + hist[b * K + k]!;
          leftCount += uniq[b]!;
          if (leftCount < minLeaf) continue;
          if (count - leftCount < minLeaf) break;
          leftTotal = 0;
          for (let k = 0; k < K; k++) leftTotal += left[k]!;
          const rightTotal = total - leftTotal;
          // Maximising Σ L²/|L| + Σ R²/|R| is minimising the weighted Gini impurity of the children.
          let sl = 0;
          let sr = 0;
          for (let k = 0; k < K; k++) {
            const a = left[k]!;
            const c = p.counts[k]! - a;
            sl += a * a;
            sr += c * c;
          }
          const score = sl / leftTotal + sr / rightTotal;
          if (score > bestScore) {
            bestScore = score;
            bestFeature = f;
            bestBin = b;
            this.bestLeft.set(left);
          }
        }
      }
      for (let r = 0; r < nTouched; r++) {
        const b = touched[r]!;
        uniq[b] = 0;
        for (let k = 0; k < K; k++) hist[b * K + k] = 0;
      }
    }
    if (bestFeature < 0) return null;
    return { feature: bestFeature, bin: bestBin, leftCounts: Float64Array.from(this.bestLeft) };
  }

  private partition(start: number, end: number, feature: number, bin: number): number {
    const index = this.index;
    const scratch = this.scratch;
    const bins = this.data.bins;
    const base = feature * this.data.rows;
    let l = start;
    let r = 0;
    for (let j = start; j < end; j++) {
      const i = index[j]!;
      if (bins[base + i]! <= bin) index[l++] = i;
      else scratch[r++] = i;
    }
    index.set(scratch.subarray(0, r), l);
    return l;
  }
}
