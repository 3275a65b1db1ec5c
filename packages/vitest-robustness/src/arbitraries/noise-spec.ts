import { NOISE_KINDS, type NoiseKind, type NoiseSpec, parseNoiseKind } from '@snowblind/core';
import fc from 'fast-check';
import { type ConstantNoiseConstraints, constantNoise } from './constant.js';
import { described } from './described.js';
import { type GaussianNoiseConstraints, gaussianNoise } from './gaussian.js';
import { badArgument, type NoiseGeometry } from './geometry.js';
import { type LowFrequencyNoiseConstraints, lowFrequencyNoise } from './low-frequency.js';
import { type SaltPepperNoiseConstraints, saltPepperNoise } from './salt-pepper.js';
import { seedWrapNoise } from './seed-wrap.js';
import { type UniformNoiseConstraints, uniformNoise } from './uniform.js';

/** Constraints of {@link noiseSpecArbitrary}: the kinds, the geometry, and per-kind constraints. */
export interface NoiseSpecConstraints extends NoiseGeometry {
  /** @defaultValue every kind in `NOISE_KINDS` */
  readonly kinds?: readonly NoiseKind[];
  readonly gaussian?: Omit<GaussianNoiseConstraints, keyof NoiseGeometry>;
  readonly uniform?: Omit<UniformNoiseConstraints, keyof NoiseGeometry>;
  readonly saltPepper?: Omit<SaltPepperNoiseConstraints, keyof NoiseGeometry>;
  readonly lowFrequency?: Omit<LowFrequencyNoiseConstraints, keyof NoiseGeometry>;
  readonly constant?: Omit<ConstantNoiseConstraints, keyof NoiseGeometry>;
}

/**
 * Noise specs of any of `kinds`, each from its kind's arbitrary (`gaussianNoise`,
 * `uniformNoise`, …), so every one shrinks toward weaker noise of its own kind.
 * @remarks Image 0 of a drawn spec is the natural test image (`noiseImage(spec, 0)`); the
 * seed already varies the picture.
 */
export function noiseSpecArbitrary(constraints: NoiseSpecConstraints = {}): fc.Arbitrary<NoiseSpec> {
  const {
    kinds = NOISE_KINDS,
    gaussian,
    uniform,
    saltPepper,
    lowFrequency,
    constant,
    ...geometry
  } = constraints;
  if (kinds.length === 0) badArgument('noiseSpecArbitrary', 'kinds must name at least one noise kind');
  const byKind: { readonly [K in NoiseKind]: () => fc.Arbitrary<NoiseSpec> } = {
    'seed-wrap': () => seedWrapNoise(geometry),
    gaussian: () => gaussianNoise({ ...gaussian, ...geometry }),
    uniform: () => uniformNoise({ ...uniform, ...geometry }),
    'salt-pepper': () => saltPepperNoise({ ...saltPepper, ...geometry }),
    'low-frequency': () => lowFrequencyNoise({ ...lowFrequency, ...geometry }),
    constant: () => constantNoise({ ...constant, ...geometry }),
  };
  return described(
    'noiseSpecArbitrary',
    constraints,
    fc.oneof(...kinds.map((kind) => byKind[parseNoiseKind(kind)]())),
  );
}
