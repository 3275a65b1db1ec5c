import { SnowblindError } from '../errors.js';
import type { ForwardModel, Target } from './types.js';

/** Number of examples in `input`, checking that it is a whole number of examples. */
export function exampleCount(model: ForwardModel, input: Float32Array): number {
  const n = input.length / model.inputSize;
  if (!Number.isInteger(n) || n < 1) {
    throw new SnowblindError(
      'SHAPE_MISMATCH',
      `attribution input has ${input.length} floats, not a positive multiple of the model's ${model.inputSize}`,
      { hint: 'pass the preprocessed model input (n × inputSize floats in the model layout)' },
    );
  }
  return n;
}

/** One checked target class per example. */
export function resolveTargets(target: Target, n: number, numClasses: number): number[] {
  const targets = typeof target === 'number' ? new Array<number>(n).fill(target) : [...target];
  if (targets.length !== n) {
    throw new SnowblindError('BAD_INPUT', `got ${targets.length} targets for ${n} examples`, {
      hint: 'pass one target for all examples or one per example',
    });
  }
  for (const t of targets) {
    if (!Number.isInteger(t) || t < 0 || t >= numClasses) {
      throw new SnowblindError('BAD_INPUT', `target ${t} is not a class index in [0, ${numClasses})`, {
        hint: 'targets are 0-based output indices of the model',
      });
    }
  }
  return targets;
}

/** Throws `BAD_INPUT` unless `value` is an integer ≥ `min`. */
export function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new SnowblindError('BAD_INPUT', `${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** Picks `outputs[i, targets[i]]` for each example. */
export function pickTargets(outputs: Float32Array, numClasses: number, targets: readonly number[]): number[] {
  return targets.map((t, i) => outputs[i * numClasses + t]!);
}
