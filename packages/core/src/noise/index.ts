/**
 * Seeded noise images: image i of (kind, params, seed, size, rng) is the same bytes on any
 * machine, in any batch size, order or worker count.
 * @packageDocumentation
 */
export { noiseImage, noiseImages, noiseImagesInto } from './generate.js';
export { NOISE_KIND_INFO, type NoiseKindInfo, type NoiseParamInfo } from './kind-info.js';
export {
  NOISE_KINDS,
  type NoiseKind,
  type NoiseParams,
  type NoiseSpec,
  type RngMode,
} from './types.js';
export { MAX_NOISE_SIDE, parseNoiseKind, type ResolvedNoiseSpec, validateNoiseSpec } from './validate.js';
