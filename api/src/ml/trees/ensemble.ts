import { decodeF64, decodeI32, encodeArray, type EncodedArray } from "../codec.js";

/**
 * Many binary trees in flat typed arrays (nodes of all trees concatenated; child indices are absolute).
 * A leaf has feature -1 and `valueWidth` values at value[node * valueWidth…]; an inner node sends
 * x[feature] <= threshold left.
 */
export interface TreeEnsemble {
  readonly valueWidth: number;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/** Growable storage for trees under construction; also keeps each split's bin for predicting on binned data. */
export class EnsembleBuilder {
  nodes = 0;
  feature: Int32Array;
  threshold: Float64Array;
  bin: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  private readonly roots: number[] = [];

  constructor(
    readonly valueWidth: number,
    capacity = 1024,
  ) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.bin = new Uint8Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Float64Array(capacity * valueWidth);
  }

  /** Marks the next node as the root of a new tree. */
  startTree(): void {
    this.roots.push(this.nodes);
  }

  /** Appends a node (a leaf until `setSplit`) and returns its index. */
  addNode(): number {
    if (this.nodes === this.feature.length) this.grow();
    const id = this.nodes++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    // A builder can be reused (truncateTrees): no value of an earlier tree may show through.
    for (let v = id * this.valueWidth; v < (id + 1) * this.valueWidth; v++) this.value[v] = 0;
    return id;
  }

  setSplit(node: number, feature: number, bin: number, threshold: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.bin[node] = bin;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.right[node] = right;
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const f = new Int32Array(cap);
    f.set(this.feature);
    this.feature = f;
    const t = new Float64Array(cap);
    t.set(this.threshold);
    this.threshold = t;
    const b = new Uint8Array(cap);
    b.set(this.bin);
    this.bin = b;
    const l = new Int32Array(cap);
    l.set(this.left);
    this.left = l;
    const r = new Int32Array(cap);
    r.set(this.right);
    this.right = r;
    const v = new Float64Array(cap * this.valueWidth);
    v.set(this.value);
    this.value = v;
  }

  /** Appends a copy of `src`'s tree rooted at `root` (its nodes from root on, valueWidth 1) as a new tree. */
  appendTree(src: EnsembleBuilder, root: number): void {
    this.startTree();
    const base = this.nodes - root;
    for (let j = root; j < src.nodes; j++) {
      const id = this.addNode();
      const f = src.feature[j]!;
      if (f >= 0) this.setSplit(id, f, src.bin[j]!, src.threshold[j]!, base + src.left[j]!, base + src.right[j]!);
      this.value[id] = src.value[j]!;
    }
  }

  /** Number of trees started. */
  get treeCount(): number {
    return this.roots.length;
  }

  /** Drops the trees from `keep` on (early stopping keeps the best iteration). */
  truncateTrees(keep: number): void {
    if (keep >= this.roots.length) return;
    this.nodes = this.roots[keep]!;
    this.roots.length = keep;
  }

  /** Copies out the finished ensemble, trimmed to size. */
  build(): TreeEnsemble {
    const n = this.nodes;
    return {
      valueWidth: this.valueWidth,
      roots: Int32Array.from(this.roots),
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n * this.valueWidth),
    };
  }
}

/** Leaf reached by row `rowStart` of a row-major matrix in the tree rooted at `root`. */
export function findLeaf(ens: TreeEnsemble, root: number, data: Float64Array, rowStart: number): number {
  const feature = ens.feature;
  const threshold = ens.threshold;
  const left = ens.left;
  const right = ens.right;
  let node = root;
  let f = feature[node]!;
  while (f >= 0) {
    node = data[rowStart + f]! <= threshold[node]! ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}

/** Concatenates ensembles built separately (e.g. forest parts from different workers), in order. */
export function concatEnsembles(parts: readonly TreeEnsemble[]): TreeEnsemble {
  const width = parts[0]!.valueWidth;
  let nodes = 0;
  let trees = 0;
  for (const p of parts) {
    nodes += p.feature.length;
    trees += p.roots.length;
  }
  const out = {
    valueWidth: width,
    roots: new Int32Array(trees),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    value: new Float64Array(nodes * width),
  };
  let nodeOffset = 0;
  let treeOffset = 0;
  for (const p of parts) {
    const m = p.feature.length;
    for (let t = 0; t < p.roots.length; t++) out.roots[treeOffset + t] = p.roots[t]! + nodeOffset;
    out.feature.set(p.feature, nodeOffset);
    out.threshold.set(p.threshold, nodeOffset);
    for (let i = 0; i < m; i++) {
      const leaf = p.feature[i]! < 0;
      out.left[nodeOffset + i] = leaf ? -1 : p.left[i]! + nodeOffset;
      out.right[nodeOffset + i] = leaf ? -1 : p.right[i]! + nodeOffset;
    }
    out.value.set(p.value, nodeOffset * width);
    nodeOffset += m;
    treeOffset += p.roots.length;
  }
  return out;
}

/** An ensemble as stored in model JSON. */
export interface EncodedEnsemble {
  valueWidth: number;
  roots: EncodedArray;
  feature: EncodedArray;
  threshold: EncodedArray;
  left: EncodedArray;
  right: EncodedArray;
  value: EncodedArray;
}

export function encodeEnsemble(e: TreeEnsemble): EncodedEnsemble {
  return {
    valueWidth: e.valueWidth,
    roots: encodeArray(e.roots),
    feature: encodeArray(e.feature),
    threshold: encodeArray(e.threshold),
    left: encodeArray(e.left),
    right: encodeArray(e.right),
    value: encodeArray(e.value),
  };
}

export function decodeEnsemble(e: EncodedEnsemble): TreeEnsemble {
  return {
    valueWidth: e.valueWidth,
    roots: decodeI32(e.roots),
    feature: decodeI32(e.feature),
    threshold: decodeF64(e.threshold),
    left: decodeI32(e.left),
    right: decodeI32(e.right),
    value: decodeF64(e.value),
  };
}
