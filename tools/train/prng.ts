/**
 * A small seeded PRNG (mulberry32) and the helpers the trainer needs. Kept here instead of
 * `Math.random` so a training run is a pure function of its `--seed`.
 */

/** Returns a generator of uniform floats in [0, 1) with 2^32 states (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent 32-bit seed for a named stream (epoch shuffle, noise, …) of a run. */
export function deriveSeed(seed: number, stream: number): number {
  // One splitmix32-style scramble so consecutive streams do not give correlated generators.
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A permutation of 0..n-1 by Fisher–Yates driven by `rng`. */
export function shuffledIndices(n: number, rng: () => number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}

/** A standard normal sample (Box–Muller; the second value is discarded for simplicity). */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(); // (0, 1]: log(0) is never taken
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
