import type { Command } from 'commander';
import { parseIntFlag } from './options.js';

/** `snowblind serve` flags onto the server's `jobLimits` (commander camel-cases each to its key). */
const FLAGS = [
  ['max-audit-values', 'maxAuditValues', 'count × models × noise specs × values per image', '200000000000'],
  ['max-batch-values', 'maxBatchValues', 'batch size × values per image', '134217728'],
  ['max-explain-values', 'maxExplainValues', 'model passes × model input values', '150000000'],
  ['max-fool-values', 'maxFoolValues', 'budget × candidates × model input values', '150000000'],
] as const;

type Key = (typeof FLAGS)[number][1];

/** The job limit flags as commander hands them over. */
export type JobLimitFlags = Partial<Record<Key, string>>;

/** Add the job limit flags to `serve`. */
export function withJobLimitFlags(command: Command): Command {
  for (const [flag, , what, fallback] of FLAGS) {
    command.option(
      `--${flag} <n>`,
      `refuse jobs over this much work (JOB_TOO_LARGE): ${what} (default ${fallback})`,
    );
  }
  return command;
}

/** The job limits given on the command line, checked to be whole numbers ≥ 1. */
export function jobLimitsFrom(flags: JobLimitFlags): Partial<Record<Key, number>> {
  const limits: Partial<Record<Key, number>> = {};
  for (const [flag, key] of FLAGS) {
    const raw = flags[key];
    if (raw !== undefined) limits[key] = parseIntFlag(`--${flag}`, raw, 1, Number.MAX_SAFE_INTEGER);
  }
  return limits;
}
