import type { Classifier } from './types.js';

/**
 * A Classifier that is `model` with `predict` replaced (the replacement usually calls
 * `model.predict` and checks or records its output). Every other field is copied from `model`,
 * and disposing the wrapper disposes `model`.
 *
 * @remarks `gradientModel` is not forwarded: a wrapper whose gradients are still `model`'s adds
 * it itself, so that gradients never bypass a wrapper that must see every output.
 */
export function withPredict(model: Classifier, predict: Classifier['predict']): Classifier {
  return {
    id: model.id,
    format: model.format,
    labels: model.labels,
    preset: model.preset,
    outputKind: model.outputKind,
    numClasses: model.numClasses,
    inputChannels: model.inputChannels,
    backend: model.backend,
    predict,
    dispose: () => model.dispose(),
  };
}
