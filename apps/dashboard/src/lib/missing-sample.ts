import type { AuditStatus } from '../graphql/types.js';

/** What the sample page says when the audit has no score for the sample asked for. */
export interface MissingSample {
  readonly text: string;
  /** The sample may still come: the page asks again until it does. */
  readonly pending: boolean;
}

/**
 * Why sample `index` of run `run` is missing from an audit of `count` images per run: past the
 * end, not scored yet by a queued or running audit, or left out by an audit that stopped early.
 */
export function missingSample(status: AuditStatus, index: number, run: number, count: number): MissingSample {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    return { text: `This audit has no sample ${index} in run ${run}.`, pending: false };
  }
  if (status === 'QUEUED' || status === 'RUNNING') {
    return {
      text: `Sample #${index} is not scored yet: the audit is still running. It shows here once its batch is done.`,
      pending: true,
    };
  }
  if (status === 'CANCELLED' || status === 'INTERRUPTED') {
    return {
      text: `The audit stopped before sample #${index}. Resume it from its page to score the rest.`,
      pending: false,
    };
  }
  return { text: `This audit has no sample ${index} in run ${run}.`, pending: false };
}
