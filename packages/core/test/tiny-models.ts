import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** Save a TF.js model the way `model.save('file://…')` lays it out: model.json + weights.bin. */
export async function saveToDisk(model: tf.LayersModel, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData as ArrayBuffer;
      await writeFile(join(folder, 'weights.bin'), new Uint8Array(data));
      const json = {
        format: 'layers-model',
        generatedBy: 'snowblind test',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(folder, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** A deterministic 8×8×3 NHWC conv net with 6 outputs (weights from a sine, no randomness). */
export function tinyConv(softmax: boolean): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 6, ...(softmax ? { activation: 'softmax' } : {}) }),
    ],
  });
  model.setWeights(
    model.getWeights().map((w, i) =>
      tf.tensor(
        Array.from({ length: w.size }, (_, j) => Math.sin(0.7 * j + i)),
        w.shape,
      ),
    ),
  );
  return model;
}

/** Preset for {@link tinyConv}: tf-mobilenet scaling, no resize, 8×8 crop. */
export const NHWC8_PRESET = { base: 'tf-mobilenet', resize: null, crop: [8, 8] as [number, number] };
