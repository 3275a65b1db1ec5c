/**
 * Reads and writes the TF.js LayersModel on-disk format (model.json + one weights file)
 * without tfjs-node, which is what provides `file://` handlers and cannot be installed here.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const WEIGHTS_FILE = 'weights.bin';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export interface SavedModel {
  /** sha256 of `model.json` and of the weights file, keyed by file name. */
  readonly sha256: Record<string, string>;
  readonly weightBytes: number;
}

/** Saves `model` as `<dir>/model.json` + `<dir>/weights.bin` (float32, no optimizer state). */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<SavedModel> {
  mkdirSync(dir, { recursive: true });
  let saved: SavedModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightSpecs || !artifacts.weightData) throw new Error('model has no weights');
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const json = `${JSON.stringify(
        {
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
        },
        null,
        1,
      )}\n`;
      writeFileSync(join(dir, 'model.json'), json);
      writeFileSync(join(dir, WEIGHTS_FILE), weights);
      saved = {
        sha256: { 'model.json': sha256(json), [WEIGHTS_FILE]: sha256(weights) },
        weightBytes: weights.byteLength,
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return saved!;
}

/** Loads a LayersModel from a `model.json` path on disk (weights resolved next to it). */
export async function loadModel(modelJsonPath: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) chunks.push(readFileSync(join(dirname(modelJsonPath), p)));
  }
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.byteLength;
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: data.buffer }),
  );
}
