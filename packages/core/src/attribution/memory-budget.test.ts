import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { smoothModel, testValues } from '../../test/fixtures/attribution/toy-models.js';
import { isSnowblindError } from '../errors.js';
import { explain } from '../explain/index.js';
import type { RgbImage } from '../image/types.js';
import { loadModel } from '../models/index.js';
import { integratedGradients } from './integrated-gradients.js';
import { rowsWithinBudget, splitGradientCalls } from './memory-budget.js';
import type { GradientModel } from './types.js';

const w = [Array.from(testValues(6, 8)), Array.from(testValues(6, 12))];
const u = [Array.from(testValues(6, 9)), Array.from(testValues(6, 13))];

/** A toy model that says each example takes `bytes` bytes. */
function budgeted(bytes: number) {
  const model = smoothModel(w, u);
  return Object.assign(model, { memoryPerExample: async () => bytes });
}

describe('rowsWithinBudget', () => {
  it('fits ⌊budget / bytes per example⌋ rows, at least one; none without an estimate', async () => {
    expect(await rowsWithinBudget(budgeted(100), 1050)).toBe(10);
    expect(await rowsWithinBudget(budgeted(100), 99)).toBe(1);
    expect(await rowsWithinBudget(smoothModel(w, u), 1e9)).toBeUndefined();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(rowsWithinBudget(budgeted(100), bad)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
  });
});

describe('integratedGradients under a memory budget', () => {
  it('picks the internal batch from the budget, reports it, and agrees with one batch', async () => {
    const x = testValues(12, 10);
    const model = budgeted(1000);
    const whole = await integratedGradients(model, x, { target: [0, 1], nSteps: 50, memoryBudget: 1e12 });
    expect(whole.internalBatchSize).toBe(100);
    expect(model.calls.map((c) => c.n)).toEqual([100]);
    model.calls.length = 0;
    // 7 rows fit; two examples per step → 3 steps (6 rows) per call.
    const chunked = await integratedGradients(model, x, { target: [0, 1], nSteps: 50, memoryBudget: 7500 });
    expect(chunked.internalBatchSize).toBe(7);
    expect(Math.max(...model.calls.map((c) => c.n))).toBe(6);
    chunked.attributions.forEach((a, j) => {
      expect(a).toBeCloseTo(whole.attributions[j]!, 6);
    });
    // An explicit internal batch wins over the budget.
    const given = await integratedGradients(model, x, {
      target: 0,
      nSteps: 50,
      internalBatchSize: 20,
      memoryBudget: 1,
    });
    expect(given.internalBatchSize).toBe(20);
  });
});

describe('splitGradientCalls', () => {
  it('splits a batch larger than the rows and concatenates the same results', async () => {
    const model = budgeted(1);
    const x = testValues(6 * 5, 3);
    const targets = [0, 1, 1, 0, 1];
    const whole = await model.gradient(x, 5, targets);
    model.calls.length = 0;
    const split = await splitGradientCalls(model, 2).gradient(x, 5, targets);
    expect(model.calls.map((c) => c.n)).toEqual([2, 2, 1]);
    expect(split.gradients).toEqual(whole.gradients);
    expect(split.outputs).toEqual(whole.outputs);
  });

  it('reports an engine allocation failure as OUT_OF_MEMORY naming the options', async () => {
    const failing: GradientModel = {
      ...smoothModel(w, u),
      gradient: () => Promise.reject(new Error('Failed to allocate memory for requested buffer of size 123')),
    };
    const error = await splitGradientCalls(failing, 4)
      .gradient(testValues(6, 1), 1, [0])
      .catch((e: unknown) => e);
    expect(isSnowblindError(error, 'OUT_OF_MEMORY')).toBe(true);
    expect((error as Error).message).not.toMatch(/123/);
    expect((error as { hint: string }).hint).toMatch(/--memory-budget/);
    // Other failures pass through unchanged.
    const other = { ...failing, gradient: () => Promise.reject(new RangeError('bad shape')) };
    await expect(splitGradientCalls(other, 4).gradient(testValues(6, 1), 1, [0])).rejects.toThrow(
      'bad shape',
    );
  });
});

describe('explain on ONNX under a memory budget', () => {
  const image: RgbImage = {
    data: Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 53) % 256),
    width: 8,
    height: 8,
    channels: 3,
  };

  it('chunked (1 row) and budget-wide (200 rows, split in 10 calls for progress) IG agree to float tolerance; params say which', async () => {
    const onnx = await loadModel(
      fileURLToPath(new URL('../../test/fixtures/models/tiny.onnx', import.meta.url)),
      {
        preset: { base: 'torchvision', resize: 8, crop: [8, 8] },
      },
    );
    try {
      const gradients = await onnx.gradientModel!();
      const perExample = await gradients.memoryPerExample!();
      // At least the input and output of one example, in float32.
      expect(perExample).toBeGreaterThan(4 * (3 * 8 * 8 + onnx.numClasses));
      const one = await explain(onnx, image, { method: 'ig', target: 1, memoryBudget: 1 });
      const all = await explain(onnx, image, { method: 'ig', target: 1, memoryBudget: 200 * perExample });
      expect(one.params).toMatchObject({ internalBatchSize: 1, memoryBudget: 1 });
      expect(all.params).toMatchObject({ internalBatchSize: 20, memoryBudget: 200 * perExample });
      const scale = Math.max(...all.attributions.map(Math.abs));
      one.attributions.forEach((a, j) => {
        expect(Math.abs(a - all.attributions[j]!)).toBeLessThan(1e-5 * scale);
      });
      const given = await explain(onnx, image, {
        method: 'ig',
        target: 1,
        internalBatchSize: 7,
        memoryBudget: 1,
      });
      expect(given.params).toMatchObject({ internalBatchSize: 7 });
      expect(given.params).not.toHaveProperty('memoryBudget');
    } finally {
      await onnx.dispose();
    }
  });
});
