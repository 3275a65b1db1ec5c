import { SnowblindError } from '../errors.js';

/**
 * Check that a model gets exactly one class name per output.
 * @throws SnowblindError `BAD_LABELS` naming both counts (a 1001-line file with a background
 * class for a 1000-class model, or the labels of another model, would otherwise mislabel every
 * prediction without a word)
 */
export function checkLabelCount(labels: number, numClasses: number, model: string): void {
  if (labels !== numClasses) {
    throw new SnowblindError(
      'BAD_LABELS',
      `${model} has ${numClasses} outputs but ${labels} labels were given`,
      { hint: 'use the labels file that matches the model (one class name per line, in output order)' },
    );
  }
}

/**
 * Class names for a model's outputs: none → `class 0..N-1`; otherwise exactly N names.
 * @throws SnowblindError `BAD_LABELS` when the count differs from the model's outputs
 */
export function fitLabels(
  labels: readonly string[] | undefined,
  numClasses: number,
  model: string,
): string[] {
  if (!labels) return Array.from({ length: numClasses }, (_, i) => `class ${i}`);
  checkLabelCount(labels.length, numClasses, model);
  return [...labels];
}
