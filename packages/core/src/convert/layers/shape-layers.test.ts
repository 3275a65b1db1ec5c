import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conversionError, sequentialOf } from './test-parity.js';

const TOLERANCE = 1e-4;

const model = (inputShape: number[], layers: tf.layers.Layer[]) => sequentialOf(inputShape, layers, 23);

describe('shape layers keep Keras element order', () => {
  it('Reshape of a conv output (with -1), then a conv on the reshaped image', async () => {
    const m = model(
      [4, 6, 2],
      [
        tf.layers.conv2d({ filters: 3, kernelSize: 1 }),
        tf.layers.reshape({ targetShape: [6, -1, 3] }),
        tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }),
      ],
    );
    expect((await conversionError(m, [2, 4, 6, 2])).error).toBeLessThan(TOLERANCE);
  });

  it('Permute of a conv output', async () => {
    const m = model(
      [4, 6, 2],
      [
        tf.layers.conv2d({ filters: 3, kernelSize: 1 }),
        tf.layers.permute({ dims: [3, 1, 2] }),
        tf.layers.flatten(),
      ],
    );
    expect((await conversionError(m, [2, 4, 6, 2])).error).toBeLessThan(TOLERANCE);
  });

  it('Dropout, SpatialDropout1D and GaussianNoise are the identity at inference', async () => {
    const m = model(
      [5, 4],
      [
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.spatialDropout1d({ rate: 0.5 }),
        tf.layers.gaussianNoise({ stddev: 1 }),
        tf.layers.dense({ units: 3 }),
      ],
    );
    const { error, onnx } = await conversionError(m, [2, 5, 4]);
    expect(error).toBeLessThan(TOLERANCE);
    expect(onnx.graph.node!.map((n) => n.opType)).toEqual(['MatMul', 'Add']);
  });
});
