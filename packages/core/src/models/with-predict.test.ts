import { describe, expect, it } from 'vitest';
import { TINY_PRESET } from '../../test/fake-classifier.js';
import { tapOutputs } from './output-tap.js';
import type { Classifier } from './types.js';
import { withPredict } from './with-predict.js';

/** A 2-class stand-in whose output buffer is reused between calls, like the engines'. */
function fakeModel(): Classifier & { disposed: number } {
  const buffer = new Float32Array(4);
  return {
    id: 'fake',
    format: 'onnx',
    labels: ['a', 'b'],
    preset: TINY_PRESET,
    outputKind: 'logits',
    numClasses: 2,
    inputChannels: 3,
    backend: 'onnx',
    disposed: 0,
    async predict(input, n) {
      for (let i = 0; i < n * 2; i++) buffer[i] = input[0]! + i;
      return buffer;
    },
    gradientModel: async () => {
      throw new Error('not called');
    },
    async dispose() {
      this.disposed++;
    },
  };
}

describe('withPredict', () => {
  it('copies every field, replaces predict, forwards dispose and drops gradientModel', async () => {
    const model = fakeModel();
    const wrapped = withPredict(model, async (input, n) => Float32Array.of(input[0]! * n));
    const fields: (keyof Classifier)[] = [
      'id',
      'format',
      'labels',
      'preset',
      'outputKind',
      'numClasses',
      'inputChannels',
      'backend',
    ];
    for (const key of fields) expect(wrapped[key]).toBe(model[key]);
    // No gradientModel: gradients must not bypass a wrapper that sees every output.
    expect(Object.keys(wrapped).sort()).toEqual([...fields, 'dispose', 'predict'].sort());
    expect([...(await wrapped.predict(Float32Array.of(3), 2))]).toEqual([6]);
    await wrapped.dispose();
    expect(model.disposed).toBe(1);
  });
});

describe('tapOutputs', () => {
  it('keeps a copy of each batch even when the engine reuses its buffer', async () => {
    const tap = tapOutputs(fakeModel());
    await tap.classifier.predict(Float32Array.of(10), 2);
    await tap.classifier.predict(Float32Array.of(20), 1);
    expect([...tap.outputs()]).toEqual([10, 11, 12, 13, 20, 21]);
  });
});
