import { SnowblindError } from '../errors.js';
import type { Classifier } from '../models/types.js';
import { validateNoiseSpec } from '../noise/index.js';
import type { NoiseSpec } from '../noise/types.js';
import type { AuditOptions } from './audit-types.js';

/** Limits of {@link AuditOptions}. */
export const AUDIT_LIMITS = Object.freeze({
  maxCount: 10_000_000,
  maxBatchSize: 4096,
  defaultBatchSize: 32,
  defaultTopK: 5,
});

/** AuditOptions with every default applied and every value checked. @internal */
export interface ResolvedAuditOptions {
  readonly models: readonly Classifier[];
  readonly specs: readonly NoiseSpec[];
  readonly count: number;
  readonly batchSize: number;
  readonly topK: number;
  /** Number of leading images per run whose top-k is kept. */
  readonly keepSamples: number;
  readonly startIndex: number;
  readonly inDistribution: AuditOptions['inDistribution'];
  readonly signal: AbortSignal | undefined;
  readonly onProgress: AuditOptions['onProgress'];
}

function bad(message: string, hint: string): SnowblindError {
  return new SnowblindError('BAD_INPUT', message, { hint });
}

function integerIn(name: string, value: unknown, min: number, max: number, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${name} must be an integer in ${min}..${max}, got ${String(value)}`, hint);
  }
  return value;
}

/** Checks {@link AuditOptions} eagerly, before any model runs. @internal */
export function resolveAuditOptions(options: AuditOptions): ResolvedAuditOptions {
  if (!Array.isArray(options.models) || options.models.length === 0) {
    throw bad('audit: models must be a non-empty array', 'Load at least one model with loadModel().');
  }
  const ids = new Set<string>();
  for (const m of options.models) {
    if (ids.has(m.id)) throw bad(`audit: model "${m.id}" is listed twice`, 'Audit each model once.');
    ids.add(m.id);
  }
  const given = Array.isArray(options.noise) ? options.noise : [options.noise as NoiseSpec];
  if (given.length === 0)
    throw bad('audit: noise must name at least one spec', 'Pass e.g. { kind: "seed-wrap", seed: 0 }.');
  // validateNoiseSpec fills in every default, so reports say exactly which images were used.
  const specs = given.map((s) => validateNoiseSpec(s) as NoiseSpec);
  const count = integerIn(
    'count',
    options.count,
    1,
    AUDIT_LIMITS.maxCount,
    'The reference experiment uses 1000.',
  );
  const batchSize = integerIn(
    'batchSize',
    options.batchSize ?? AUDIT_LIMITS.defaultBatchSize,
    1,
    AUDIT_LIMITS.maxBatchSize,
    'Results do not depend on the batch size; 16–64 is fast on CPU.',
  );
  const topK = integerIn('topK', options.topK ?? AUDIT_LIMITS.defaultTopK, 1, 1_000_000, 'Use e.g. 5.');
  const startIndex = integerIn(
    'startIndex',
    options.startIndex ?? 0,
    0,
    Number.MAX_SAFE_INTEGER - count,
    'startIndex is the first image index of the noise set, 0 for a fresh audit.',
  );
  const keep = options.keepSamples ?? false;
  let keepSamples: number;
  if (typeof keep === 'boolean') keepSamples = keep ? count : 0;
  else
    keepSamples = Math.min(
      integerIn('keepSamples', keep, 0, Number.MAX_SAFE_INTEGER, 'Use true, false or N.'),
      count,
    );
  return {
    models: options.models,
    specs,
    count,
    batchSize,
    topK,
    keepSamples,
    startIndex,
    inDistribution: checkInDistribution(options.inDistribution),
    signal: options.signal,
    onProgress: options.onProgress,
  };
}

function checkInDistribution(set: AuditOptions['inDistribution']): AuditOptions['inDistribution'] {
  if (set === undefined) return undefined;
  if (set.images.length === 0) {
    throw new SnowblindError('BAD_INPUT', `in-distribution set "${set.name}" has no images`, {
      hint: 'OOD metrics need at least one real image',
    });
  }
  if (set.labels && set.labels.length !== set.images.length) {
    throw new SnowblindError(
      'BAD_INPUT',
      `in-distribution set "${set.name}": ${set.labels.length} labels for ${set.images.length} images`,
      {
        hint: 'give one label per image, or none',
      },
    );
  }
  return set;
}
