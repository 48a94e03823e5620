import { F64, FunctionBody, I32, V128 } from "../wasm/assembler.js";
import { emitExpF64x2 } from "../wasm/exp.js";
import { KernelModule, layoutAreas, type KernelInstance } from "../wasm/runtime.js";

// The two dense products of a multinomial logistic-regression evaluation, in WebAssembly with 128-bit SIMD: V8's
// scalar loops are bound by loads, and a vector load brings two classes' values at once. Vectors run across
// classes (weights stored feature-major, d × Kp), so each score and gradient entry is still a sum over rows or
// features in their natural order: the same operations, in the same order, as the scalar code in
// logistic-loss.ts for the blocked rows.
//
// Layout (byte offsets into the memory, all f64): Z is np × d (np = rows rounded up to 4, extra rows zero), WT and
// GT are d × Kp (Kp = classes rounded up to 4, extra classes zero), bias Kp, S np × Kp. Every loop runs at least
// once, so the sizes must be positive.

const SCORE_PARAMS = 7; // Z, WT, bias, S, np, d, Kp
const GRAD_PARAMS = 6; // Z, R, GT, np, d, Kp

/** S[i, k] = Σⱼ Z[i, j]·WT[j, k] + bias[k], four rows by four classes per pass. */
function scoresBody(): FunctionBody {
  const [Z, WT, bias, S, np, d, Kp] = [0, 1, 2, 3, 4, 5, 6] as const;
  // i32 locals
  const [rowBytes, kpBytes, zEnd, pz, pz1, pz2, pz3, ps, k, j, pw] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17] as const;
  // v128 locals: eight accumulators (row r, classes k..k+1 / k+2..k+3), four splatted features, two weights.
  const acc = range(SCORE_PARAMS + 11, 8);
  const z = range(SCORE_PARAMS + 19, 4);
  const [w0, w1] = [SCORE_PARAMS + 23, SCORE_PARAMS + 24] as const;
  const f = new FunctionBody(new Array<number>(SCORE_PARAMS).fill(I32), [
    ...new Array<number>(11).fill(I32),
    ...new Array<number>(14).fill(V128),
  ]);
  f.get(d).i32(8).mul().set(rowBytes);
  f.get(Kp).i32(8).mul().set(kpBytes);
  f.get(Z).get(np).get(rowBytes).mul().add().set(zEnd);
  f.get(Z).set(pz);
  f.get(S).set(ps);
  f.loop(() => {
    f.get(pz).get(rowBytes).add().tee(pz1).get(rowBytes).add().tee(pz2).get(rowBytes).add().set(pz3);
    f.i32(0).set(k);
    f.loop(() => {
      for (const a of acc) f.v128Zero().set(a);
      f.i32(0).set(j);
      f.get(WT).get(k).add().set(pw);
      f.loop(() => {
        [pz, pz1, pz2, pz3].forEach((p, r) => f.get(p).get(j).add().v128Load64Splat().set(z[r]!));
        f.get(pw).v128Load().set(w0);
        f.get(pw).v128Load(16).set(w1);
        for (let r = 0; r < 4; r++) {
          f.get(acc[2 * r]!)
            .get(z[r]!)
            .get(w0)
            .f64x2Mul()
            .f64x2Add()
            .set(acc[2 * r]!);
          f.get(acc[2 * r + 1]!)
            .get(z[r]!)
            .get(w1)
            .f64x2Mul()
            .f64x2Add()
            .set(acc[2 * r + 1]!);
        }
        f.get(pw).get(kpBytes).add().set(pw);
        f.increment(j, 8);
        f.get(j).get(rowBytes).lt().continueIf();
      });
      for (let r = 0; r < 4; r++) {
        for (let h = 0; h < 2; h++) {
          // S row r, classes k + 2h, k + 2h + 1.
          f.get(ps).get(k).add();
          if (r > 0) f.get(kpBytes).i32(r).mul().add();
          f.get(acc[2 * r + h]!)
            .get(bias)
            .get(k)
            .add()
            .v128Load(16 * h)
            .f64x2Add()
            .v128Store(16 * h);
        }
      }
      f.increment(k, 32);
      f.get(k).get(kpBytes).lt().continueIf();
    });
    f.get(pz3).get(rowBytes).add().set(pz);
    f.get(ps).get(kpBytes).i32(4).mul().add().set(ps);
    f.get(pz).get(zEnd).lt().continueIf();
  });
  return f;
}

/** GT[j, k] += Σᵢ R[i, k]·Z[i, j] (GT zeroed by the caller), four rows by four classes per pass. */
function gradientBody(): FunctionBody {
  const [Z, R, GT, np, d, Kp] = [0, 1, 2, 3, 4, 5] as const;
  const [rowBytes, kpBytes, zEnd, pz, pz1, pz2, pz3, pr, k, j, pg] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] as const;
  // v128 locals: residuals of four rows × four classes (row r: rr[2r] classes k..k+1, rr[2r+1] k+2..k+3), features.
  const rr = range(GRAD_PARAMS + 11, 8);
  const z = range(GRAD_PARAMS + 19, 4);
  const f = new FunctionBody(new Array<number>(GRAD_PARAMS).fill(I32), [
    ...new Array<number>(11).fill(I32),
    ...new Array<number>(12).fill(V128),
  ]);
  f.get(d).i32(8).mul().set(rowBytes);
  f.get(Kp).i32(8).mul().set(kpBytes);
  f.get(Z).get(np).get(rowBytes).mul().add().set(zEnd);
  f.get(Z).set(pz);
  f.get(R).set(pr);
  f.loop(() => {
    f.get(pz).get(rowBytes).add().tee(pz1).get(rowBytes).add().tee(pz2).get(rowBytes).add().set(pz3);
    f.i32(0).set(k);
    f.loop(() => {
      for (let r = 0; r < 4; r++) {
        for (let h = 0; h < 2; h++) {
          f.get(pr).get(k).add();
          if (r > 0) f.get(kpBytes).i32(r).mul().add();
          f.v128Load(16 * h).set(rr[2 * r + h]!);
        }
      }
      f.i32(0).set(j);
      f.get(GT).get(k).add().set(pg);
      f.loop(() => {
        [pz, pz1, pz2, pz3].forEach((p, r) => f.get(p).get(j).add().v128Load64Splat().set(z[r]!));
        for (let h = 0; h < 2; h++) {
          f.get(pg);
          f.get(pg).v128Load(16 * h);
          for (let r = 0; r < 4; r++)
            f.get(rr[2 * r + h]!)
              .get(z[r]!)
              .f64x2Mul()
              .f64x2Add();
          f.v128Store(16 * h);
        }
        f.get(pg).get(kpBytes).add().set(pg);
        f.increment(j, 8);
        f.get(j).get(rowBytes).lt().continueIf();
      });
      f.increment(k, 32);
      f.get(k).get(kpBytes).lt().continueIf();
    });
    f.get(pz3).get(rowBytes).add().set(pz);
    f.get(pr).get(kpBytes).i32(4).mul().add().set(pr);
    f.get(pz).get(zEnd).lt().continueIf();
  });
  return f;
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

type ScoresFn = (Z: number, WT: number, bias: number, S: number, np: number, d: number, Kp: number) => void;
type GradientFn = (Z: number, R: number, GT: number, np: number, d: number, Kp: number) => void;

/**
 * Softmax residuals of rows [0, n) of S (Kp columns, the first K real): per row, e_k = exp(S_k - max) (our exp),
 * sums[i] = Σ e_k (even classes in one lane, odd ones in the other, then the two lanes added), eY[i] = e_y; then
 * S_k = e_k · (1 / sum), and S_y -= 1. Padding classes are masked (masks: Kp / 2 vectors, all-ones on real
 * classes): they count in neither the max nor the sum and end up 0. Params: S, y, masks, sums, eY, n, Kp.
 */
function residualsBody(): FunctionBody {
  const [S, y, masks, sums, eY, n, Kp] = [0, 1, 2, 3, 4, 5, 6] as const;
  const [i, row, p, pEnd, yi] = [7, 8, 9, 10, 11] as const;
  const [mx, v, x, k, e, sum] = [12, 13, 14, 15, 16, 17] as const;
  const [m, s] = [18, 19] as const;
  const f = new FunctionBody(new Array<number>(7).fill(I32), [
    ...new Array<number>(5).fill(I32),
    ...new Array<number>(6).fill(V128),
    F64,
    F64,
  ]);
  const pairs = (body: () => void): void => {
    f.i32(0).set(p);
    f.loop(() => {
      body();
      f.increment(p, 16);
      f.get(p).get(pEnd).lt().continueIf();
    });
  };
  const mask = (): void => {
    f.get(masks).get(p).add().v128Load();
  };
  f.get(Kp).i32(8).mul().set(pEnd);
  f.get(S).set(row);
  f.i32(0).set(i);
  f.loop(() => {
    // max over the real classes (as `v > max ? v : max`: the same value whatever the order)
    f.f64x2Const(-Infinity).set(mx);
    pairs(() => {
      f.get(row).get(p).add().v128Load().f64x2Const(-Infinity);
      mask();
      f.v128Bitselect().set(v);
      f.get(mx).get(v).f64x2Pmax().set(mx);
    });
    f.get(mx).f64x2ExtractLane(0).set(m);
    f.get(mx).f64x2ExtractLane(1).get(m).get(m).get(mx).f64x2ExtractLane(1).f64Lt().select().set(m);
    f.get(m).f64x2Splat().set(mx);
    f.v128Zero().set(sum);
    pairs(() => {
      f.get(row).get(p).add().v128Load().get(mx).f64x2Sub().set(x);
      emitExpF64x2(f, x, k, e);
      f.get(e);
      mask();
      f.v128And().set(e);
      f.get(row).get(p).add().get(e).v128Store();
      f.get(sum).get(e).f64x2Add().set(sum);
    });
    f.get(sum).f64x2ExtractLane(0).get(sum).f64x2ExtractLane(1).f64Add().set(s);
    f.get(sums).get(i).i32(8).mul().add().get(s).f64Store();
    f.get(y).get(i).i32(4).mul().add().i32Load().i32(8).mul().get(row).add().set(yi);
    f.get(eY).get(i).i32(8).mul().add().get(yi).f64Load().f64Store();
    f.f64Const(1).get(s).f64Div().f64x2Splat().set(mx);
    pairs(() => {
      f.get(row).get(p).add().get(row).get(p).add().v128Load().get(mx).f64x2Mul().v128Store();
    });
    f.get(yi).get(yi).f64Load().f64Const(1).f64Sub().f64Store();
    f.get(row).get(pEnd).add().set(row);
    f.increment(i, 1);
    f.get(i).get(n).lt().continueIf();
  });
  return f;
}

const kernelModule = new KernelModule(() => ({
  scores: scoresBody(),
  gradient: gradientBody(),
  residuals: residualsBody(),
}));

/** Where the problem lives in the module's memory, from the last claim. */
interface Binding {
  instance: KernelInstance;
  scores: ScoresFn;
  gradient: GradientFn;
  residuals: ResidualsFn;
  WT: Float64Array;
  bias: Float64Array;
  S: Float64Array;
  GT: Float64Array;
  sums: Float64Array;
  eY: Float64Array;
}

type ResidualsFn = (S: number, y: number, masks: number, sums: number, eY: number, n: number, Kp: number) => void;

/**
 * The standardised features of one fit in WebAssembly memory, with the products a softmax loss evaluation needs.
 * Call `claim` at the start of every evaluation (the memory is shared with other fits), then use the views: `S`
 * (np × Kp scores, then residuals), `WT` and `bias` (weights to score with), `GT` (gradient).
 */
export class SoftmaxKernels {
  private binding: Binding;
  /** Identifies this problem to the module's memory owner check. */
  private readonly token = {};

  private constructor(
    private readonly Z: Float64Array,
    private readonly y: Int32Array,
    private readonly K: number,
    private readonly n: number,
    readonly np: number,
    readonly d: number,
    readonly Kp: number,
    private readonly layout: { offsets: number[]; bytes: number },
  ) {
    const binding = this.bind();
    if (!binding) throw new Error("SoftmaxKernels: no WebAssembly memory");
    this.binding = binding;
  }

  /**
   * Kernels over the n × d row-major Z (copied) and labels y (copied) of K classes, or null when WebAssembly SIMD
   * is not available.
   */
  static create(Z: Float64Array, y: Int32Array, n: number, d: number, K: number): SoftmaxKernels | null {
    if (n < 1 || d < 1 || K < 1) return null;
    const np = Math.ceil(n / 4) * 4;
    const Kp = Math.ceil(K / 4) * 4;
    const layout = layoutAreas([
      ...[np * d, d * Kp, Kp, np * Kp, d * Kp].map((count) => 8 * count),
      4 * n,
      8 * Kp,
      8 * n,
      8 * n,
    ]);
    // A first claim tells whether WebAssembly SIMD is there at all.
    if (!kernelModule.claim({}, layout.bytes)) return null;
    return new SoftmaxKernels(Z, y, K, n, np, d, Kp, layout);
  }

  get WT(): Float64Array {
    return this.binding.WT;
  }

  get bias(): Float64Array {
    return this.binding.bias;
  }

  get S(): Float64Array {
    return this.binding.S;
  }

  get GT(): Float64Array {
    return this.binding.GT;
  }

  /** Σ e_k of every row, from the last `residuals` call. */
  get sums(): Float64Array {
    return this.binding.sums;
  }

  /** e_y of every row, from the last `residuals` call. */
  get eY(): Float64Array {
    return this.binding.eY;
  }

  /** S (scores) becomes softmax - one-hot(y) on the n real rows; `sums` and `eY` give the log-losses. */
  residuals(): void {
    const o = this.layout.offsets;
    this.binding.residuals(o[3]!, o[5]!, o[6]!, o[7]!, o[8]!, this.n, this.Kp);
  }

  /** Makes sure the memory holds this problem (another fit may have used it since the last evaluation). */
  claim(): void {
    if (kernelModule.owns(this.token, this.binding.instance)) return;
    const binding = this.bind();
    if (!binding) throw new Error("SoftmaxKernels: WebAssembly memory no longer available");
    this.binding = binding;
  }

  /** S = Z·WT + bias for every (padded) row. */
  scores(): void {
    const o = this.layout.offsets;
    this.binding.scores(o[0]!, o[1]!, o[2]!, o[3]!, this.np, this.d, this.Kp);
  }

  /** GT = Sᵀ·Z (S holding residuals; padded rows multiply zero features). */
  gradient(): void {
    const o = this.layout.offsets;
    this.binding.GT.fill(0);
    this.binding.gradient(o[0]!, o[3]!, o[4]!, this.np, this.d, this.Kp);
  }

  /** Claims the memory and writes Z there, with zero padding rows and zero padding classes in WT and bias. */
  private bind(): Binding | null {
    const instance = kernelModule.claim(this.token, this.layout.bytes);
    if (!instance) return null;
    const { np, d, Kp, n } = this;
    const o = this.layout.offsets;
    const view = (area: number, length: number): Float64Array =>
      new Float64Array(instance.memory.buffer, o[area], length);
    const Zw = view(0, np * d);
    Zw.set(this.Z.subarray(0, n * d));
    Zw.fill(0, n * d);
    new Int32Array(instance.memory.buffer, o[5], n).set(this.y.subarray(0, n));
    // Class pair p's mask: all-ones on the lanes of real classes (< K), zero on padding.
    const masks = new BigInt64Array(instance.memory.buffer, o[6], Kp);
    for (let k = 0; k < Kp; k++) masks[k] = k < this.K ? -1n : 0n;
    const binding: Binding = {
      instance,
      scores: instance.exports.scores as ScoresFn,
      gradient: instance.exports.gradient as GradientFn,
      residuals: instance.exports.residuals as ResidualsFn,
      WT: view(1, d * Kp).fill(0),
      bias: view(2, Kp).fill(0),
      S: view(3, np * Kp),
      GT: view(4, d * Kp),
      sums: view(7, n),
      eY: view(8, n),
    };
    return binding;
  }
}
