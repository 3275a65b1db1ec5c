import type { NoiseSpec } from '@snowblind/core';
import fc from 'fast-check';
import { described } from './described.js';
import { checkRange, geometryOf, type NoiseGeometry, seedArbitrary } from './geometry.js';

/** Constraints of {@link uniformNoise}. */
export interface UniformNoiseConstraints extends NoiseGeometry {
  /** Weakest half-width of the value range around 128. @defaultValue 0 */
  readonly minAmplitude?: number;
  /** Strongest half-width (128 = the full 0..255 range). @defaultValue 128 */
  readonly maxAmplitude?: number;
  /** Largest shift of the range's centre away from 128. @defaultValue 0 */
  readonly maxShift?: number;
}

/**
 * Uniform integer noise specs (`kind: 'uniform'`) with `low..high` = `128 + shift ± amplitude`
 * clipped to 0..255.
 * @remarks Shrinks toward weaker noise: the amplitude toward `minAmplitude` (0 = flat mid-gray),
 * the centre toward 128, the seed toward 0.
 */
export function uniformNoise(constraints: UniformNoiseConstraints = {}): fc.Arbitrary<NoiseSpec> {
  const { minAmplitude = 0, maxAmplitude = 128, maxShift = 0 } = constraints;
  checkRange('uniformNoise', ['minAmplitude', 'maxAmplitude'], minAmplitude, maxAmplitude, 0, 128);
  checkRange('uniformNoise', ['0', 'maxShift'], 0, maxShift, 0, 127);
  const geometry = geometryOf('uniformNoise', constraints);
  const clip = (v: number) => Math.max(0, Math.min(255, v));
  return described(
    'uniformNoise',
    constraints,
    fc
      .record({
        amplitude: fc
          .integer({ min: 0, max: Math.floor(maxAmplitude - minAmplitude) })
          .map((k) => minAmplitude + k),
        shift: fc.integer({ min: -Math.floor(maxShift), max: Math.floor(maxShift) }),
        seed: seedArbitrary('uniformNoise', constraints),
      })
      .map(({ amplitude, shift, seed }) => ({
        kind: 'uniform' as const,
        params: {
          low: clip(Math.round(128 + shift - amplitude)),
          high: clip(Math.round(128 + shift + amplitude)),
        },
        seed,
        ...geometry,
      })),
  );
}
