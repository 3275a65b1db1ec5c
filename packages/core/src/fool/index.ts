/**
 * fool — search for the most convincing noise: projected gradient ascent or an evolution
 * strategy from seeded noise toward a class, within bounds that keep the image noise.
 * @packageDocumentation
 */
export {
  type ConstraintCheck,
  type ConstraintName,
  checkConstraints,
  type FoolConstraints,
} from './constraints.js';
export { fool } from './fool.js';
export { FOOL_LIMITS } from './fool-options.js';
export {
  FOOL_REPORT_SCHEMA_VERSION,
  type FoolReport,
  foolReportSchema,
  parseFoolReport,
  toFoolReport,
} from './fool-report.js';
export { foolTargets } from './fool-targets.js';
export { PixelSpace } from './pixel-space.js';
export {
  FOOL_ENCODINGS,
  FOOL_METHODS,
  FOOL_STEPS,
  type FoolEncoding,
  type FoolMethod,
  type FoolNoise,
  type FoolOptions,
  type FoolProgress,
  type FoolResult,
  type FoolStep,
  type FoolStopReason,
  type FoolTargetsOptions,
  type FoolTargetsProgress,
  type FoolTargetsResult,
  type OodGroup,
  type OodScores,
  type OodView,
  type ScoreSummary,
  type TargetMaximum,
} from './types.js';
