/** What the gradient-session scripts share: the runner's session options and one test batch. */
import type { OnnxGradientGraph } from '@snowblind/core';
import * as ort from 'onnxruntime-node';

/** The gradient runner's session options with 2 threads (see `gradient-runner.ts`). */
export const GRADIENT_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
  enableMemPattern: false,
};

/**
 * {@link GRADIENT_SESSION_OPTIONS} for A/B scripts: without spinning threads unless
 * `SNOWBLIND_AB_SPIN=1`, so that a run's CPU time is the work it did, which holds up on a loaded
 * machine better than its wall time.
 */
export function abSessionOptions(): ort.InferenceSession.SessionOptions {
  return process.env.SNOWBLIND_AB_SPIN === '1'
    ? GRADIENT_SESSION_OPTIONS
    : { ...GRADIENT_SESSION_OPTIONS, extra: { session: { intra_op: { allow_spinning: '0' } } } };
}

/** A fixed batch of `n` inputs (a sine pattern) and one-hot targets for `grad`'s session. */
export function gradientFeeds(grad: OnnxGradientGraph, n: number): Record<string, ort.Tensor> {
  const shape = grad.inputShape.slice(1) as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  const classes = grad.numClasses!;
  const target = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) target[i * classes + ((i * 7 + 3) % classes)] = 1;
  return {
    [grad.inputName]: new ort.Tensor(
      'float32',
      new Float32Array(n * size).map((_, i) => Math.sin(i * 0.37)),
      [n, ...shape],
    ),
    [grad.targetName]: new ort.Tensor('float32', target, [n, classes]),
  };
}
