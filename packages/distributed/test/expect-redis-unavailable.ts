import { isSnowblindError } from '@snowblind/core';
import { expect } from 'vitest';

/** Asserts the error an unreachable Redis gives: `REDIS_UNAVAILABLE`, naming the URL, with a hint. */
export function expectRedisUnavailable(error: unknown, url: string): void {
  expect(isSnowblindError(error)).toBe(true);
  expect((error as { code: string }).code).toBe('REDIS_UNAVAILABLE');
  expect((error as Error).message).toContain(url);
  expect((error as { hint: string }).hint).toContain('redis-server');
}
