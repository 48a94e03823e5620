import { assembleModule, type FunctionBody } from "./assembler.js";

/** The parts of a WebAssembly memory the kernels use. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

// The engine's WebAssembly object, typed here (the project's lib settings do not declare it); null where missing.
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null;

/** An instance of a kernel module and its memory. */
export interface KernelInstance {
  readonly exports: Record<string, unknown>;
  readonly memory: WasmMemory;
}

/** Requests up to this many bytes share one instance per module and process; larger ones get their own. */
const SHARED_MAX_BYTES = 64 << 20;
/** The shared instance's first memory: enough for the small fits, so they all see the same instance. */
const SHARED_MIN_BYTES = 4 << 20;

/**
 * A kernel module, compiled on first use; null instances when WebAssembly or its SIMD is unavailable.
 *
 * Small requests share one instance (and memory) per process: a new instance per fit hands the JavaScript callers
 * new function objects, and V8 threw their optimised code away at the second fit ("wrong call target"). The
 * shared memory belongs to whoever claimed it last, so a user checks `owns` before each use and claims again (and
 * re-uploads its data) when another user took it meanwhile. Larger requests get an instance of their own, freed
 * with it. The shared memory stays allocated (at most 64 MB) for the life of the process.
 */
export class KernelModule {
  private compiled: object | null | undefined;
  private shared: (KernelInstance & { bytes: number }) | null = null;
  private owner: object | null = null;

  constructor(private readonly build: () => Record<string, FunctionBody>) {}

  /** An instance with at least `bytes` of memory for `owner`, or null without WebAssembly SIMD. */
  claim(owner: object, bytes: number): KernelInstance | null {
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
    if (bytes > SHARED_MAX_BYTES) return this.instantiate(this.compiled, wasmApi, bytes);
    if (!this.shared || this.shared.bytes < bytes) {
      const size = Math.max(bytes, SHARED_MIN_BYTES, this.shared?.bytes ?? 0);
      const instance = this.instantiate(this.compiled, wasmApi, size);
      if (!instance) return null;
      this.shared = { ...instance, bytes: size };
    }
    this.owner = owner;
    return this.shared;
  }

  /** Whether `instance` (from `claim`) still holds `owner`'s data. */
  owns(owner: object, instance: KernelInstance): boolean {
    return instance !== this.shared || this.owner === owner;
  }

  private instantiate(compiled: object, api: WasmApi, bytes: number): KernelInstance | null {
    try {
      const memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const { exports } = new api.Instance(compiled, { env: { memory } });
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

/**
 * A kernel module over a shared memory: the memory (a fixed size, so views of its buffer stay valid) can be posted
 * to a worker, and each thread instantiates the module on it. Null results where WebAssembly, its SIMD or shared
 * memories are unavailable, or the engine refuses the memory.
 */
export class SharedKernelModule {
  private compiled: object | null | undefined;

  constructor(private readonly build: () => Record<string, FunctionBody>) {}

  /** A new shared memory of at least `bytes`, or null. */
  memory(bytes: number): WasmMemory | null {
    if (!this.module() || !wasmApi || bytes > 0x7fffffff) return null;
    const pages = Math.max(1, Math.ceil(bytes / 65536));
    try {
      return new wasmApi.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      return null;
    }
  }

  /** The module's exports on `memory` (from `memory`, possibly posted from another thread), or null. */
  instantiate(memory: WasmMemory): Record<string, unknown> | null {
    const compiled = this.module();
    if (!compiled || !wasmApi) return null;
    try {
      return new wasmApi.Instance(compiled, { env: { memory } }).exports;
    } catch {
      return null;
    }
  }

  private module(): object | null {
    if (this.compiled === undefined) {
      try {
        this.compiled = wasmApi ? new wasmApi.Module(assembleModule(this.build(), true)) : null;
      } catch {
        this.compiled = null;
      }
    }
    return this.compiled;
  }
}
