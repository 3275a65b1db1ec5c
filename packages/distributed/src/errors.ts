import { ERROR_CODES, type ErrorCode, isSnowblindError, SnowblindError } from '@snowblind/core';

/**
 * Codes the distributed runner adds to core's `ERROR_CODES` (never rename one, only add). They
 * travel as `SnowblindError` codes, so the CLI prints them (`error [REDIS_UNAVAILABLE]`, exit 2)
 * and GraphQL puts them in `extensions.code` like core's.
 */
export const DISTRIBUTED_ERROR_CODES = ['REDIS_UNAVAILABLE', 'SHARD_FAILED'] as const;

/** One of {@link DISTRIBUTED_ERROR_CODES}. */
export type DistributedErrorCode = (typeof DISTRIBUTED_ERROR_CODES)[number];

/** What each code means, one line each (for error-code tables; a new code without one fails typecheck). */
export const DISTRIBUTED_ERROR_CODE_DESCRIPTIONS: Readonly<Record<DistributedErrorCode, string>> = {
  REDIS_UNAVAILABLE:
    'Redis cannot be reached (within 3 s), or a lost connection of a coordinator is not back in time',
  SHARD_FAILED: 'a shard failed on the workers without a coded error (e.g. BullMQ gave up after 3 stalls)',
};

/** What a shard error may carry: core's codes and ours. */
export type ShardErrorCode = ErrorCode | DistributedErrorCode;

/** A coded error of the distributed runner (a `SnowblindError` whose code is one of ours). */
export function distributedError(
  code: DistributedErrorCode,
  message: string,
  options: { hint?: string; cause?: unknown } = {},
): SnowblindError<DistributedErrorCode> {
  return new SnowblindError<DistributedErrorCode>(code, message, options);
}

/** A shard error as it is stored in BullMQ's `failedReason` (a string): code, message and hint. */
export function encodeShardError(error: unknown): string {
  if (isSnowblindError(error)) {
    return JSON.stringify({
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    });
  }
  return JSON.stringify({
    code: 'INTERNAL',
    message: `a worker failed on a shard: ${error instanceof Error ? error.message : String(error)}`,
  });
}

/** The error a failed shard reported, as a `SnowblindError` (`SHARD_FAILED` when it is not ours). */
export function decodeShardError(
  failedReason: string | undefined,
  shardId: string,
): SnowblindError<ShardErrorCode> {
  try {
    const wire = JSON.parse(failedReason ?? '') as { code?: unknown; message?: unknown; hint?: unknown };
    if (isShardErrorCode(wire.code) && typeof wire.message === 'string') {
      return new SnowblindError<ShardErrorCode>(wire.code, wire.message, {
        ...(typeof wire.hint === 'string' ? { hint: wire.hint } : {}),
      });
    }
  } catch {
    // Not one of ours: BullMQ's own reasons (e.g. "job stalled more than allowable limit").
  }
  return distributedError('SHARD_FAILED', `shard ${shardId} failed: ${failedReason ?? 'unknown reason'}`, {
    hint: 'check the logs of the snowblind workers; resume the audit to retry the shard',
  });
}

const SHARD_ERROR_CODES: ReadonlySet<string> = new Set([...ERROR_CODES, ...DISTRIBUTED_ERROR_CODES]);

function isShardErrorCode(code: unknown): code is ShardErrorCode {
  return typeof code === 'string' && SHARD_ERROR_CODES.has(code);
}
