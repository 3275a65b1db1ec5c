import { describe, expect, it } from 'vitest';
import { attr, conversionError, GraphFixture, linearGradientError } from '../test-graph.js';

const TOLERANCE = 1e-4;

/** input → pool → output, flattened to [batch, cells] when `flatten`. */
function poolGraph(
  op: string,
  size: number,
  kernel: number,
  stride: number,
  padding: string,
  flatten = false,
) {
  const g = new GraphFixture(5);
  const x = g.placeholder([-1, size, size, 3]);
  const pooled = g.op(op, [x], {
    T: attr.float32,
    ksize: attr.ints([1, kernel, kernel, 1]),
    strides: attr.ints([1, stride, stride, 1]),
    padding: attr.str(padding),
    data_format: attr.str('NHWC'),
  });
  return g.artifacts(flatten ? g.op('Reshape', [pooled, g.ints([-1, cells(size, stride)])]) : pooled);
}

const cells = (size: number, stride: number) => Math.ceil(size / stride) ** 2 * 3;

describe('GraphModel pooling matches TF.js (cpu)', () => {
  // Inputs in [-1, 1]: a max pool that counted zero padding, or an average that divided by the
  // full window at the border, would differ.
  it.each([
    ['MaxPool', 8, 3, 2, 'SAME'],
    ['MaxPool', 9, 2, 2, 'SAME'],
    ['MaxPool', 9, 3, 2, 'VALID'],
    ['AvgPool', 8, 3, 2, 'SAME'],
    ['AvgPool', 9, 4, 2, 'SAME'],
    ['AvgPool', 9, 3, 1, 'SAME'],
    ['AvgPool', 9, 3, 3, 'VALID'],
  ] as const)('%s on %i px, kernel %i, stride %i, %s', async (op, size, kernel, stride, padding) => {
    const { error } = await conversionError(poolGraph(op, size, kernel, stride, padding), [2, size, size, 3]);
    expect(error).toBeLessThan(TOLERANCE);
  });

  // tfjs's AvgPool gradient divides by the whole window at SAME borders although its forward
  // pass averages only the cells inside; the reference is the Jacobian of that forward pass.
  it.each([
    [3, 1],
    [3, 2],
    [2, 1],
  ])(
    'AvgPool SAME input gradients (kernel %i, stride %i) count only the cells inside',
    async (kernel, stride) => {
      const artifacts = poolGraph('AvgPool', 5, kernel, stride, 'SAME', true);
      expect(await linearGradientError(artifacts, [5, 5, 3])).toBeLessThan(TOLERANCE);
    },
  );
});
