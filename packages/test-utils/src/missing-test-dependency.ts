/**
 * The one gate of every test that needs a reference implementation the machine may lack
 * (Debian's torch, Chromium, Redis, the Fashion-MNIST files, `../shared/zoo`).
 */

/** The variable CI sets after `scripts/install-test-deps.sh`: a missing dependency fails the run. */
export const REQUIRE_TEST_DEPS = 'SNOWBLIND_REQUIRE_TEST_DEPS';

/** Thrown instead of skipping when {@link REQUIRE_TEST_DEPS} is `1`. */
export class MissingTestDependencyError extends Error {
  override readonly name = 'MissingTestDependencyError';
}

/**
 * Whether the tests that need `what` must skip.
 *
 * @param what - the dependency, e.g. `"Debian's Chromium"`.
 * @param reason - why it is unavailable (with how to install it), or `undefined`/`null` when present.
 * @returns `false` when `reason` is unset; `true` after printing the skip message otherwise.
 * @throws MissingTestDependencyError when `reason` is set and `SNOWBLIND_REQUIRE_TEST_DEPS=1`, so
 * the test file fails instead of going green with the reference checks skipped.
 * @example `describe.skipIf(missingTestDependency("Debian's Chromium", chromiumMissing))(...)`
 */
export function missingTestDependency(what: string, reason: string | null | undefined): boolean {
  if (reason === undefined || reason === null) return false;
  if (process.env[REQUIRE_TEST_DEPS] === '1') {
    throw new MissingTestDependencyError(
      `${what} is required (${REQUIRE_TEST_DEPS}=1) but missing: ${reason}`,
    );
  }
  console.warn(`skipped: ${what} is missing: ${reason}`);
  return true;
}
