import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';

/** Input and filter gradients of sum(conv2d(x, w)²) on the current backend. */
function convGrads(
  xShape: number[],
  wShape: number[],
  stride: number,
  pad: 'same' | 'valid',
): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomUniform(
      xShape as [number, number, number, number],
      -1,
      1,
      'float32',
      7,
    ) as tf.Tensor4D;
    const w = tf.randomUniform(
      wShape as [number, number, number, number],
      -1,
      1,
      'float32',
      8,
    ) as tf.Tensor4D;
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)));
    return tf
      .grads(f)([x, w])
      .map((g) => g.dataSync() as Float32Array);
  });
}

const cases: [string, number[], number[], number, 'same' | 'valid'][] = [
  ['same 3×3', [2, 7, 6, 3], [3, 3, 3, 4], 1, 'same'],
  ['valid 3×3', [3, 8, 8, 2], [3, 3, 2, 5], 1, 'valid'],
  ['valid 2×2 (even kernel)', [2, 6, 5, 2], [2, 2, 2, 3], 1, 'valid'],
  ['same 2×2 (fallback)', [2, 6, 6, 2], [2, 2, 2, 3], 1, 'same'],
];

describe('wasm conv gradient kernels', () => {
  const expected = new Map<string, Float32Array[]>();
  beforeAll(async () => {
    await useBackend('cpu');
    for (const [name, xs, ws, s, p] of cases) expected.set(name, convGrads(xs, ws, s, p));
    await useBackend('wasm');
  });

  it.each(cases)('%s matches the cpu backend', (name, xs, ws, s, p) => {
    const [dx, dw] = convGrads(xs, ws, s, p);
    const [ex, ew] = expected.get(name)!;
    expect(dx!.length).toBe(ex!.length);
    for (let i = 0; i < dx!.length; i++) expect(dx![i]).toBeCloseTo(ex![i]!, 3);
    expect(dw!.length).toBe(ew!.length);
    for (let i = 0; i < dw!.length; i++) expect(dw![i]).toBeCloseTo(ew![i]!, 3);
  });

  it('rejects strided filter gradients instead of returning wrong values', () => {
    expect(() => convGrads([2, 9, 9, 2], [3, 3, 2, 3], 2, 'valid')).toThrow(/strides > 1/);
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    convGrads([2, 7, 6, 3], [3, 3, 3, 4], 1, 'same');
    expect(tf.memory().numTensors).toBe(before);
  });
});
