/**
 * The random primitives noise kinds draw from. Both rng modes implement it: the numpy
 * reproduction (sequential MT19937 stream) and the counter-based per-image generator.
 */
export interface ImageRandom {
  /** A double in [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** Fills `out[0..n)` with standard normal draws, in stream order. */
  fillStandardNormal(out: Float64Array, n: number): void;
  /** Fills `out` with integers uniform in `low..high` (inclusive, both within 0..255). */
  fillInts(out: Uint8Array, low: number, high: number): void;
}

/** Cached second value of a Marsaglia polar pair (numpy's `has_gauss` / `gauss`). */
export interface GaussCache {
  has: boolean;
  value: number;
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
