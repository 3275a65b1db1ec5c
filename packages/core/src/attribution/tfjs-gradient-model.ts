import { tf } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import type { GradientModel, GradientResult } from './types.js';
import { withWasmGradientKernels } from './wasm-kernel-bridge.js';

/** What {@link tfjsGradientModel} accepts: a TF.js model or any differentiable function. */
export type TfjsDifferentiable = tf.LayersModel | tf.GraphModel | ((x: tf.Tensor) => tf.Tensor);

function applyFn(model: TfjsDifferentiable): (x: tf.Tensor) => tf.Tensor {
  if (model instanceof tf.LayersModel) return (x) => model.apply(x, { training: false }) as tf.Tensor;
  if (model instanceof tf.GraphModel) {
    return (x) => {
      const y = model.predict(x);
      if (!(y instanceof tf.Tensor)) {
        throw new SnowblindError('BAD_MODEL', 'graph model has several outputs; attribution needs one', {
          hint: 'wrap the model in a function that returns the class-score tensor',
        });
      }
      return y;
    };
  }
  return model;
}

/**
 * A {@link GradientModel} over a TF.js model, with input gradients from `tf.grad`.
 *
 * @param model - a `tf.LayersModel`, a `tf.GraphModel` (single output, no control flow) or a
 *   function from a batch tensor to `[n, classes]` scores.
 * @param inputShape - shape of one example without the batch axis, in the model's own layout
 *   (e.g. `[224, 224, 3]` for NHWC TF.js models).
 * @remarks Every call runs inside `tf.tidy`; no tensor outlives it. On the wasm backend the
 * convolution backprop kernels wasm lacks are bridged to the cpu backend during the gradient
 * call (see `withWasmGradientKernels`), so conv nets work there, at the cost of computing the
 * unused filter gradient in JS.
 */
export function tfjsGradientModel(model: TfjsDifferentiable, inputShape: readonly number[]): GradientModel {
  const shape = [...inputShape];
  const inputSize = shape.reduce((a, b) => a * b, 1);
  const apply = applyFn(model);
  // A probe pass is the one answer that works for layers, graph models and plain functions.
  const numClasses = tf.tidy(() => apply(tf.zeros([1, ...shape])).size);

  const scores = (x: tf.Tensor, n: number): tf.Tensor2D => {
    const y = apply(x);
    if (y.size !== n * numClasses) {
      throw new SnowblindError(
        'SHAPE_MISMATCH',
        `model output has shape [${y.shape}], expected [${n}, ${numClasses}]`,
      );
    }
    return tf.reshape(y, [n, numClasses]);
  };

  let perExample: Promise<number> | undefined;
  return {
    inputSize,
    numClasses,
    inputShape: shape,
    async forward(input, n) {
      const y = tf.tidy(() => scores(tf.tensor(input, [n, ...shape], 'float32'), n));
      try {
        return (await y.data()) as Float32Array;
      } finally {
        y.dispose();
      }
    },
    async gradient(input, n, targets): Promise<GradientResult> {
      let outputs: tf.Tensor | undefined;
      let gradients: tf.Tensor | undefined;
      try {
        gradients = gradientOf(input, n, targets, (y) => {
          outputs = tf.keep(y);
        });
        const [out, grad] = await Promise.all([outputs!.data(), gradients.data()]);
        return { outputs: out as Float32Array, gradients: grad as Float32Array };
      } finally {
        outputs?.dispose();
        gradients?.dispose();
      }
    },
    memoryPerExample() {
      // Measured once: the tensor bytes one example's gradient call allocates at its peak.
      perExample ??= (async () => {
        const start = tf.memory().numBytes;
        const info = await tf.profile(() => {
          tf.dispose(gradientOf(new Float32Array(inputSize), 1, [0], () => {}));
        });
        return Math.max(1, info.peakBytes - start);
      })();
      return perExample;
    },
  };

  /** ∂ Σᵢ y[i, targets[i]] / ∂x, the scores handed to `seen` (kept only if it keeps them). */
  function gradientOf(
    input: Float32Array,
    n: number,
    targets: readonly number[],
    seen: (y: tf.Tensor) => void,
  ): tf.Tensor {
    return withWasmGradientKernels(() =>
      tf.tidy(() => {
        const x = tf.tensor(input, [n, ...shape], 'float32');
        const mask = tf.oneHot(tf.tensor1d([...targets], 'int32'), numClasses).toFloat();
        // The sum over examples of each one's target score: its gradient w.r.t. the batch is
        // each example's own ∂F_target/∂x, as the examples do not interact.
        return tf.grad((t: tf.Tensor) => {
          const y = scores(t, n);
          seen(y);
          return tf.sum(tf.mul(y, mask));
        })(x);
      }),
    );
  }
}
