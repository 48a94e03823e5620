import { F64, FunctionBody, I32 } from "../wasm/assembler.js";
import { KernelModule, layoutAreas } from "../wasm/runtime.js";

// Binning in WebAssembly: a branch-free binary search (eight steps over 255 edges padded with +∞), where V8's
// search mispredicts about half of its steps. A bin is the count of edges < x, the same count the search in
// binning.ts finds: padding edges (+∞) are never < x, and NaN compares false with every edge in both.

/** Params: X (row-major f64), d, n, f, edges (255 f64), out (n bytes): out[i] = #{edges < X[i, f]}. */
function binBody(): FunctionBody {
  const [X, d, n, feature, edges, out] = [0, 1, 2, 3, 4, 5] as const;
  const [px, i, lo] = [6, 7, 8] as const;
  const x = 9;
  const f = new FunctionBody(new Array<number>(6).fill(I32), [I32, I32, I32, F64]);
  f.get(X).get(feature).i32(8).mul().add().set(px);
  f.i32(0).set(i);
  f.loop(() => {
    f.get(px).f64Load().set(x);
    f.i32(0).set(lo);
    for (let step = 128; step >= 1; step >>= 1) {
      // lo = edges[lo + step - 1] < x ? lo + step : lo
      f.get(lo).i32(step).add().get(lo);
      f.get(edges)
        .get(lo)
        .i32(8)
        .mul()
        .add()
        .f64Load(8 * (step - 1))
        .get(x)
        .f64Lt()
        .select()
        .set(lo);
    }
    f.get(out).get(i).add().get(lo).i32Store8();
    f.get(px).get(d).i32(8).mul().add().set(px);
    f.increment(i, 1);
    f.get(i).get(n).lt().continueIf();
  });
  return f;
}

const kernelModule = new KernelModule(() => ({ bin: binBody() }));

type BinFn = (X: number, d: number, n: number, f: number, edges: number, out: number) => void;

/**
 * Bins of the n × d row-major `data` (feature-major out, n·d bytes) by per-feature edges (≤ 254 each), or false
 * without WebAssembly (the caller bins in JavaScript).
 */
export function binInWasm(
  data: Float64Array,
  n: number,
  d: number,
  edges: readonly Float64Array[],
  out: Uint8Array,
): boolean {
  if (n < 1 || d < 1) return false;
  const { offsets, bytes } = layoutAreas([8 * n * d, 8 * 255, n]);
  const owner = {};
  const instance = kernelModule.claim(owner, bytes);
  if (!instance) return false;
  const buffer = instance.memory.buffer;
  new Float64Array(buffer, offsets[0], n * d).set(data.subarray(0, n * d));
  const e = new Float64Array(buffer, offsets[1], 255);
  const col = new Uint8Array(buffer, offsets[2], n);
  const bin = instance.exports.bin as BinFn;
  for (let f = 0; f < d; f++) {
    const fe = edges[f]!;
    if (fe.length > 255) return false;
    e.fill(Infinity);
    e.set(fe);
    bin(offsets[0]!, d, n, f, offsets[1]!, offsets[2]!);
    out.set(col, f * n);
  }
  return true;
}
