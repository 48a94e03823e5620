import { availableParallelism } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { makeBlobs } from "../datasets/index.js";
import { GradientBoosting } from "../estimators/gradient-boosting.js";
import { Rng } from "../rng.js";
import { binMatrix, fitBinMapper } from "./binning.js";
import { EnsembleBuilder } from "./ensemble.js";
import { setHistHelperEnabled, warmHistHelper } from "./hist-helper.js";
import { HistGrower, setHistWasmEnabled, setLastTreeOverlap, stallHelperBuild } from "./hist-grower.js";
import { nodeHistogram, rootHistogram } from "./hist-kernel.js";
import { histMemory, WasmHistKernels } from "./hist-kernel-wasm.js";

// Seven features: the kernels' groups of four, two and one all run.
const rows = 30_000;
const data = makeBlobs({ rows, features: 7, classes: 3, separation: 1, seed: 5 });
const settings = { maxLeafNodes: 31, maxDepth: Infinity, minSamplesLeaf: 20, l2: 0, learningRate: 0.1 };

function gradients(n: number, seed: number): { g: Float32Array; h: Float32Array } {
  const rng = new Rng(seed);
  const g = new Float32Array(n);
  const h = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = rng.next() - 0.5;
    h[i] = rng.next() * 0.25;
  }
  return { g, h };
}

function growTrees(threads: 1 | 2): ReturnType<typeof growTreesWith> {
  const mapper = fitBinMapper(data.X, 255, 0);
  return growTreesWith(new HistGrower(binMatrix(mapper, data.X), mapper, settings, threads));
}

/** Like growTrees(2), once the helper has taken the grower's buffers, with its `stall`-th build stalled. */
async function growTreesHelped(stall: number): Promise<ReturnType<typeof growTreesWith>> {
  const mapper = fitBinMapper(data.X, 255, 0);
  const grower = new HistGrower(binMatrix(mapper, data.X), mapper, settings, 2);
  for (let tries = 0; !grower.helperReady && tries < 1000; tries++) await new Promise((r) => setTimeout(r, 5));
  expect(grower.helperReady).toBe(true);
  stallHelperBuild(stall);
  return growTreesWith(grower);
}

function growTreesWith(grower: HistGrower): { builder: EnsembleBuilder; parallelBuilds: number; stalls: number } {
  const builder = new EnsembleBuilder(1, 256);
  try {
    for (let t = 0; t < 4; t++) {
      const { g, h } = gradients(rows, t);
      grower.grow(g, h, builder);
    }
  } finally {
    grower.close();
  }
  return { builder, parallelBuilds: grower.parallelBuilds, stalls: grower.helperStalls };
}

interface Iterations {
  builder: EnsembleBuilder;
  raw: Float64Array;
  gradients: Float32Array;
  remoteTrees: number;
  overlappedTrees: number;
  parallelBuilds: number;
}

/**
 * Three boosting iterations of a 3-class softmax through growIteration (with two threads once the helper has
 * taken the grower's buffers, the last class's tree grown as `lastTreeOverlap` says); returns the trees and the
 * final state.
 */
async function growIterations(threads: 1 | 2, lastTreeOverlap: boolean | null = null): Promise<Iterations> {
  const mapper = fitBinMapper(data.X, 255, 0);
  const grower = new HistGrower(binMatrix(mapper, data.X), mapper, settings, threads, { width: 3, labels: data.y });
  if (threads === 2) {
    for (let tries = 0; !grower.helperReady && tries < 1000; tries++) await new Promise((r) => setTimeout(r, 5));
    expect(grower.helperReady).toBe(true);
  }
  setLastTreeOverlap(lastTreeOverlap);
  try {
    return growIterationsWith(grower);
  } finally {
    setLastTreeOverlap(null);
  }
}

function growIterationsWith(grower: HistGrower): Iterations {
  const builder = new EnsembleBuilder(1, 256);
  const roots: number[] = [];
  try {
    for (let t = 0; t < 3; t++) {
      grower.computeGradients();
      grower.growIteration(builder, (k, root) => roots.push(k, root));
    }
    // Folds the last iteration's trees into the scores.
    grower.computeGradients();
  } finally {
    grower.close();
  }
  // Trees arrive in class order, each reported where it starts.
  expect(roots.filter((_, i) => i % 2 === 0)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
  return {
    builder,
    raw: grower.raw.slice(),
    gradients: grower.gradients.slice(),
    remoteTrees: grower.remoteTrees,
    overlappedTrees: grower.overlappedTrees,
    parallelBuilds: grower.parallelBuilds,
  };
}

describe("histogram kernels", () => {
  it("equal a plain per-feature, per-row sum for every feature grouping", () => {
    const mapper = fitBinMapper(data.X, 16, 0);
    const B = binMatrix(mapper, data.X);
    const d = B.cols;
    const off3 = new Int32Array(d + 1);
    for (let f = 0; f < d; f++) off3[f + 1] = off3[f]! + mapper.nBins[f]! * 3;
    const { g, h } = gradients(rows, 9);
    const index = Int32Array.from({ length: 500 }, (_, j) => j * 37);
    const gh = new Float64Array(1000);
    index.forEach((i, j) => {
      gh[2 * j] = g[i]!;
      gh[2 * j + 1] = h[i]!;
    });
    const expectedRoot = new Float64Array(off3[d]!);
    const expectedNode = new Float64Array(off3[d]!);
    for (let f = 0; f < d; f++) {
      for (let i = 0; i < rows; i++) {
        const p = off3[f]! + B.bins[f * rows + i]! * 3;
        expectedRoot[p] = expectedRoot[p]! + g[i]!;
        expectedRoot[p + 1] = expectedRoot[p + 1]! + h[i]!;
      }
      index.forEach((i, j) => {
        const p = off3[f]! + B.bins[f * rows + i]! * 3;
        expectedNode[p] = expectedNode[p]! + gh[2 * j]!;
        expectedNode[p + 1] = expectedNode[p + 1]! + gh[2 * j + 1]!;
        expectedNode[p + 2] = expectedNode[p + 2]! + 1;
      });
    }
    // Split points as a helper would take them: every feature range must give the same sums.
    for (const split of [0, 1, 3, 5, 7]) {
      const root = new Float64Array(off3[d]!);
      rootHistogram(B.bins, rows, g, h, root, off3, 0, split);
      rootHistogram(B.bins, rows, g, h, root, off3, split, d);
      expect(root).toEqual(expectedRoot);
      const node = new Float64Array(off3[d]!);
      nodeHistogram(B.bins, rows, index, 0, 500, gh, node, off3, 0, split);
      nodeHistogram(B.bins, rows, index, 0, 500, gh, node, off3, split, d);
      expect(node).toEqual(expectedNode);
    }

    // The WebAssembly kernels, on one memory: bins, index, (g, h) pairs (all rows, then the node's), histogram.
    const memory = histMemory(rows * d + 4 * 500 + 16 * rows + 16 * 500 + 8 * off3[d]! + 64);
    expect(memory).not.toBeNull();
    const kernels = WasmHistKernels.on(memory!);
    expect(kernels).not.toBeNull();
    const buffer = memory!.buffer;
    let at = 0;
    const area = (bytes: number): number => {
      const from = at;
      at += Math.ceil(bytes / 16) * 16;
      return from;
    };
    const wBins = new Uint8Array(buffer, area(rows * d), rows * d);
    wBins.set(B.bins);
    const wIndex = new Int32Array(buffer, area(4 * 500), 500);
    wIndex.set(index);
    const rootGH = new Float64Array(buffer, area(16 * rows), 2 * rows);
    for (let i = 0; i < rows; i++) {
      rootGH[2 * i] = g[i]!;
      rootGH[2 * i + 1] = h[i]!;
    }
    const nodeGH = new Float64Array(buffer, area(16 * 500), 1000);
    nodeGH.set(gh);
    const wHist = new Float64Array(buffer, area(8 * expectedRoot.length), expectedRoot.length);
    for (const split of [0, 1, 3, 5, 7]) {
      wHist.fill(0);
      kernels!.root(wBins.byteOffset, rows, rootGH.byteOffset, wHist.byteOffset, off3, 0, split);
      kernels!.root(wBins.byteOffset, rows, rootGH.byteOffset, wHist.byteOffset, off3, split, d);
      expect(wHist).toEqual(expectedRoot);
      wHist.fill(0);
      kernels!.node(
        wBins.byteOffset,
        rows,
        wIndex.byteOffset,
        500,
        nodeGH.byteOffset,
        wHist.byteOffset,
        off3,
        0,
        split,
      );
      kernels!.node(
        wBins.byteOffset,
        rows,
        wIndex.byteOffset,
        500,
        nodeGH.byteOffset,
        wHist.byteOffset,
        off3,
        split,
        d,
      );
      expect(wHist).toEqual(expectedNode);
    }
  });

  it("subtract histograms in WebAssembly as JavaScript does, odd lengths included", () => {
    const memory = histMemory(2 * 8 * 7 + 16);
    const kernels = memory && WasmHistKernels.on(memory);
    expect(kernels).not.toBeNull();
    const a = new Float64Array(memory!.buffer, 0, 7);
    const b = new Float64Array(memory!.buffer, 64, 7);
    a.set([1.5, 0.1, -3, 1e300, 7, 0.3, 2]);
    b.set([0.5, 0.2, -3, -1e300, 7.5, 0.1, 0.25]);
    const expected = a.map((v, i) => v - b[i]!);
    kernels!.subtract(a, b);
    expect(a).toEqual(expected);
  });

  it("grow the same trees in WebAssembly as in JavaScript", () => {
    const params = { n_estimators: 5, early_stopping: false } as const;
    setHistHelperEnabled(false);
    try {
      setHistWasmEnabled(false);
      const js = new GradientBoosting(params).fit(data.X, data.y).toJSON();
      setHistWasmEnabled(true);
      const wasm = new GradientBoosting(params).fit(data.X, data.y).toJSON();
      expect(wasm).toEqual(js);
    } finally {
      setHistHelperEnabled(true);
      setHistWasmEnabled(true);
    }
  });
});

describe.skipIf(availableParallelism() < 2)("histograms on a helper thread", () => {
  beforeAll(async () => {
    expect(await warmHistHelper()).toBe(true);
  }, 60_000);

  it("grow exactly the trees of one thread", () => {
    const serial = growTrees(1);
    const parallel = growTrees(2);
    expect(serial.parallelBuilds).toBe(0);
    expect(parallel.parallelBuilds).toBeGreaterThan(0);
    const a = serial.builder;
    const b = parallel.builder;
    expect(b.nodes).toBe(a.nodes);
    expect(b.feature.subarray(0, b.nodes)).toEqual(a.feature.subarray(0, a.nodes));
    expect(b.bin.subarray(0, b.nodes)).toEqual(a.bin.subarray(0, a.nodes));
    expect(b.value.subarray(0, b.nodes)).toEqual(a.value.subarray(0, a.nodes));
  });

  it("grow exactly the trees of one thread when the helper stalls at the root or at a split", async () => {
    const serial = growTrees(1);
    for (const which of [0, 1, 3]) {
      let parallel: ReturnType<typeof growTrees>;
      try {
        parallel = await growTreesHelped(which);
      } finally {
        stallHelperBuild(-1);
      }
      // The builds before the stalled one took the helper's share.
      expect(parallel.stalls).toBe(1);
      expect(parallel.parallelBuilds).toBeGreaterThanOrEqual(which);
      const a = serial.builder;
      const b = parallel.builder;
      expect(b.nodes).toBe(a.nodes);
      for (const key of ["feature", "bin", "left", "threshold", "value"] as const) {
        expect(b[key].subarray(0, b.nodes)).toEqual(a[key].subarray(0, a.nodes));
      }
    }
  });

  it("grow boosting iterations (helper growing every other class's tree) exactly as one thread does", async () => {
    const serial = await growIterations(1);
    // The last class's tree waits for the helper, then grows with its share: both paths run whatever the timing.
    const parallel = await growIterations(2, false);
    expect(serial.remoteTrees).toBe(0);
    expect(parallel.remoteTrees).toBeGreaterThan(0);
    expect(parallel.parallelBuilds).toBeGreaterThan(0);
    const a = serial.builder;
    const b = parallel.builder;
    expect(b.treeCount).toBe(9);
    expect(b.nodes).toBe(a.nodes);
    expect(b.feature.subarray(0, b.nodes)).toEqual(a.feature.subarray(0, a.nodes));
    expect(b.bin.subarray(0, b.nodes)).toEqual(a.bin.subarray(0, a.nodes));
    expect(b.left.subarray(0, b.nodes)).toEqual(a.left.subarray(0, a.nodes));
    expect(b.threshold.subarray(0, b.nodes)).toEqual(a.threshold.subarray(0, a.nodes));
    expect(b.value.subarray(0, b.nodes)).toEqual(a.value.subarray(0, a.nodes));
    expect(parallel.raw).toEqual(serial.raw);
    expect(parallel.gradients).toEqual(serial.gradients);
    // The trees moved the scores away from where they started.
    expect(serial.raw.some((v) => v !== 0)).toBe(true);
  });

  it("grow the last class's tree while the helper grows its own, exactly as one thread does", async () => {
    const serial = await growIterations(1);
    const parallel = await growIterations(2, true);
    expect(parallel.overlappedTrees).toBe(3);
    expect(parallel.remoteTrees).toBe(3);
    const a = serial.builder;
    const b = parallel.builder;
    expect(b.nodes).toBe(a.nodes);
    for (const key of ["feature", "bin", "left", "right", "threshold", "value"] as const) {
      expect(b[key].subarray(0, b.nodes)).toEqual(a[key].subarray(0, a.nodes));
    }
    expect(parallel.raw).toEqual(serial.raw);
    expect(parallel.gradients).toEqual(serial.gradients);
  });

  it("grow the same boosting iterations with the JavaScript kernels on both threads", async () => {
    const wasm = await growIterations(2);
    setHistWasmEnabled(false);
    let js: Iterations;
    try {
      js = await growIterations(2);
    } finally {
      setHistWasmEnabled(true);
    }
    expect(js.remoteTrees).toBeGreaterThan(0);
    expect(js.builder.nodes).toBe(wasm.builder.nodes);
    expect(js.builder.feature.subarray(0, js.builder.nodes)).toEqual(
      wasm.builder.feature.subarray(0, js.builder.nodes),
    );
    expect(js.builder.value.subarray(0, js.builder.nodes)).toEqual(wasm.builder.value.subarray(0, js.builder.nodes));
    expect(js.raw).toEqual(wasm.raw);
  });

  it("leave a GradientBoosting model unchanged (helper on or off)", () => {
    const params = { n_estimators: 5, early_stopping: false } as const;
    setHistHelperEnabled(false);
    const off = new GradientBoosting(params).fit(data.X, data.y).toJSON();
    setHistHelperEnabled(true);
    const on = new GradientBoosting(params).fit(data.X, data.y).toJSON();
    expect(on).toEqual(off);
  });
});
