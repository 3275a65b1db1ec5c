import type { NoiseSpec } from '@snowblind/core';
import fc from 'fast-check';
import { described } from './described.js';
import { checkRange, geometryOf, type NoiseGeometry, seedArbitrary } from './geometry.js';

/** Constraints of {@link constantNoise}. */
export interface ConstantNoiseConstraints extends NoiseGeometry {
  /** Largest distance of each channel from mid-gray 128. @defaultValue 128 */
  readonly maxOffset?: number;
}

/**
 * Flat color specs (`kind: 'constant'`).
 * @remarks Shrinks toward mid-gray: each channel's offset from 128 toward 0. The seed is drawn
 * (and shrinks) but does not change the picture.
 */
export function constantNoise(constraints: ConstantNoiseConstraints = {}): fc.Arbitrary<NoiseSpec> {
  const { maxOffset = 128 } = constraints;
  checkRange('constantNoise', ['0', 'maxOffset'], 0, maxOffset, 0, 128);
  const geometry = geometryOf('constantNoise', constraints);
  const offset = fc.integer({ min: -Math.floor(maxOffset), max: Math.min(127, Math.floor(maxOffset)) });
  return described(
    'constantNoise',
    constraints,
    fc
      .record({
        offsets: fc.array(offset, { minLength: geometry.channels, maxLength: geometry.channels }),
        seed: seedArbitrary('constantNoise', constraints),
      })
      .map(({ offsets, seed }) => ({
        kind: 'constant' as const,
        params: { color: offsets.map((o) => 128 + o) },
        seed,
        ...geometry,
      })),
  );
}
