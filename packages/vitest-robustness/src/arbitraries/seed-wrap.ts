import type { NoiseSpec } from '@snowblind/core';
import type fc from 'fast-check';
import { described } from './described.js';
import { geometryOf, type NoiseGeometry, seedArbitrary } from './geometry.js';

/**
 * The reference experiment's noise (`kind: 'seed-wrap'`): `trunc(255·z) mod 256`, near-uniform
 * bytes.
 * @remarks The kind has no strength parameter; only the seed varies (and shrinks toward 0).
 */
export function seedWrapNoise(constraints: NoiseGeometry = {}): fc.Arbitrary<NoiseSpec> {
  const geometry = geometryOf('seedWrapNoise', constraints);
  return described(
    'seedWrapNoise',
    constraints,
    seedArbitrary('seedWrapNoise', constraints).map((seed) => ({
      kind: 'seed-wrap' as const,
      seed,
      ...geometry,
    })),
  );
}
