import { SnowblindError } from '../src/errors.js';

/**
 * The SnowblindError that `p` rejects with (or, for a function, that calling it throws or
 * rejects with); any other outcome, another error or none, fails the test.
 */
export async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<SnowblindError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (error) {
    if (error instanceof SnowblindError) return error;
    throw error;
  }
  throw new Error('expected a SnowblindError');
}
