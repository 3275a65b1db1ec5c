import {
  type Classifier,
  type ForwardModel,
  type GradientModel,
  inputShape,
  type RegistryEntry,
  readTfjsFromDisk,
  SnowblindError,
  tfjsGradientModel,
} from '@snowblind/core';
import * as tf from '@tensorflow/tfjs';
import { entryVersion } from './model-cache.js';

/** One example's shape in the model's own layout. */
export function exampleShape(model: Classifier): number[] {
  const { height, width, channels } = inputShape(model.preset, model.inputChannels);
  return model.preset.layout === 'NCHW' ? [channels, height, width] : [height, width, channels];
}

/** Occlusion needs forward passes only: any classifier will do. */
export function forwardModel(model: Classifier): ForwardModel {
  const shape = exampleShape(model);
  return {
    inputSize: shape.reduce((a, b) => a * b, 1),
    numClasses: model.numClasses,
    inputShape: shape,
    forward: (input, n) => model.predict(input, n),
  };
}

const gradientModels = new Map<string, GradientModel>();

/**
 * A gradient model for a registry entry. Core gives `Classifier`s no gradient, so for TF.js
 * models the server loads the model a second time as a `tf.LayersModel`/`tf.GraphModel` and wraps
 * it with `tfjsGradientModel`. ONNX models have no adapter in core's public API yet.
 * @throws SnowblindError `UNSUPPORTED_OP` for ONNX models.
 */
export async function gradientModelFor(entry: RegistryEntry, model: Classifier): Promise<GradientModel> {
  const key = `${entry.id}:${entryVersion(entry)}`;
  const cached = gradientModels.get(key);
  if (cached) return cached;
  if (entry.format === 'onnx') {
    throw new SnowblindError(
      'UNSUPPORTED_OP',
      `gradient attributions are not available for ONNX model "${entry.id}" yet`,
      {
        hint: 'use method OCCLUSION (forward passes only), or a TF.js model',
      },
    );
  }
  const { kind, artifacts } = await readTfjsFromDisk(entry.path);
  const loaded =
    kind === 'layers'
      ? await tf.loadLayersModel(tf.io.fromMemory(artifacts))
      : await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  const gradient = tfjsGradientModel(loaded, exampleShape(model));
  gradientModels.set(key, gradient);
  return gradient;
}
