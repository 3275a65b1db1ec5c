import { describe, expect, it } from 'vitest';
import { attr, convAttrs, conversionError, GraphFixture } from '../test-graph.js';

const TOLERANCE = 1e-4;

/** scale, offset, mean, variance (variance in [0.5, 1.5]). */
function statistics(g: GraphFixture, channels: number): string[] {
  return [
    g.const([channels]),
    g.const([channels]),
    g.const([channels]),
    g.const([channels], undefined, 0.5, 1.5),
  ];
}

describe('GraphModel normalization matches TF.js (cpu)', () => {
  it.each(['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3'])('%s after a conv', async (op) => {
    const g = new GraphFixture(13);
    const x = g.placeholder([-1, 6, 6, 3]);
    const conv = g.op('Conv2D', [x, g.const([3, 3, 3, 4])], convAttrs(1, 'SAME'));
    const y = g.op(op, [conv, ...statistics(g, 4)], {
      epsilon: attr.float(0.01),
      is_training: attr.bool(false),
      data_format: attr.str('NHWC'),
    });
    expect((await conversionError(g.artifacts(y), [2, 6, 6, 3])).error).toBeLessThan(TOLERANCE);
  });

  it('FusedBatchNormV3 on a [batch, features] tensor and with the default epsilon on rank 3', async () => {
    const g = new GraphFixture(14);
    const x = g.placeholder([-1, 4, 3]);
    const r3 = g.op('FusedBatchNormV3', [x, ...statistics(g, 3)]);
    const flat = g.op('Reshape', [r3, g.ints([-1, 12])]);
    const y = g.op('FusedBatchNormV3', [flat, ...statistics(g, 12)], { epsilon: attr.float(0.001) });
    expect((await conversionError(g.artifacts(y), [2, 4, 3])).error).toBeLessThan(TOLERANCE);
  });

  it.each(['Softmax', 'LogSoftmax'])('%s over classes', async (op) => {
    const g = new GraphFixture(15);
    const x = g.placeholder([-1, 10]);
    const y = g.op(op, [g.op('Mul', [x, g.const([], [3])])]);
    expect((await conversionError(g.artifacts(y), [3, 10])).error).toBeLessThan(TOLERANCE);
  });
});
