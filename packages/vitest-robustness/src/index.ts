/**
 * @snowblind/vitest-robustness — gate image classifiers on random noise in any vitest suite:
 * the `toRejectNoise` and `toBeStableUnder` matchers, fast-check noise arbitraries that shrink
 * toward weaker noise, and property helpers.
 * @packageDocumentation
 */
import './vitest-types.js';

export * from './arbitraries/index.js';
export { DEFAULT_ARTIFACTS_DIR } from './artifacts.js';
export type { MatcherContext, MatcherResult } from './matcher-context.js';
export { robustnessMatchers } from './matchers.js';
export { functionClassifier, type ModelInput, type ModelOptions, type PredictFn } from './model-input.js';
export type { NoiseSample } from './noise-audit.js';
export { checkNoiseRejection, type NoiseGateOptions, type NoiseGateResult } from './noise-gate.js';
export { DEFAULT_GATE_NOISE, type NoiseChoice, noiseSizeFor } from './noise-specs.js';
export {
  assertRejectsNoise,
  checkRejectsNoise,
  type FooledBy,
  fooledBy,
  type NoiseVerdict,
  type RejectsNoiseOptions,
  type RejectsNoiseReport,
} from './property.js';
export type { RejectionOptions, ScoreName } from './rejection-rules.js';
export { classifyNoiseImage, cliReplay, noiseImageCall, type Top1 } from './replay.js';
export {
  checkStability,
  type PredictionFlip,
  type StabilityOptions,
  type StabilityResult,
  toBeStableUnder,
} from './stability.js';
export { toRejectNoise } from './to-reject-noise.js';
export type { RobustnessSubject } from './vitest-types.js';
