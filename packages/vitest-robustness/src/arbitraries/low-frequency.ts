import type { NoiseSpec } from '@snowblind/core';
import fc from 'fast-check';
import { described } from './described.js';
import { badArgument, checkRange, geometryOf, type NoiseGeometry, seedArbitrary } from './geometry.js';

/** Constraints of {@link lowFrequencyNoise}. */
export interface LowFrequencyNoiseConstraints extends NoiseGeometry {
  /** Finest grid cell in pixels (the roughest noise). @defaultValue 1 */
  readonly minScale?: number;
  /** Coarsest grid cell in pixels (the smoothest noise). @defaultValue 16 */
  readonly maxScale?: number;
}

/**
 * Smooth blob specs (`kind: 'low-frequency'`): a coarse grid of random colors upsampled.
 * @remarks Shrinks toward smoother noise: the cell `scale` toward `maxScale`, the seed toward 0.
 */
export function lowFrequencyNoise(constraints: LowFrequencyNoiseConstraints = {}): fc.Arbitrary<NoiseSpec> {
  const { minScale = 1, maxScale = 16 } = constraints;
  checkRange('lowFrequencyNoise', ['minScale', 'maxScale'], minScale, maxScale, 1, 4096);
  if (!Number.isInteger(minScale) || !Number.isInteger(maxScale)) {
    badArgument(
      'lowFrequencyNoise',
      `minScale and maxScale must be integers, got ${minScale} and ${maxScale}`,
    );
  }
  const geometry = geometryOf('lowFrequencyNoise', constraints);
  return described(
    'lowFrequencyNoise',
    constraints,
    fc
      .record({
        // Distance from the smoothest scale: shrinks toward 0, i.e. toward maxScale.
        roughness: fc.integer({ min: 0, max: maxScale - minScale }),
        seed: seedArbitrary('lowFrequencyNoise', constraints),
      })
      .map(({ roughness, seed }) => ({
        kind: 'low-frequency' as const,
        params: { scale: maxScale - roughness },
        seed,
        ...geometry,
      })),
  );
}
