import { readFileSync } from 'node:fs';
import { missingTestDependency, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { gradcheck } from './gradcheck.js';
import { buildGradientModel } from './gradient-model.js';
import { parseOnnxModel } from './model.js';

const MODEL = 'squeezenet1.1-fp16/SqueezeNet_fp16.onnx';

const noZoo = missingTestDependency(ZOO, zooMissing);

describe.skipIf(noZoo)('zoo SqueezeNet 1.1 (float16, opset 7, softmax output)', () => {
  it('is differentiated in float32 with a float32 input and outputs', () => {
    const model = parseOnnxModel(readFileSync(zooPath(MODEL)));
    const grad = buildGradientModel(model);
    expect(grad.inputName).toBe('data_0');
    expect(grad.numClasses).toBe(1000);
    const out = parseOnnxModel(grad.bytes);
    const types = [...out.graph.input!, ...out.graph.output!].map((v) => v.type?.tensorType?.elemType);
    expect(types).toEqual([1, 1, 1, 1]);
    expect(out.graph.initializer!.every((t) => t.dataType !== 10)).toBe(true);
  });

  it('agrees with finite differences of its probabilities', { timeout: 120_000 }, async () => {
    // Caffe-scale inputs (BGR 0–255 minus the mean); measured 2.0e-2: float32 differences of a
    // softmax probability through 26 ReLU layers, not the gradient, limit the agreement.
    const result = await gradcheck(readFileSync(zooPath(MODEL)), {
      samples: 3,
      inputScale: 50,
      epsilon: 1e-2,
    });
    expect(result.maxRelativeError, JSON.stringify(result.samples)).toBeLessThan(5e-2);
  });
});
