/**
 * The WebAssembly SIMD noise kernel, compiled from `packages/core/assembly/` (AssemblyScript):
 * Marsaglia's polar method on MT19937 (rng `numpy`) or xoroshiro128+ (rng `default`) words,
 * writing wrapped bytes (`seed-wrap`), clipped Gaussian bytes (`gaussian`) or the normals. It
 * computes exactly the values and generator states of the JavaScript in `src/noise/` (tested
 * on every path), 2–5× faster: MT19937 twists four words at a time; the normals sink
 * runs two candidate pairs at a time with a lane-wise port of fdlibm's `log` (what V8's
 * `Math.log` computes); the byte sinks run four at a time through a float32 `log` with a bounded
 * error and recompute the few bytes that bound leaves in doubt on the exact path.
 *
 * One instance per thread, created on first use. Where WebAssembly SIMD is unavailable, or with
 * `SNOWBLIND_NOISE_WASM=0`, {@link kernelFor} returns `null` and callers keep the JavaScript path.
 */
import { KERNEL_LAYOUT as L } from './layout.js';
import { NOISE_KERNEL_WASM } from './noise-kernel-wasm.js';

/** Cached second value of a Marsaglia polar pair (numpy's `has_gauss` / `gauss`). */
export interface GaussCache {
  has: boolean;
  value: number;
}

/**
 * The values of a byte sink that its caller reads, as rows of `rowLength` values: rows
 * `[top, bottom)` and in them the values `[left, right)` (for an HWC image, columns times
 * channels). Values outside may be left unwritten: the kernel skips their `log`.
 */
export interface ValueWindow {
  readonly rowLength: number;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** What becomes of each standard normal z. */
export type NormalSink =
  /** `(z · 255).astype(np.uint8)`: truncation, low 8 bits. */
  | { readonly kind: 'wrap'; readonly dst: Uint8Array; readonly window?: ValueWindow | undefined }
  /** z itself. */
  | { readonly kind: 'normals'; readonly dst: Float64Array }
  /** `rint(clip(mean + std · z, 0, 255))`. */
  | {
      readonly kind: 'clipped';
      readonly dst: Uint8Array;
      readonly mean: number;
      readonly std: number;
      readonly window?: ValueWindow | undefined;
    };

/** The polar method over one generator's state, updated in place. */
export interface NoiseKernel {
  /** `n` values from MT19937 words (`mt` state, `out` tempered block at `pos`); returns the new `pos`. */
  fromMt19937(
    mt: Int32Array,
    out: Int32Array,
    pos: number,
    cache: GaussCache,
    sink: NormalSink,
    n: number,
  ): number;
  /** `n` values from a xoroshiro128+ state in pure-rand's order; returns the state after them. */
  fromXoroshiro(state: readonly number[], cache: GaussCache, sink: NormalSink, n: number): number[];
  /** How many four-candidate steps of the byte sinks took the exact path so far (tests, benches). */
  fallbacks(): number;
}

/** Below this many values the JavaScript loops are as fast as copying state into the kernel. */
export const KERNEL_MIN_VALUES = 4096;

const SINK_CODES = { wrap: 0, normals: 1, clipped: 2 } as const;
/** Word (i32) and double (f64) indices of the kernel's state block (generated from `assembly/layout.ts`). */
const MT_WORD = L.MT / 4;
const OUT_WORD = L.OUT / 4;
const POS_WORD = L.POS / 4;
const HAS_WORD = L.HAS / 4;
const CACHED_F64 = L.CACHED / 8;
const XS0_WORD = L.XS0 / 4;
const XS1_WORD = L.XS1 / 4;
const MEAN_F64 = L.MEAN / 8;
const STD_F64 = L.STD / 8;
/** Row length, top, bottom, left, right of the {@link ValueWindow}. */
const WINDOW_WORD = L.WIN_ROW / 4;
const STATE_WORDS = L.N;
const PAGE = 65536;

/** The part of the WebAssembly JS API used here (the ES2022 lib this package builds with has none). */
interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

let kernel: NoiseKernel | null | undefined;

/** The kernel for a request of `n` values, or `null` (small request, no SIMD, or disabled). */
export function kernelFor(n: number): NoiseKernel | null {
  if (n < KERNEL_MIN_VALUES) return null;
  if (kernel === undefined) kernel = process.env.SNOWBLIND_NOISE_WASM === '0' ? null : instantiate();
  return kernel;
}

/** Raw exports of a fresh instance (tests call the fdlibm `log` entry points through this). */
export function kernelExports(): Record<string, unknown> {
  const module = new WebAssembly.Module(Buffer.from(NOISE_KERNEL_WASM, 'base64'));
  return new WebAssembly.Instance(module, {}).exports;
}

function instantiate(): NoiseKernel | null {
  let exports: Record<string, unknown>;
  try {
    exports = kernelExports();
  } catch {
    return null; // no SIMD support: the JavaScript loops compute the same values
  }
  const memory = exports.memory as KernelMemory;
  const fromMt = exports.fillFromMt19937 as (sink: number, n: number) => void;
  const fromXoroshiro = exports.fillFromXoroshiro as (sink: number, n: number) => void;
  const dstOffset = (exports.outputOffset as () => number)();
  const fallbacks = exports.fallbackCount as () => number;

  /** Writes the cache and sink parameters, runs `fill`, reads the cache and the output back. */
  function run(
    cache: GaussCache,
    sink: NormalSink,
    n: number,
    write: (words: Int32Array) => void,
    fill: () => void,
  ) {
    const needed = dstOffset + n * 8 + 64;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    const words = new Int32Array(memory.buffer);
    const doubles = new Float64Array(memory.buffer);
    words[HAS_WORD] = cache.has ? 1 : 0;
    doubles[CACHED_F64] = cache.value;
    if (sink.kind === 'clipped') {
      doubles[MEAN_F64] = sink.mean;
      doubles[STD_F64] = sink.std;
    }
    const window = (sink.kind !== 'normals' && sink.window) || wholeRequest(n);
    words.set(
      [Math.max(1, window.rowLength), window.top, window.bottom, window.left, window.right],
      WINDOW_WORD,
    );
    write(words);
    fill();
    cache.has = words[HAS_WORD] === 1;
    if (cache.has) cache.value = doubles[CACHED_F64]!;
    if (sink.kind === 'normals') sink.dst.set(new Float64Array(memory.buffer, dstOffset, n));
    else sink.dst.set(new Uint8Array(memory.buffer, dstOffset, n));
    return words;
  }

  return {
    fromMt19937(mt, out, pos, cache, sink, n) {
      const words = run(
        cache,
        sink,
        n,
        (w) => {
          w.set(mt, MT_WORD);
          w.set(out, OUT_WORD);
          w[POS_WORD] = pos;
        },
        () => fromMt(SINK_CODES[sink.kind], n),
      );
      mt.set(words.subarray(MT_WORD, MT_WORD + STATE_WORDS));
      out.set(words.subarray(OUT_WORD, OUT_WORD + STATE_WORDS));
      return words[POS_WORD]!;
    },
    fromXoroshiro(state, cache, sink, n) {
      // pure-rand's order is [s0 high, s0 low, s1 high, s1 low]; memory is little-endian.
      const words = run(
        cache,
        sink,
        n,
        (w) => {
          w[XS0_WORD] = state[1]!;
          w[XS0_WORD + 1] = state[0]!;
          w[XS1_WORD] = state[3]!;
          w[XS1_WORD + 1] = state[2]!;
        },
        () => fromXoroshiro(SINK_CODES[sink.kind], n),
      );
      return [words[XS0_WORD + 1]!, words[XS0_WORD]!, words[XS1_WORD + 1]!, words[XS1_WORD]!];
    },
    fallbacks,
  };
}

/** The window of a request whose every value is read: one row of n. */
function wholeRequest(n: number): ValueWindow {
  return { rowLength: n, top: 0, bottom: 1, left: 0, right: n };
}
