import { SnowblindError } from '../errors.js';

/**
 * Fit class names to a model's output size: none → `class 0..N-1`; fewer than N → the rest
 * filled with `class <i>`; more than N → `BAD_LABELS` (almost always the wrong labels file,
 * e.g. a 1001-line file with a background class for a 1000-class model).
 */
export function fitLabels(
  labels: readonly string[] | undefined,
  numClasses: number,
  model: string,
): string[] {
  if (!labels) return Array.from({ length: numClasses }, (_, i) => `class ${i}`);
  if (labels.length > numClasses) {
    throw new SnowblindError(
      'BAD_LABELS',
      `${model} has ${numClasses} outputs but ${labels.length} labels were given`,
      { hint: 'use the labels file that matches the model (one class name per line, in output order)' },
    );
  }
  return Array.from({ length: numClasses }, (_, i) => labels[i] ?? `class ${i}`);
}
