/**
 * A minimal WebAssembly binary writer for the numeric kernels: one imported memory (plain or shared), functions of
 * i32 parameters, i32/v128 locals, and the handful of instructions the kernels use. Only what the kernels need: no validation
 * beyond the engine's own when the module is compiled.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Instruction writer for one function body. */
export class FunctionBody {
  readonly bytes: number[] = [];

  /**
   * @param params value types of the parameters (locals 0..params.length-1).
   * @param locals value types of the further locals, in index order after the parameters.
   * @param results value types the body leaves on the stack at its end (none by default).
   */
  constructor(
    readonly params: number[],
    readonly locals: number[],
    readonly results: number[] = [],
  ) {}

  get(local: number): this {
    return this.op(0x20, ...uleb(local));
  }

  set(local: number): this {
    return this.op(0x21, ...uleb(local));
  }

  tee(local: number): this {
    return this.op(0x22, ...uleb(local));
  }

  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }

  add(): this {
    return this.op(0x6a);
  }

  mul(): this {
    return this.op(0x6c);
  }

  sub(): this {
    return this.op(0x6b);
  }

  /** Unsigned i32 less-or-equal. */
  leU(): this {
    return this.op(0x4d);
  }

  /** Of the two values below the i32 condition, the first when it is non-zero (branch-free). */
  select(): this {
    return this.op(0x1b);
  }

  shl(): this {
    return this.op(0x74);
  }

  /** Signed i32 less-than. */
  lt(): this {
    return this.op(0x48);
  }

  /** Loop over the code `body` writes; `br_if 0` inside it jumps back to the start. */
  loop(body: (f: this) => void): this {
    this.op(0x03, 0x40);
    body(this);
    return this.op(0x0b);
  }

  /** Jump to the innermost enclosing loop's start when the i32 on the stack is non-zero. */
  continueIf(): this {
    return this.op(0x0d, 0x00);
  }

  /** A block around the code `body` writes; `exitIf(depth)` inside it jumps past its end. */
  block(body: (f: this) => void): this {
    this.op(0x02, 0x40);
    body(this);
    return this.op(0x0b);
  }

  /**
   * When the i32 on the stack is non-zero, jump to the end of the enclosing block `depth` levels out (0: the
   * innermost construct, a block or loop, is the block itself).
   */
  exitIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }

  /** i32 equality (1 or 0). */
  eq(): this {
    return this.op(0x46);
  }

  /** Bitwise i32 or. */
  or(): this {
    return this.op(0x72);
  }

  /** Bitwise i32 xor. */
  xor(): this {
    return this.op(0x73);
  }

  /** Unsigned (logical) i32 shift right. */
  shrU(): this {
    return this.op(0x76);
  }

  /** local += step (i32). */
  increment(local: number, step: number): this {
    return this.get(local).i32(step).add().set(local);
  }

  /** Loads one byte, zero-extended to i32. */
  i32Load8U(offset = 0): this {
    return this.op(0x2d, 0x00, ...uleb(offset));
  }

  f64Const(value: number): this {
    return this.op(0x44, ...new Uint8Array(new Float64Array([value]).buffer));
  }

  i32Load(offset = 0): this {
    return this.op(0x28, 0x02, ...uleb(offset));
  }

  i32Store(offset = 0): this {
    return this.op(0x36, 0x02, ...uleb(offset));
  }

  i32Store8(offset = 0): this {
    return this.op(0x3a, 0x00, ...uleb(offset));
  }

  f32Load(offset = 0): this {
    return this.op(0x2a, 0x02, ...uleb(offset));
  }

  /** f32 to f64 (exact). */
  f64PromoteF32(): this {
    return this.op(0xbb);
  }

  f64Load(offset = 0): this {
    return this.op(0x2b, 0x03, ...uleb(offset));
  }

  f64Store(offset = 0): this {
    return this.op(0x39, 0x03, ...uleb(offset));
  }

  f64Lt(): this {
    return this.op(0x63);
  }

  f64Gt(): this {
    return this.op(0x64);
  }

  f64Le(): this {
    return this.op(0x65);
  }

  f64Ge(): this {
    return this.op(0x66);
  }

  f64Neg(): this {
    return this.op(0x9a);
  }

  f64Sub(): this {
    return this.op(0xa1);
  }

  f64Div(): this {
    return this.op(0xa3);
  }

  /** Bitwise i32 and. */
  and(): this {
    return this.op(0x71);
  }

  f64Add(): this {
    return this.op(0xa0);
  }

  f64Mul(): this {
    return this.op(0xa2);
  }

  v128Load(offset = 0): this {
    return this.simd(0x00).op(0x03, ...uleb(offset));
  }

  /** Loads one f64 into both lanes. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a).op(0x03, ...uleb(offset));
  }

  v128Store(offset = 0): this {
    return this.simd(0x0b).op(0x03, ...uleb(offset));
  }

  v128Zero(): this {
    return this.simd(0x0c).op(...new Array<number>(16).fill(0));
  }

  f64x2Add(): this {
    return this.simd(0xf0);
  }

  f64x2Sub(): this {
    return this.simd(0xf1);
  }

  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  f64x2Div(): this {
    return this.simd(0xf3);
  }

  /** Lane-wise a < b ? b : a (JavaScript's `a < b ? b : a`, unlike f64x2.max for NaN and signed zeros). */
  f64x2Pmax(): this {
    return this.simd(0xf7);
  }

  /** f64 lane `lane` of the vector on top. */
  f64x2ExtractLane(lane: 0 | 1): this {
    return this.simd(0x21).op(lane);
  }

  f64x2Neg(): this {
    return this.simd(0xed);
  }

  /** Lane-wise a >= b as all-ones / zero lanes. */
  f64x2Ge(): this {
    return this.simd(0x4c);
  }

  /** Lane-wise a > b as all-ones / zero lanes. */
  f64x2Gt(): this {
    return this.simd(0x4a);
  }

  /** Lane-wise a <= b as all-ones / zero lanes. */
  f64x2Le(): this {
    return this.simd(0x4b);
  }

  v128And(): this {
    return this.simd(0x4e);
  }

  /** Bits of the first vector where the mask (on top) is 1, of the second where it is 0. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }

  /** The two low f32 lanes as f64 (exact). */
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }

  /** Loads 8 bytes as eight u16 lanes. */
  v128Load8x8U(offset = 0): this {
    return this.simd(0x02).op(0x03, ...uleb(offset));
  }

  /** The four low u16 lanes zero-extended to i32. */
  i32x4ExtendLowI16x8U(): this {
    return this.simd(0xa9);
  }

  /** The two low u32 lanes zero-extended to i64. */
  i64x2ExtendLowI32x4U(): this {
    return this.simd(0xc9);
  }

  i64x2Neg(): this {
    return this.simd(0xc1);
  }

  /** Two different f64 lanes. */
  f64x2ConstLanes(low: number, high: number): this {
    return this.simd(0x0c).op(...new Uint8Array(new Float64Array([low, high]).buffer));
  }

  f64x2Floor(): this {
    return this.simd(0x75);
  }

  f64x2Splat(): this {
    return this.simd(0x14);
  }

  /** `value` in both f64 lanes. */
  f64x2Const(value: number): this {
    return this.f64Const(value).f64x2Splat();
  }

  i32x4Splat(): this {
    return this.simd(0x11);
  }

  i32x4Eq(): this {
    return this.simd(0x37);
  }

  /** The two low i32 lanes as f64 (exact). */
  f64x2ConvertLowI32x4S(): this {
    return this.simd(0xfe);
  }

  /** Both f64 lanes truncated to i32 (saturating) in the two low lanes, zeros above. */
  i32x4TruncSatF64x2SZero(): this {
    return this.simd(0xfc);
  }

  /** The two low i32 lanes sign-extended to i64. */
  i64x2ExtendLowI32x4S(): this {
    return this.simd(0xc7);
  }

  /** Both i64 lanes shifted left by the i32 on top of the stack. */
  i64x2Shl(): this {
    return this.simd(0xcb);
  }

  /** Both f64 lanes rounded to f32 (as a Float32Array store rounds) in the two low lanes, zeros above. */
  f32x4DemoteF64x2Zero(): this {
    return this.simd(0x5e);
  }

  /** Loads 8 bytes into the low half, zeros above. */
  v128Load64Zero(offset = 0): this {
    return this.simd(0x5d).op(0x03, ...uleb(offset));
  }

  /** Replaces 64-bit lane `lane` of the vector on top with 8 bytes loaded from the address below it. */
  v128Load64Lane(lane: 0 | 1, offset = 0): this {
    return this.simd(0x57).op(0x03, ...uleb(offset), lane);
  }

  /** Stores 64-bit lane `lane` of the vector on top at the address below it. */
  v128Store64Lane(lane: 0 | 1, offset = 0): this {
    return this.simd(0x5b).op(0x03, ...uleb(offset), lane);
  }

  private simd(code: number): this {
    return this.op(0xfd, ...uleb(code));
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.bytes.push(b);
    return this;
  }
}

/**
 * A module importing its memory as `env.memory` and exporting the given functions. With `shared`, the
 * import is a shared memory (any size up to 4 GiB), which threads can instantiate the module on together.
 */
export function assembleModule(functions: Record<string, FunctionBody>, shared = false): Uint8Array {
  const names = Object.keys(functions);
  const bodies = names.map((n) => functions[n]!);
  const types = section(
    1,
    vec(bodies.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))])),
  );
  // Limits: flags 0 = minimum only; 3 = shared, minimum and maximum (a shared memory must declare one).
  const limits = shared ? [0x03, 0x01, ...uleb(65536)] : [0x00, 0x01];
  const imports = section(2, vec([[...str("env"), ...str("memory"), 0x02, ...limits]]));
  const funcs = section(3, vec(bodies.map((_, i) => uleb(i))));
  const exports = section(7, vec(names.map((n, i) => [...str(n), 0x00, ...uleb(i)])));
  const code = section(
    10,
    vec(
      bodies.map((f) => {
        const locals = vec(f.locals.map((t) => [0x01, t]));
        const body = [...locals, ...f.bytes, 0x0b];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...types,
    ...imports,
    ...funcs,
    ...exports,
    ...code,
  ]);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  const out = uleb(items.length);
  for (const item of items) for (const b of item) out.push(b);
  return out;
}

function str(s: string): number[] {
  return vec(Array.from(new TextEncoder().encode(s), (b) => [b]));
}

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
