import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded stream of standard normal floats (Box–Muller on pure-rand's xoroshiro128+): the same
 * on every machine for the same seed, so every search is reproducible from its seed.
 */
export function normalStream(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 − u keeps the log argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - uniformFloat64(rng)));
    const angle = 2 * Math.PI * uniformFloat64(rng);
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
