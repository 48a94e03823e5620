import { assembleModule, type FunctionBody } from "./assembler.js";

/** The parts of a WebAssembly memory the kernels use. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

// The engine's WebAssembly object, typed here (the project's lib settings do not declare it); null where missing.
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null;

/** A kernel module, compiled on first use; null when WebAssembly or its SIMD is unavailable. */
export class KernelModule {
  private compiled: object | null | undefined;

  constructor(private readonly build: () => Record<string, FunctionBody>) {}

  /** An instance over a fresh memory of at least `bytes`, or null without WebAssembly SIMD. */
  instantiate(bytes: number): { exports: Record<string, unknown>; memory: WasmMemory } | null {
    if (this.compiled === undefined) {
      try {
        this.compiled = wasmApi ? new wasmApi.Module(assembleModule(this.build())) : null;
      } catch {
        this.compiled = null;
      }
    }
    // The kernels compare addresses as signed i32: past 2 GiB (or when the engine refuses the memory) the
    // caller's scalar code runs instead.
    if (!this.compiled || !wasmApi || bytes > 0x7fffffff) return null;
    try {
      const memory = new wasmApi.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const { exports } = new wasmApi.Instance(this.compiled, { env: { memory } });
      return { exports, memory };
    } catch {
      return null;
    }
  }
}

/** Byte offsets of consecutive areas of the given byte sizes, each 16-byte aligned, and the total. */
export function layoutAreas(sizes: number[]): { offsets: number[]; bytes: number } {
  const offsets: number[] = [];
  let at = 0;
  for (const size of sizes) {
    offsets.push(at);
    at += Math.ceil(size / 16) * 16;
  }
  return { offsets, bytes: at };
}
