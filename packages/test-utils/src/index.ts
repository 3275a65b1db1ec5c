/** Test helpers shared across snowblind's workspaces. Private: never published, never in a dist. */
export {
  MissingTestDependencyError,
  missingTestDependency,
  REQUIRE_TEST_DEPS,
} from './missing-test-dependency.js';
