import type { NoiseSpec } from '@snowblind/core';
import fc from 'fast-check';
import { described } from './described.js';
import { checkRange, geometryOf, type NoiseGeometry, seedArbitrary, weakening } from './geometry.js';

/** Constraints of {@link saltPepperNoise}. */
export interface SaltPepperNoiseConstraints extends NoiseGeometry {
  /** Weakest share of black/white pixels. @defaultValue 0 */
  readonly minDensity?: number;
  /** Strongest share. @defaultValue 0.5 */
  readonly maxDensity?: number;
}

/**
 * Salt-and-pepper specs (`kind: 'salt-pepper'`): mid-gray with a share of black or white pixels.
 * @remarks Shrinks toward weaker noise: the density toward `minDensity` (steps of 0.001), the
 * seed toward 0.
 */
export function saltPepperNoise(constraints: SaltPepperNoiseConstraints = {}): fc.Arbitrary<NoiseSpec> {
  const { minDensity = 0, maxDensity = 0.5 } = constraints;
  checkRange('saltPepperNoise', ['minDensity', 'maxDensity'], minDensity, maxDensity, 0, 1);
  const geometry = geometryOf('saltPepperNoise', constraints);
  return described(
    'saltPepperNoise',
    constraints,
    fc
      .record({
        density: weakening(minDensity, maxDensity, 1000),
        seed: seedArbitrary('saltPepperNoise', constraints),
      })
      .map(({ density, seed }) => ({ kind: 'salt-pepper' as const, params: { density }, seed, ...geometry })),
  );
}
