/**
 * Test support (not built): save a TF.js LayersModel to artifacts, convert it, run both on the
 * same batch and measure how far the ONNX output is from `model.predict` on the cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { OnnxModel } from '../../onnx/types.js';
import { relativeError, runConverted } from '../graph/test-graph.js';
import { convertLayersModel } from './convert-layers-model.js';

export { relativeError, runConverted as runOnnx };

/** The artifacts `model.save()` writes, in memory. */
export async function saveArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/**
 * Replace every weight with seeded uniform values (variances in [0.5, 1.5], so batch norms
 * divide by something sane); initial moving statistics would make batch norms trivial.
 */
export function randomizeWeights(model: tf.LayersModel, seed: number, scale = 0.5): void {
  const values = model.weights.map((w, i) =>
    w.name.includes('moving_variance')
      ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', seed + i)
      : tf.randomUniform(w.shape as number[], -scale, scale, 'float32', seed + i),
  );
  model.setWeights(values);
  tf.dispose(values);
}

/** A Sequential model on `inputShape` with seeded random weights. */
export function sequentialOf(
  inputShape: (number | null)[],
  layers: tf.layers.Layer[],
  seed: number,
): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape }), ...layers] });
  randomizeWeights(model, seed);
  return model;
}

/** Seeded uniform inputs in [-1, 1]. */
export function randomInput(shape: readonly number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomUniform([...shape], -1, 1, 'float32', seed).dataSync() as Float32Array);
}

/** `model.predict` on the cpu backend. */
export function predictTfjs(
  model: tf.LayersModel,
  input: Float32Array,
  dims: readonly number[],
): { data: Float32Array; dims: number[] } {
  return tf.tidy(() => {
    const y = model.predict(tf.tensor(input, [...dims])) as tf.Tensor;
    return { data: y.dataSync() as Float32Array, dims: y.shape };
  });
}

/**
 * Convert `model`, run it and TF.js on a seeded batch of `dims` and return the relative error
 * (`Infinity` when the output shapes differ) with the converted model.
 */
export async function conversionError(
  model: tf.LayersModel,
  dims: readonly number[],
  seed = 1,
): Promise<{ error: number; onnx: OnnxModel }> {
  await tf.setBackend('cpu');
  const onnx = convertLayersModel(await saveArtifacts(model));
  const input = randomInput(dims, seed);
  const expected = predictTfjs(model, input, dims);
  const actual = await runConverted(onnx, input, dims);
  const sameShape = actual.dims.join() === expected.dims.join();
  return { error: sameShape ? relativeError(actual.data, expected.data) : Number.POSITIVE_INFINITY, onnx };
}
