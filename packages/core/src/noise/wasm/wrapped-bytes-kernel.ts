/**
 * The WebAssembly SIMD kernel for the reference experiment's noise bytes
 * (`(np.random.standard_normal(n) * 255).astype(np.uint8)`), compiled from
 * `packages/core/assembly/numpy-noise.ts`. It produces exactly the bytes and the generator state
 * of {@link Mt19937.fillWrappedBytes}'s JavaScript loop (tested on every path: aligned and
 * unaligned streams, block ends, the gauss cache), about 2–3× faster: the twist and tempering
 * run four words at a time, and the polar method two candidate pairs at a time with a lane-wise
 * port of fdlibm's `log` (the function V8's `Math.log` computes).
 *
 * One instance per thread, created on first use. Where WebAssembly SIMD is unavailable, or with
 * `SNOWBLIND_NOISE_WASM=0`, callers get `null` and keep the JavaScript path.
 */
import type { GaussCache } from '../image-random.js';
import { NUMPY_NOISE_WASM } from './numpy-noise-wasm.js';

/** Word offsets of the kernel's state block (see the AssemblyScript source). */
const MT_WORD = 0;
const OUT_WORD = 2560 / 4;
const POS_WORD = 5120 / 4;
const HAS_WORD = 5124 / 4;
const CACHED_BYTE = 5128;
const STATE_WORDS = 624;
const PAGE = 65536;

/** Fills wrapped bytes from an MT19937 state, in place. */
export interface WrappedBytesKernel {
  /**
   * Writes `n` bytes to `dst` and advances the generator: `mt` (state words), `out` (tempered
   * block) and `cache` are updated in place; the new block position is returned.
   */
  fill(mt: Int32Array, out: Int32Array, pos: number, cache: GaussCache, dst: Uint8Array, n: number): number;
}

/** The part of the WebAssembly JS API used here (the ES2022 lib this package builds with has none). */
interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

let kernel: WrappedBytesKernel | null | undefined;

/** The kernel for this thread, or `null` when WebAssembly SIMD is unavailable or disabled. */
export function wrappedBytesKernel(): WrappedBytesKernel | null {
  if (kernel === undefined) kernel = process.env.SNOWBLIND_NOISE_WASM === '0' ? null : instantiate();
  return kernel;
}

function instantiate(): WrappedBytesKernel | null {
  let exports: Record<string, unknown>;
  try {
    const module = new WebAssembly.Module(Buffer.from(NUMPY_NOISE_WASM, 'base64'));
    exports = new WebAssembly.Instance(module, { env: { abort: kernelAbort } }).exports;
  } catch {
    return null; // no SIMD support: the JavaScript loop computes the same bytes
  }
  const memory = exports.memory as KernelMemory;
  const fillWrapped = exports.fillWrapped as (n: number) => void;
  const dstOffset = (exports.outputOffset as () => number)();
  return {
    fill(mt, out, pos, cache, dst, n) {
      const needed = dstOffset + n + 16;
      if (memory.buffer.byteLength < needed) {
        memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      }
      const words = new Int32Array(memory.buffer);
      words.set(mt, MT_WORD);
      words.set(out, OUT_WORD);
      words[POS_WORD] = pos;
      words[HAS_WORD] = cache.has ? 1 : 0;
      const cached = new Float64Array(memory.buffer, CACHED_BYTE, 1);
      cached[0] = cache.value;
      fillWrapped(n);
      mt.set(words.subarray(MT_WORD, MT_WORD + STATE_WORDS));
      out.set(words.subarray(OUT_WORD, OUT_WORD + STATE_WORDS));
      cache.has = words[HAS_WORD] === 1;
      if (cache.has) cache.value = cached[0]!;
      dst.set(new Uint8Array(memory.buffer, dstOffset, n));
      return words[POS_WORD]!;
    },
  };
}

function kernelAbort(): never {
  throw new Error('numpy noise kernel aborted');
}
