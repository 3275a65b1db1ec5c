import { expectTypeOf, test } from 'vitest';
import { coded } from './errors.js';

test("coded() takes core's, the distributed runner's and the server's codes, and nothing else", () => {
  expectTypeOf(coded).toBeCallableWith('BAD_INPUT', 'a core code');
  expectTypeOf(coded).toBeCallableWith('REDIS_UNAVAILABLE', "the distributed runner's code");
  expectTypeOf(coded).toBeCallableWith('AUDIT_NOT_FOUND', 'a server code');
  // @ts-expect-error a typo is not a code
  expectTypeOf(coded).toBeCallableWith('BAD_INPTU', 'a typo');
});
