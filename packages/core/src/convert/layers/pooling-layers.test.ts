import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { convertLayersModel } from './convert-layers-model.js';
import {
  conversionError,
  predictTfjs,
  randomInput,
  relativeError,
  runOnnx,
  saveArtifacts,
  sequentialOf,
} from './test-parity.js';

const TOLERANCE = 1e-4;

const model = (inputShape: number[], layers: tf.layers.Layer[]) => sequentialOf(inputShape, layers, 17);

describe('pooling layers', () => {
  const windows: [string, () => tf.layers.Layer][] = [
    ['MaxPooling2D valid', () => tf.layers.maxPooling2d({ poolSize: 2 })],
    [
      'MaxPooling2D same stride 2 odd size',
      () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
    ],
    [
      'AveragePooling2D valid 3×2 stride 1',
      () => tf.layers.averagePooling2d({ poolSize: [3, 2], strides: 1 }),
    ],
    [
      'AveragePooling2D same stride 2 (padding not counted)',
      () => tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
    ],
  ];
  for (const [name, make] of windows) {
    it(`${name} after a conv matches`, async () => {
      const m = model([9, 7, 3], [tf.layers.conv2d({ filters: 2, kernelSize: 1 }), make()]);
      expect((await conversionError(m, [2, 9, 7, 3])).error).toBeLessThan(TOLERANCE);
    });
  }

  it('GlobalAveragePooling2D / GlobalMaxPooling2D on an NCHW conv output and on the NHWC input', async () => {
    for (const pool of [() => tf.layers.globalAveragePooling2d({}), () => tf.layers.globalMaxPooling2d({})]) {
      const afterConv = model(
        [5, 6, 3],
        [tf.layers.conv2d({ filters: 4, kernelSize: 3 }), pool(), tf.layers.dense({ units: 3 })],
      );
      expect((await conversionError(afterConv, [2, 5, 6, 3])).error).toBeLessThan(TOLERANCE);
      const onInput = model([5, 6, 3], [pool(), tf.layers.dense({ units: 3 })]);
      expect((await conversionError(onInput, [2, 5, 6, 3])).error).toBeLessThan(TOLERANCE);
    }
  });

  it('keepdims (Keras, not TF.js) keeps [batch, 1, 1, C] with the same values', async () => {
    for (const [pool, afterConv] of [
      [tf.layers.globalAveragePooling2d({}), true],
      [tf.layers.globalMaxPooling2d({}), false],
    ] as const) {
      const m = model(
        [5, 6, 3],
        afterConv ? [tf.layers.conv2d({ filters: 4, kernelSize: 3 }), pool] : [pool],
      );
      const artifacts = await saveArtifacts(m);
      const layers = (
        artifacts.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } }
      ).config.layers;
      layers.at(-1)!.config['keepdims'] = true;
      const x = randomInput([2, 5, 6, 3], 8);
      const y = await runOnnx(convertLayersModel(artifacts), x, [2, 5, 6, 3]);
      const reference = predictTfjs(m, x, [2, 5, 6, 3]);
      expect(y.dims).toEqual([2, 1, 1, reference.dims[1]]);
      expect(relativeError(y.data, reference.data)).toBeLessThan(TOLERANCE);
    }
  });
});
