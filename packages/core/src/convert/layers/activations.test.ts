import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conversionError, randomizeWeights } from './test-parity.js';

const TOLERANCE = 1e-4;

/** TF.js' activation type; gelu, gelu_new and mish run in TF.js 4.22 but are missing from it. */
type Activation = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

/** The activation strings TF.js accepts, as it spells them. */
const TFJS_ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'gelu',
  'gelu_new',
  'mish',
  'logSoftmax',
] as Activation[];

describe('activation strings', () => {
  for (const activation of TFJS_ACTIVATIONS) {
    it(`${activation} after a conv (NCHW) and after a dense (rank 2) matches TF.js`, async () => {
      const model = tf.sequential({
        layers: [
          tf.layers.inputLayer({ inputShape: [5, 4, 3] }),
          tf.layers.conv2d({ filters: 4, kernelSize: 3, activation }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 6, activation }),
        ],
      });
      randomizeWeights(model, 11, 1);
      expect((await conversionError(model, [3, 5, 4, 3])).error).toBeLessThan(TOLERANCE);
    });
  }
});
