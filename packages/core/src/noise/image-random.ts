import type { GaussCache, NormalSink, ValueWindow } from '../kernel/index.js';

/**
 * The random primitives noise kinds draw from. Both rng modes implement it: the numpy
 * reproduction (sequential MT19937 stream) and the counter-based per-image generator.
 */
export interface ImageRandom {
  /** A double in [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** Fills `out[0..n)` with standard normal draws, in stream order. */
  fillStandardNormal(out: Float64Array, n: number): void;
  /** `(standard_normal(out.length) * 255).astype(np.uint8)`: the reference experiment's bytes. */
  fillWrappedBytes(out: Uint8Array, window?: ValueWindow): void;
  /** `rint(clip(mean + std * standard_normal(out.length), 0, 255))`. */
  fillClippedNormalBytes(out: Uint8Array, mean: number, std: number, window?: ValueWindow): void;
  /** Fills `out` with integers uniform in `low..high` (inclusive, both within 0..255). */
  fillInts(out: Uint8Array, low: number, high: number): void;
}

/**
 * The polar method behind a generator: {@link PolarSource.fillPolar} runs it in the WebAssembly
 * kernel (false when the kernel is unavailable or `n` is small, leaving the state untouched),
 * `fillStandardNormal` always works.
 */
export interface PolarSource {
  fillPolar(sink: NormalSink, n: number): boolean;
  fillStandardNormal(out: Float64Array, n: number): void;
}

// Normals for the JavaScript fallbacks are drawn into one shared scratch buffer. Rendering is
// synchronous, so no two images ever use it at the same time; growing it only when a bigger
// image comes avoids an allocation per image.
let scratch = new Float64Array(0);
function scratchNormals(src: PolarSource, n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  src.fillStandardNormal(scratch, n);
  return scratch;
}

/** {@link ImageRandom.fillWrappedBytes} for a polar source. */
export function fillWrappedBytes(src: PolarSource, out: Uint8Array, window?: ValueWindow): void {
  if (src.fillPolar({ kind: 'wrap', dst: out, window }, out.length)) return;
  const z = scratchNormals(src, out.length);
  // numpy's float64 → uint8 cast: truncate toward zero, keep the low 8 bits (two's
  // complement), checked against numpy by tools/fixtures/numpy_noise.py. |z·255| < 2^31 for
  // any double the polar method can produce (|z| < 40), so `| 0` truncates exactly.
  for (let i = 0; i < out.length; i++) out[i] = ((z[i]! * 255) | 0) & 255;
}

/** {@link ImageRandom.fillClippedNormalBytes} for a polar source. */
export function fillClippedNormalBytes(
  src: PolarSource,
  out: Uint8Array,
  mean: number,
  std: number,
  window?: ValueWindow,
): void {
  if (src.fillPolar({ kind: 'clipped', dst: out, mean, std, window }, out.length)) return;
  const z = scratchNormals(src, out.length);
  for (let i = 0; i < out.length; i++) {
    // Same expression as numpy's normal(loc, scale): loc + scale * z, then clip, then rint.
    const v = mean + std * z[i]!;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : rint(v);
  }
}

/** Round half to even (numpy's `rint`), for x ≥ 0. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && (r & 1) === 1 ? r - 1 : r;
}

/** Something that yields 53-bit doubles in [0, 1). */
export interface DoubleSource {
  nextDouble(): number;
}

/**
 * Standard normals by Marsaglia's polar method (1964), https://doi.org/10.1137/1006063 :
 * draw (x1, x2) uniform in the square [-1, 1)² until 0 < r² = x1² + x2² < 1, then
 * f = sqrt(-2 ln r² / r²) and both f·x2 (returned first) and f·x1 (kept for the next call)
 * are normal. The order, the cache and the exact floating-point expression follow numpy's
 * legacy generator, so with an MT19937 source the doubles are numpy's bit for bit
 * (up to the last ulp of the platform's `log`).
 */
export function fillPolarNormals(src: DoubleSource, cache: GaussCache, out: Float64Array, n: number): void {
  let i = 0;
  if (n > 0 && cache.has) {
    out[i++] = cache.value;
    cache.has = false;
  }
  while (i < n) {
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * src.nextDouble() - 1;
      x2 = 2 * src.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    out[i++] = f * x2;
    if (i < n) {
      out[i++] = f * x1;
    } else {
      cache.has = true;
      cache.value = f * x1;
    }
  }
}

/**
 * Advances the stream exactly as {@link fillPolarNormals} would for `n` values without
 * computing them: the rejection test needs only r², so `log`/`sqrt` run at most once (for a
 * pair whose second value must be cached).
 */
export function skipPolarNormals(src: DoubleSource, cache: GaussCache, n: number): void {
  let i = 0;
  if (n > 0 && cache.has) {
    i++;
    cache.has = false;
  }
  while (i < n) {
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * src.nextDouble() - 1;
      x2 = 2 * src.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    i += 2;
    if (i > n) {
      cache.has = true;
      cache.value = Math.sqrt((-2 * Math.log(r2)) / r2) * x1;
    }
  }
}
