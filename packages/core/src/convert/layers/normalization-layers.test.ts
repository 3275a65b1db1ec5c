import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conversionError, randomizeWeights, sequentialOf } from './test-parity.js';

const TOLERANCE = 1e-4;

const sequential = (inputShape: number[], layers: tf.layers.Layer[]) => sequentialOf(inputShape, layers, 5);

const opTypes = (onnx: Awaited<ReturnType<typeof conversionError>>['onnx']) =>
  onnx.graph.node!.map((n) => n.opType);

describe('normalization layers', () => {
  it('BatchNormalization after a conv folds into it (no op of its own) and matches', async () => {
    const model = sequential(
      [9, 7, 3],
      [
        tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false }),
        tf.layers.batchNormalization({ epsilon: 1e-3 }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }),
        tf.layers.batchNormalization({}),
        tf.layers.activation({ activation: 'relu6' }),
      ],
    );
    const { error, onnx } = await conversionError(model, [2, 9, 7, 3]);
    expect(error).toBeLessThan(TOLERANCE);
    expect(opTypes(onnx)).toEqual(['Transpose', 'Conv', 'Conv', 'Clip', 'Transpose']);
  });

  it('BatchNormalization is not folded into a conv whose output is also read elsewhere', async () => {
    const input = tf.input({ shape: [6, 6, 3] });
    const conv = tf.layers
      .conv2d({ filters: 3, kernelSize: 3, padding: 'same' })
      .apply(input) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization({ scale: false }).apply(conv) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.add().apply([conv, bn]) as tf.SymbolicTensor,
    });
    randomizeWeights(model, 2);
    const { error, onnx } = await conversionError(model, [2, 6, 6, 3]);
    expect(error).toBeLessThan(TOLERANCE);
    expect(opTypes(onnx)).toContain('Mul');
  });

  it('BatchNormalization on a dense output (rank 2) and on the input (NHWC)', async () => {
    const model = sequential(
      [4, 5, 3],
      [
        tf.layers.batchNormalization({ center: false }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 6 }),
        tf.layers.batchNormalization({}),
      ],
    );
    expect((await conversionError(model, [3, 4, 5, 3])).error).toBeLessThan(TOLERANCE);
  });

  it('LayerNormalization on the last axis of a conv output and of a dense output', async () => {
    const model = sequential(
      [5, 4, 3],
      [
        tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
        tf.layers.layerNormalization({ epsilon: 1e-5 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 7 }),
        tf.layers.layerNormalization({}),
      ],
    );
    expect((await conversionError(model, [2, 5, 4, 3])).error).toBeLessThan(TOLERANCE);
  });

  it('Rescaling (scale and offset) before a conv', async () => {
    const model = sequential(
      [6, 5, 3],
      [
        tf.layers.rescaling({ scale: 1 / 127.5, offset: -1 }),
        tf.layers.conv2d({ filters: 2, kernelSize: 3 }),
      ],
    );
    expect((await conversionError(model, [2, 6, 5, 3])).error).toBeLessThan(TOLERANCE);
  });
});
