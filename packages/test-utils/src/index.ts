/**
 * Test helpers shared across snowblind's workspaces: one gate for every reference implementation
 * a test may lack, where each one lives, and fixture builders several packages use.
 * Private: never published, never in a `dist`.
 * @packageDocumentation
 */
export { CHROMIUM, CHROMIUM_NAME, chromiumMissing, launchChromium } from './chromium.js';
export { type FamilyFixture, familyFixture, readFamilyFixture } from './family-fixtures.js';
export { FASHION_MNIST, fashionMnistMissing } from './fashion-mnist.js';
export {
  BGR_PRESET,
  GRAY_PRESET,
  type LinearClassifier,
  linearClassifier,
  sineWeights,
} from './linear-classifier.js';
export {
  MissingTestDependencyError,
  missingTestDependency,
  REQUIRE_TEST_DEPS,
} from './missing-test-dependency.js';
export { relativeError } from './relative-error.js';
export { TINY_ONNX } from './tiny-onnx.js';
export {
  floats,
  PYTHON,
  TORCH,
  type TorchFixture,
  torchFixtures,
  torchMissing,
} from './torch-fixtures.js';
export { ZOO, ZOO_DIR, zooMissing, zooPath } from './zoo.js';
