import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { checkInteger } from './batch.js';

/** A seeded stream of uniform floats in [0, 1). */
export function uniformStream(seed: number): () => number {
  checkInteger('seed', seed, 0);
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

/**
 * A seeded stream of standard normal floats (Box–Muller on pure-rand's xoroshiro128+), the same
 * on every machine for the same seed.
 */
export function normalStream(seed: number): () => number {
  const uniform = uniformStream(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 − u keeps the log argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
