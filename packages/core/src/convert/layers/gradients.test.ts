import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createOnnxGradientRunner, serializeOnnxModel } from '../../onnx/index.js';
import { convertLayersModel } from './convert-layers-model.js';
import { randomInput, randomizeWeights, relativeError, saveArtifacts } from './test-parity.js';

const TOLERANCE = 1e-4;

/** `d y[i, target_i] / d x` on TF.js' cpu backend. */
function tfjsInputGradient(
  model: tf.LayersModel,
  x: Float32Array,
  dims: number[],
  targets: number[],
  classes: number,
): Float32Array {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(tf.tensor1d(targets, 'int32'), classes);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.apply(input) as tf.Tensor, oneHot)));
    return grad(tf.tensor(x, dims)).dataSync() as Float32Array;
  });
}

/** Relative error of the ONNX input gradient, and the reference's scale (0 would prove nothing). */
async function gradientError(model: tf.LayersModel, dims: number[], classes: number) {
  await tf.setBackend('cpu');
  const onnx = convertLayersModel(await saveArtifacts(model));
  const runner = await createOnnxGradientRunner(serializeOnnxModel(onnx));
  try {
    const x = randomInput(dims, 47);
    const targets = Array.from({ length: dims[0]! }, (_, i) => i % classes);
    const { gradients } = await runner.forwardBackward(x, dims[0]!, targets);
    const expected = tfjsInputGradient(model, x, dims, targets, classes);
    return { error: relativeError(gradients, expected), scale: Math.max(...expected.map(Math.abs)) };
  } finally {
    await runner.dispose();
  }
}

describe('input gradients of converted models match tf.grad (cpu backend)', () => {
  it('conv + folded batch norms + depthwise + dense', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.inputLayer({ inputShape: [9, 7, 3] }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false }),
        tf.layers.batchNormalization({}),
        tf.layers.reLU({}),
        tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }),
        tf.layers.batchNormalization({}),
        tf.layers.activation({ activation: 'relu6' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: 'softmax' }),
      ],
    });
    randomizeWeights(model, 53);
    const { error, scale } = await gradientError(model, [3, 9, 7, 3], 5);
    expect(scale).toBeGreaterThan(0);
    expect(error).toBeLessThan(TOLERANCE);
  });

  it('a residual block with padding, pooling, upsampling, global pooling and a dense head', async () => {
    const input = tf.input({ shape: [8, 8, 2] }); // square: TF.js' resizeBilinear gradient swaps H and W;
    const conv = tf.layers
      .conv2d({ filters: 3, kernelSize: 3, activation: 'elu' })
      .apply(input) as tf.SymbolicTensor;
    const padded = tf.layers.zeroPadding2d({ padding: 1 }).apply(conv) as tf.SymbolicTensor;
    const pooled = tf.layers.averagePooling2d({ poolSize: 2 }).apply(padded) as tf.SymbolicTensor;
    const up = tf.layers
      .upSampling2d({ size: [2, 2], interpolation: 'bilinear' })
      .apply(pooled) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([padded, up]) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({}).apply(sum) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 4 }).apply(gap) as tf.SymbolicTensor,
    });
    randomizeWeights(model, 59);
    const { error, scale } = await gradientError(model, [2, 8, 8, 2], 4);
    expect(scale).toBeGreaterThan(0);
    expect(error).toBeLessThan(TOLERANCE);
  });

  it('every other layer family (transposed and separable convs, PReLU, LayerNorm, crops, concat, ...)', async () => {
    const input = tf.input({ shape: [8, 8, 2] });
    const conv = tf.layers
      .separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'swish' })
      .apply(input);
    const up = tf.layers
      .conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' })
      .apply(conv);
    const cropped = tf.layers
      .cropping2D({
        cropping: [
          [4, 4],
          [4, 4],
        ],
      })
      .apply(up) as tf.SymbolicTensor;
    const near = tf.layers
      .upSampling2d({ size: [1, 1] })
      .apply(tf.layers.prelu({}).apply(cropped)) as tf.SymbolicTensor;
    const merged = tf.layers
      .concatenate()
      .apply([near, tf.layers.leakyReLU({}).apply(cropped) as tf.SymbolicTensor]);
    const pooled = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(merged);
    const normed = tf.layers
      .layerNormalization({})
      .apply(tf.layers.permute({ dims: [2, 1, 3] }).apply(pooled));
    const flat = tf.layers.flatten().apply(normed);
    const hidden = tf.layers.dense({ units: 6, activation: 'tanh' }).apply(flat);
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 3, activation: 'softmax' }).apply(hidden) as tf.SymbolicTensor,
    });
    randomizeWeights(model, 73);
    const { error, scale } = await gradientError(model, [2, 8, 8, 2], 3);
    expect(scale).toBeGreaterThan(0);
    expect(error).toBeLessThan(TOLERANCE);
  });
});
