import type { NoiseSpec } from '@snowblind/core';
import fc from 'fast-check';
import { described } from './described.js';
import { checkRange, geometryOf, type NoiseGeometry, seedArbitrary, weakening } from './geometry.js';

/** Constraints of {@link gaussianNoise}. */
export interface GaussianNoiseConstraints extends NoiseGeometry {
  /** Weakest standard deviation (0–255 units). @defaultValue 0 */
  readonly minStd?: number;
  /** Strongest standard deviation. @defaultValue 128 */
  readonly maxStd?: number;
  /** Largest distance of the mean from mid-gray 127.5. @defaultValue 0 */
  readonly maxMeanShift?: number;
}

/**
 * Gaussian noise specs (`kind: 'gaussian'`).
 * @remarks Shrinks toward weaker noise: `std` toward `minStd` (steps of 0.1), the mean toward
 * mid-gray 127.5, the seed toward 0. A failing property therefore reports the smallest std that
 * still fools the model.
 */
export function gaussianNoise(constraints: GaussianNoiseConstraints = {}): fc.Arbitrary<NoiseSpec> {
  const { minStd = 0, maxStd = 128, maxMeanShift = 0 } = constraints;
  checkRange('gaussianNoise', ['minStd', 'maxStd'], minStd, maxStd, 0, 1024);
  checkRange('gaussianNoise', ['0', 'maxMeanShift'], 0, maxMeanShift, 0, 127.5);
  const geometry = geometryOf('gaussianNoise', constraints);
  return described(
    'gaussianNoise',
    constraints,
    fc
      .record({
        std: weakening(minStd, maxStd, 10),
        shift: fc.integer({ min: -Math.floor(maxMeanShift), max: Math.floor(maxMeanShift) }),
        seed: seedArbitrary('gaussianNoise', constraints),
      })
      .map(({ std, shift, seed }) => ({
        kind: 'gaussian' as const,
        params: { mean: 127.5 + shift, std },
        seed,
        ...geometry,
      })),
  );
}
