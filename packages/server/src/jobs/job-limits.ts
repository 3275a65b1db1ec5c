import { SnowblindError } from '@snowblind/core';
import { coded } from '../errors.js';

/**
 * How much work one job may ask of the server, in values (pixels × channels) handled. Checked when
 * a job is submitted, so an absurd request is refused before it takes a worker.
 *
 * @remarks Each bound is a product, so the caller can trade one factor for another (fewer images
 * for larger ones, fewer IG steps for more noise-tunnel samples).
 */
export interface JobLimits {
  /**
   * Audit: count × runs (models × noise specs) × values of the larger of the noise image and the
   * model input. @defaultValue 2e11 (one run of 1,000,000 default 256×256 RGB noise images)
   */
  readonly maxAuditValues: number;
  /**
   * One audit batch in memory: batch size × values of the larger of the noise image and the model
   * input. @defaultValue 2^27 (≈ 134 M, e.g. 680 images of 256×256×3, 2 of 4096×4096×3)
   */
  readonly maxBatchValues: number;
  /**
   * Explanation: model passes (IG steps, steps × noise-tunnel samples, occlusion windows + 1)
   * × model input values. @defaultValue 1.5e8 (1,000 passes of a 224×224×3 model)
   */
  readonly maxExplainValues: number;
  /**
   * Fool search: budget × candidates per iteration (1 for GRADIENT, the population of 16 for
   * EVOLUTION or when the method is left to the server) × model input values.
   * @defaultValue 1.5e8
   */
  readonly maxFoolValues: number;
  /**
   * Milliseconds a cancelled running job may take to stop at its next check before it is given up
   * and its worker thread replaced (a long synchronous step sees no cancel message; the old
   * thread is terminated when that step ends).
   * @defaultValue 250
   */
  readonly cancelGraceMs: number;
}

/** The defaults of {@link JobLimits}. */
export const DEFAULT_JOB_LIMITS: JobLimits = Object.freeze({
  maxAuditValues: 2e11,
  maxBatchValues: 2 ** 27,
  maxExplainValues: 1.5e8,
  maxFoolValues: 1.5e8,
  cancelGraceMs: 250,
});

/** The server option and `snowblind serve` flag behind each bound, named in refusals. */
const RAISE_WITH: Record<Exclude<keyof JobLimits, 'cancelGraceMs'>, string> = {
  maxAuditValues: '--max-audit-values',
  maxBatchValues: '--max-batch-values',
  maxExplainValues: '--max-explain-values',
  maxFoolValues: '--max-fool-values',
};

/** {@link DEFAULT_JOB_LIMITS} with `given` on top, each checked to be a positive number. */
export function resolveJobLimits(given: Partial<JobLimits> = {}): JobLimits {
  const limits = { ...DEFAULT_JOB_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    const min = name === 'cancelGraceMs' ? 0 : 1;
    if (!(Number.isFinite(value) && value >= min)) {
      throw new SnowblindError('BAD_INPUT', `jobLimits.${name} must be a number ≥ ${min}, got ${value}`);
    }
  }
  return limits;
}

const figure = (n: number): string =>
  n < 1e6 ? n.toLocaleString('en-US') : n.toExponential(2).replace('e+', 'e');

/**
 * Refuse a job whose `work` exceeds `limits[bound]`.
 * @param what - the job and how its work was counted, e.g. "this audit (count × runs × values per image)"
 * @throws JOB_TOO_LARGE naming the limit, the server option and the `serve` flag that raise it
 */
export function checkWork(
  limits: JobLimits,
  bound: keyof typeof RAISE_WITH,
  work: number,
  what: string,
  smaller: string,
): void {
  const limit = limits[bound];
  if (work <= limit) return;
  throw coded(
    'JOB_TOO_LARGE',
    `${what} is ${figure(work)} values, over this server's limit of ${figure(limit)} (jobLimits.${bound})`,
    `${smaller}, or start the server with a higher jobLimits.${bound} (snowblind serve ${RAISE_WITH[bound]})`,
  );
}
