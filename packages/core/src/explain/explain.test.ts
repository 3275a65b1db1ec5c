import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { NHWC8_PRESET, saveToDisk, tinyConv } from '../../test/tiny-models.js';
import { softmax, topK } from '../audit/index.js';
import { preprocess } from '../image/index.js';
import type { RgbImage } from '../image/types.js';
import { loadModel } from '../models/index.js';
import type { Classifier } from '../models/types.js';
import { EXPLAIN_METHODS, explain } from './explain.js';

const image: RgbImage = {
  data: Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
  width: 8,
  height: 8,
  channels: 3,
};
let model: Classifier;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'snowblind-explain-'));
  await saveToDisk(tinyConv(false), dir);
  model = await loadModel(join(dir, 'model.json'), {
    preset: NHWC8_PRESET,
    backend: 'cpu',
    outputKind: 'logits',
  });
});

describe('explain on an ONNX model (gradients from the backward graph)', () => {
  it('IG satisfies completeness and saliency is finite', async () => {
    const onnx = await loadModel(
      fileURLToPath(new URL('../../test/fixtures/models/tiny.onnx', import.meta.url)),
      {
        preset: { base: 'torchvision', resize: 8, crop: [8, 8] },
      },
    );
    try {
      const ig = await explain(onnx, image, { method: 'ig', internalBatchSize: 64 });
      expect(ig.layout).toBe('NCHW');
      expect(ig.shape).toEqual([3, 8, 8]);
      expect(Math.abs(ig.delta!)).toBeLessThan(1e-3);
      const sal = await explain(onnx, image, { method: 'saliency', target: ig.target });
      expect(sal.attributions.some((v) => v > 0)).toBe(true);
    } finally {
      await onnx.dispose();
    }
  });
});

describe('explain', () => {
  it('IG explains the top-1 class and satisfies completeness (|delta| < 1e-3, 200 steps)', async () => {
    const result = await explain(model, image, { method: 'ig' });
    const logits = await model.predict(preprocess(image, model.preset), 1);
    expect(result.target).toBe(topK(logits, 1).indices[0]);
    expect(result.shape).toEqual([8, 8, 3]);
    expect(result.layout).toBe('NHWC');
    expect(result.params['nSteps']).toBe(200);
    expect(Math.abs(result.delta!)).toBeLessThan(1e-3);
    expect(result.probability).toBeCloseTo(softmax(logits, 1, 6)[result.target]!, 6);
  });

  it.each(EXPLAIN_METHODS)('%s returns one attribution per input value, finite', async (method) => {
    const progress: number[] = [];
    const result = await explain(model, image, {
      method,
      target: 2,
      nSteps: 8,
      ntSamples: 3,
      onProgress: (p) => progress.push(p.done),
    });
    expect(result.attributions).toHaveLength(8 * 8 * 3);
    expect(result.attributions.every(Number.isFinite)).toBe(true);
    expect(result.attributions.some((v) => v !== 0)).toBe(true);
    expect(result.view).toMatchObject({ width: 8, height: 8, channels: 3 });
    if (method === 'saliency') expect(result.attributions.every((v) => v >= 0)).toBe(true);
  });

  it.each([
    ['ig', 50, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]],
    // 3 samples × 8 steps; each sample's IG in 8 chunks of 1 step (at least 10 asked).
    ['smoothgrad-sq', 24, Array.from({ length: 25 }, (_, i) => i)],
    // 6 × 6 windows of 3 × 3 at stride 1, 16 per forward pass.
    ['occlusion', 36, [0, 16, 32, 36]],
    ['saliency', 1, [0, 1]],
  ] as const)('%s reports 0, then once per internal batch up to %i', async (method, total, expected) => {
    const progress: { done: number; total: number }[] = [];
    const gradientCalls: number[] = [];
    const counted: Classifier = {
      ...model,
      predict: model.predict.bind(model),
      gradientModel: async () => {
        const g = await model.gradientModel!();
        return {
          ...g,
          gradient: (x, n, t) => {
            gradientCalls.push(n);
            return g.gradient(x, n, t);
          },
        };
      },
    };
    const nSteps = method === 'ig' ? 50 : 8;
    const result = await explain(counted, image, {
      method,
      target: 2,
      nSteps,
      ntSamples: 3,
      onProgress: (p) => progress.push(p),
    });
    expect(progress).toEqual(expected.map((done) => ({ done, total })));
    if (method !== 'occlusion') expect(gradientCalls).toHaveLength(expected.length - 1);
    if (method === 'ig') expect(result.params['internalBatchSize']).toBe(5);
  });

  it('keeps a given internal batch as Captum does (no split for progress)', async () => {
    const progress: number[] = [];
    const result = await explain(model, image, {
      method: 'ig',
      nSteps: 50,
      internalBatchSize: 50,
      onProgress: (p) => progress.push(p.done),
    });
    expect(progress).toEqual([0, 50]);
    expect(result.params['internalBatchSize']).toBe(50);
  });

  it('rejects a class the model does not have, and models without gradients', async () => {
    await expect(explain(model, image, { method: 'ig', target: 6 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    const forwardOnly: Classifier = {
      ...model,
      predict: model.predict.bind(model),
      gradientModel: undefined,
    };
    await expect(explain(forwardOnly, image, { method: 'saliency' })).rejects.toMatchObject({
      code: 'BAD_MODEL',
    });
    // Occlusion needs only forward passes.
    const occluded = await explain(forwardOnly, image, { method: 'occlusion', window: 3, stride: 2 });
    expect(occluded.params).toMatchObject({ window: '3×3×3', stride: '2×2×3' });
  });
});
