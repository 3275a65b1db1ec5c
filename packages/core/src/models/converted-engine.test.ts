import { relativeError } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { topK } from '../audit/index.js';
import { explain } from '../explain/index.js';
import { inputShape, preprocessInto } from '../image/index.js';
import { noiseImage } from '../noise/index.js';
import { loadModel } from './load-model.js';
import type { Classifier } from './types.js';

/** `n` seed-wrap noise images at the model's own input size, preprocessed. */
function noiseBatch(model: Classifier, n: number): Float32Array {
  const { size, width, height, channels } = inputShape(model.preset, model.inputChannels);
  const batch = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const image = noiseImage({ kind: 'seed-wrap', seed: 3, width, height, channels }, i);
    preprocessInto(image, model.preset, batch, i * size);
  }
  return batch;
}

const top1 = (scores: Float32Array, n: number, k: number) =>
  Array.from({ length: n }, (_, i) => topK(scores.subarray(i * k, (i + 1) * k), 1).indices[0]);

describe('the embedded TF.js models run converted on onnxruntime by default', () => {
  it.each(['fmnist-mlp', 'fmnist-cnn', 'fmnist-resnet', 'fmnist-cnn-oe'])(
    '%s: engine onnx, same scores as the TF.js engine (1e-4 relative) and the same top-1 on 256 noise images',
    async (id) => {
      const onnx = await loadModel(id);
      const tfjs = await loadModel(id, { engine: 'tfjs' });
      try {
        expect(onnx).toMatchObject({ backend: 'onnx', format: 'tfjs-layers', outputKind: tfjs.outputKind });
        expect(onnx.fallback).toBeUndefined();
        expect(tfjs.backend).not.toBe('onnx');
        const n = 256;
        const batch = noiseBatch(onnx, n);
        const [a, b] = [await onnx.predict(batch, n), await tfjs.predict(batch, n)];
        expect(relativeError(a, b)).toBeLessThan(1e-4);
        expect(top1(a, n, onnx.numClasses)).toEqual(top1(b, n, tfjs.numClasses));
      } finally {
        await Promise.all([onnx.dispose(), tfjs.dispose()]);
      }
    },
  );

  it('explain --method ig and saliency on converted fmnist-cnn: the ONNX backward graph agrees with tf.grad', async () => {
    const onnx = await loadModel('fmnist-cnn');
    const tfjs = await loadModel('fmnist-cnn', { engine: 'tfjs' });
    try {
      const image = noiseImage({ kind: 'seed-wrap', seed: 0, width: 28, height: 28, channels: 1 }, 0);
      for (const method of ['ig', 'saliency'] as const) {
        const options = { method, nSteps: 32 };
        const [a, b] = [await explain(onnx, image, options), await explain(tfjs, image, options)];
        expect(a.target).toBe(b.target);
        expect(relativeError(a.attributions, b.attributions)).toBeLessThan(1e-3);
        if (method === 'ig') {
          // Completeness: the attributions add up to F(x) − F(baseline), within the delta.
          expect(Math.abs(a.delta!)).toBeLessThan(0.05 * Math.abs(a.attributions.reduce((s, v) => s + v, 0)));
        }
      }
    } finally {
      await Promise.all([onnx.dispose(), tfjs.dispose()]);
    }
  });
});
