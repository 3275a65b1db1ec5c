import { tf } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { splitGradientCalls } from './memory-budget.js';
import type { GradientModel, GradientResult } from './types.js';
import { withWasmGradientKernels } from './wasm-kernel-bridge.js';

/**
 * Bytes of the TF.js wasm heap one gradient call may take by default (1 GB). The heap is one
 * 32-bit wasm memory (at most 4 GB), never shrinks, fragments, and holds the model and every
 * other tensor too; an allocation that fails there aborts the whole wasm module
 * (`RuntimeError: Aborted()`), after which no wasm call works in the process. So on wasm a batch
 * is split into calls that fit this, whatever batch the caller asked for.
 */
export const WASM_GRADIENT_BUDGET = 1e9;

/** Options of {@link tfjsGradientModel}. */
export interface TfjsGradientOptions {
  /** Bytes one gradient call may take on the wasm backend. @defaultValue {@link WASM_GRADIENT_BUDGET} */
  readonly wasmBudget?: number;
}

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
 * unused filter gradient in JS; and a batch larger than what fits `wasmBudget` (from
 * {@link GradientModel.memoryPerExample}) is run in several calls. An engine allocation failure
 * becomes SnowblindError `OUT_OF_MEMORY` naming the options that shrink the batch.
 */
export function tfjsGradientModel(
  model: TfjsDifferentiable,
  inputShape: readonly number[],
  options: TfjsGradientOptions = {},
): GradientModel {
  const wasmBudget = options.wasmBudget ?? WASM_GRADIENT_BUDGET;
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
  const whole: GradientModel = {
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
  return {
    ...whole,
    async gradient(input, n, targets) {
      const rows =
        tf.getBackend() === 'wasm' ? Math.floor(wasmBudget / (await whole.memoryPerExample!())) : n;
      return splitGradientCalls(whole, Math.max(1, Math.min(n, rows))).gradient(input, n, targets);
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
