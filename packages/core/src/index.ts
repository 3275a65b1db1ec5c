/**
 * @snowblind/core — the engine behind every snowblind face.
 *
 * Data flows one way: NoiseSpec → bytes (Uint8 HWC) → preset → Float32 batch → engine →
 * logits → softmax/top-k → streaming aggregations → report.
 * @packageDocumentation
 */
export { ERROR_CODES, type ErrorCode, isSnowblindError, SnowblindError } from './errors.js';
export type { Layout, Preset, RgbImage } from './image/types.js';
export type { BackendName, Classifier, ModelFormat, OutputKind } from './models/types.js';
export {
  NOISE_KINDS,
  type NoiseKind,
  type NoiseParams,
  type NoiseSpec,
  type RngMode,
} from './noise/types.js';
