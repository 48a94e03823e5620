/**
 * Typed arrays in model JSON travel as base64 of their little-endian bytes: compact, and exact to the bit,
 * which is what lets a restored model predict identically.
 */
export type TypedArrayKind = "f64" | "f32" | "i32" | "u8";

/** A typed array as stored in model JSON. */
export interface EncodedArray {
  readonly kind: TypedArrayKind;
  readonly length: number;
  readonly base64: string;
}

type AnyTyped = Float64Array | Float32Array | Int32Array | Uint8Array;

function kindOf(a: AnyTyped): TypedArrayKind {
  if (a instanceof Float64Array) return "f64";
  if (a instanceof Float32Array) return "f32";
  if (a instanceof Int32Array) return "i32";
  return "u8";
}

export function encodeArray(a: AnyTyped): EncodedArray {
  return {
    kind: kindOf(a),
    length: a.length,
    base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64"),
  };
}

function decodeBytes(e: EncodedArray, kind: TypedArrayKind, bytesPer: number): ArrayBuffer {
  if (e.kind !== kind) throw new Error(`model JSON: expected a ${kind} array, got ${e.kind}`);
  const bytes = Buffer.from(e.base64, "base64");
  if (bytes.length !== e.length * bytesPer) throw new Error("model JSON: array length does not match its bytes");
  // Copy into a fresh, aligned buffer: Buffer's pool may hand out unaligned offsets.
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

export const decodeF64 = (e: EncodedArray): Float64Array => new Float64Array(decodeBytes(e, "f64", 8));
export const decodeF32 = (e: EncodedArray): Float32Array => new Float32Array(decodeBytes(e, "f32", 4));
export const decodeI32 = (e: EncodedArray): Int32Array => new Int32Array(decodeBytes(e, "i32", 4));
export const decodeU8 = (e: EncodedArray): Uint8Array => new Uint8Array(decodeBytes(e, "u8", 1));
