/**
 * fast-check arbitraries for every snowblind noise kind, each shrinking toward weaker noise.
 * @packageDocumentation
 */
export { type ConstantNoiseConstraints, constantNoise } from './constant.js';
export { type GaussianNoiseConstraints, gaussianNoise } from './gaussian.js';
export type { NoiseGeometry } from './geometry.js';
export { type LowFrequencyNoiseConstraints, lowFrequencyNoise } from './low-frequency.js';
export { type NoiseSpecConstraints, noiseSpecArbitrary } from './noise-spec.js';
export { type SaltPepperNoiseConstraints, saltPepperNoise } from './salt-pepper.js';
export { seedWrapNoise } from './seed-wrap.js';
export { type UniformNoiseConstraints, uniformNoise } from './uniform.js';
