import { type ErrorCode, isSnowblindError, SnowblindError } from '@snowblind/core';
import { expectTypeOf, test } from 'vitest';
import type { DistributedErrorCode } from './errors.js';

test("SnowblindError carries core's codes by default, and this package's when it names them", () => {
  expectTypeOf(new SnowblindError('BAD_INPUT', 'a core code').code).toEqualTypeOf<ErrorCode>();
  expectTypeOf(
    new SnowblindError<DistributedErrorCode>('REDIS_UNAVAILABLE', 'our code').code,
  ).toEqualTypeOf<DistributedErrorCode>();
  // @ts-expect-error our codes are not core's: the code is never inferred from the argument
  new SnowblindError('REDIS_UNAVAILABLE', 'not a core code');
  // @ts-expect-error a typo is not a code
  new SnowblindError('BAD_INPTU', 'a typo');
  // @ts-expect-error core's codes are not ours
  new SnowblindError<DistributedErrorCode>('BAD_INPUT', 'not our code');
});

test('isSnowblindError narrows to any code, or to the one it checks', () => {
  const error: unknown = new SnowblindError<DistributedErrorCode>('SHARD_FAILED', 'a shard failed');
  if (isSnowblindError(error)) expectTypeOf(error.code).toEqualTypeOf<string>();
  if (isSnowblindError<DistributedErrorCode>(error, 'SHARD_FAILED'))
    expectTypeOf(error.code).toEqualTypeOf<DistributedErrorCode>();
  if (isSnowblindError(error, 'CANCELLED')) expectTypeOf(error.code).toEqualTypeOf<ErrorCode>();
  // @ts-expect-error a typo is not a code
  isSnowblindError(error, 'CANCELED');
});
