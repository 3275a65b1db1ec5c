import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveToDisk } from '../../test/tiny-models.js';
import { explain } from '../explain/index.js';
import type { RgbImage } from '../image/types.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const FLOAT = { type: 'DT_FLOAT' };

/**
 * A tfjs-converter-style GraphModel whose input leaves batch, height and width unknown
 * ([-1, -1, -1, 3]): Conv2D 3×3 stride 2 SAME to 4 channels, then Mean over H and W.
 */
async function writeGraphModel(folder: string): Promise<void> {
  const weights = Float32Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.sin(0.7 * i) / 4);
  const axes = Int32Array.from([1, 2]);
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'weights.bin'),
    Buffer.concat([Buffer.from(weights.buffer), Buffer.from(axes.buffer)]),
  );
  const dims = (sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  const node = [
    { name: 'input', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims([-1, -1, -1, 3]) } } },
    { name: 'w', op: 'Const', attr: { dtype: FLOAT } },
    { name: 'axes', op: 'Const', attr: { dtype: { type: 'DT_INT32' } } },
    {
      name: 'conv',
      op: 'Conv2D',
      input: ['input', 'w'],
      attr: {
        T: FLOAT,
        strides: { list: { i: ['1', '2', '2', '1'] } },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
      },
    },
    { name: 'mean', op: 'Mean', input: ['conv', 'axes'], attr: { T: FLOAT, keep_dims: { b: false } } },
  ];
  const model = {
    format: 'graph-model',
    modelTopology: { node, versions: { producer: 1982 } },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'w', shape: [3, 3, 3, 4], dtype: 'float32' },
          { name: 'axes', shape: [2], dtype: 'int32' },
        ],
      },
    ],
  };
  await writeFile(join(folder, 'model.json'), JSON.stringify(model));
}

let dir: string;
let registry: ModelRegistry;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snowblind-graph-size-'));
  registry = await ModelRegistry.open({ home: join(dir, 'home'), builtinPath: null });
  await writeGraphModel(join(dir, 'model'));
  // A fully convolutional Keras model: input [null, null, null, 3].
  const layers = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [null, null, 3], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3 }),
    ],
  });
  layers.setWeights(
    layers.getWeights().map((w, i) =>
      tf.tensor(
        Float32Array.from({ length: w.size }, (_, j) => Math.cos(j + i)),
        w.shape,
      ),
    ),
  );
  await saveToDisk(layers, join(dir, 'layers'));
  layers.dispose();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const preset = { base: 'tf-mobilenet', resize: null, crop: [10, 12] as [number, number] };
const image: RgbImage = {
  width: 12,
  height: 10,
  channels: 3,
  data: Uint8Array.from({ length: 360 }, (_, i) => (i * 37) % 256),
};

describe('TF.js models that leave their input size unknown are converted at the preset size', () => {
  it.each([
    ['a GraphModel', 'model', 'tfjs-graph'],
    ['a LayersModel', 'layers', 'tfjs-layers'],
  ])("%s runs on onnxruntime and gives the TF.js engine's saliency", async (_, folder, format) => {
    const onnx = await loadModel(join(dir, folder), { preset, registry });
    const tfjs = await loadModel(join(dir, folder), { preset, registry, engine: 'tfjs' });
    try {
      expect(onnx).toMatchObject({ backend: 'onnx', format });
      expect(onnx.fallback).toBeUndefined();
      const [a, b] = [
        await explain(onnx, image, { method: 'saliency' }),
        await explain(tfjs, image, { method: 'saliency' }),
      ];
      expect(a.target).toBe(b.target);
      a.attributions.forEach((v, i) => {
        expect(v).toBeCloseTo(b.attributions[i]!, 5);
      });
    } finally {
      await Promise.all([onnx.dispose(), tfjs.dispose()]);
    }
  });
});
