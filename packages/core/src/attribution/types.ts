/**
 * A model that can run forward passes. Occlusion needs nothing more.
 *
 * Inputs are flat `Float32Array`s of `n × inputSize` floats in the model's own layout (NCHW for
 * PyTorch/ONNX exports, NHWC for most TF.js models); attribution methods never reorder them.
 */
export interface ForwardModel {
  /** Floats per example (e.g. 3·224·224). */
  readonly inputSize: number;
  /** Number of model outputs (classes) per example. */
  readonly numClasses: number;
  /**
   * Shape of one example (without the batch axis), e.g. `[3, 224, 224]`. Occlusion windows and
   * blurred baselines need it; methods that need it and do not get it throw `BAD_INPUT`.
   */
  readonly inputShape?: readonly number[];
  /** Outputs for `n` examples, `n × numClasses` floats (logits or probabilities, as the model gives). */
  forward(input: Float32Array, n: number): Promise<Float32Array>;
}

/** Outputs plus the input gradient of one chosen output per example. */
export interface GradientResult {
  /** `n × numClasses` outputs of the same forward pass. */
  readonly outputs: Float32Array;
  /** `n × inputSize`: ∂ output[i, targets[i]] / ∂ input[i]. */
  readonly gradients: Float32Array;
}

/**
 * A model that also gives input gradients: what every gradient method needs. TF.js models get
 * one from {@link tfjsGradientModel}; ONNX models from the engine's backward-graph runner.
 */
export interface GradientModel extends ForwardModel {
  /** Forward pass plus ∂ output[target] / ∂ input for each of the `n` examples. */
  gradient(input: Float32Array, n: number, targets: readonly number[]): Promise<GradientResult>;
  /**
   * Estimated peak memory one example adds to a {@link GradientModel.gradient} call, in bytes;
   * batches are sized to a memory budget from it (see `rowsWithinBudget`). Optional: without it
   * IG keeps its fixed internal batch.
   */
  memoryPerExample?(): Promise<number>;
}

/** The output index to explain: one for all examples, or one per example. */
export type Target = number | readonly number[];

/**
 * Progress of a long method: `done` out of `total` units (IG steps, occlusion windows, noise
 * samples × IG steps), called after each model evaluation (each internal batch), with `done`
 * rising to `total`.
 */
export type ProgressCallback = (progress: { readonly done: number; readonly total: number }) => void;

/**
 * Any attribution method bound to its model and options, as {@link noiseTunnel} wraps it:
 * attributions (same size as `input`) for `targets.length` examples, one target each. A method
 * may report its own progress through `onProgress` (e.g. IG's steps, passed on as its
 * `onProgress`), so a wrapper can report per internal batch rather than per call.
 */
export type AttributionMethod = (
  input: Float32Array,
  targets: readonly number[],
  onProgress?: ProgressCallback,
) => Promise<Float32Array>;
