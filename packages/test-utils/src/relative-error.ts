/**
 * max|a − b| / max|b|: the error of a whole output relative to the reference's scale (the parity
 * bar of the PyTorch, Captum and converter tests).
 * @throws Error when the lengths differ (a shape bug, not a small error).
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`relativeError: ${actual.length} values against ${expected.length}`);
  }
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}
