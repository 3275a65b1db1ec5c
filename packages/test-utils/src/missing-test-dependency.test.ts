import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MissingTestDependencyError,
  missingTestDependency,
  REQUIRE_TEST_DEPS,
} from './missing-test-dependency.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('missingTestDependency', () => {
  it('does not skip when the dependency is present, in either mode', () => {
    expect(missingTestDependency('Redis', undefined)).toBe(false);
    vi.stubEnv(REQUIRE_TEST_DEPS, '1');
    expect(missingTestDependency('Redis', null)).toBe(false);
  });

  it('skips with a printed message by default', () => {
    vi.stubEnv(REQUIRE_TEST_DEPS, '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(missingTestDependency('Redis', 'redis-server is not on the PATH')).toBe(true);
    expect(warn).toHaveBeenCalledWith('skipped: Redis is missing: redis-server is not on the PATH');
  });

  it('throws instead when SNOWBLIND_REQUIRE_TEST_DEPS=1', () => {
    vi.stubEnv(REQUIRE_TEST_DEPS, '1');
    expect(() => missingTestDependency('Redis', 'redis-server is not on the PATH')).toThrow(
      new MissingTestDependencyError(
        'Redis is required (SNOWBLIND_REQUIRE_TEST_DEPS=1) but missing: redis-server is not on the PATH',
      ),
    );
  });
});
