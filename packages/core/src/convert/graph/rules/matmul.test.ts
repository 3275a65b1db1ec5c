import { describe, expect, it } from 'vitest';
import { attr, conversionError, GraphFixture } from '../test-graph.js';

const TOLERANCE = 1e-4;

describe('GraphModel matrix products match TF.js (cpu)', () => {
  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('MatMul with transpose_a %s, transpose_b %s', async (ta, tb) => {
    const g = new GraphFixture(17);
    const x = g.placeholder([-1, 6]);
    // transpose_a needs a square left operand: batch 6 in the test.
    const w = g.const(tb ? [5, 6] : [6, 5]);
    const y = g.op('MatMul', [x, w], { transpose_a: attr.bool(ta), transpose_b: attr.bool(tb) });
    expect((await conversionError(g.artifacts(y), [6, 6])).error).toBeLessThan(TOLERANCE);
  });

  it.each([
    [false, false],
    [true, true],
  ])('BatchMatMulV2 of rank-3 tensors with adj_x %s, adj_y %s', async (adjX, adjY) => {
    const g = new GraphFixture(20);
    const x = g.placeholder([-1, 4, 6]);
    const w = g.const(adjY ? [1, 5, 6] : [1, 6, 5]);
    // With adj_x the left operand is the input transposed, flipped back by the product.
    const left = adjX ? g.op('Transpose', [x, g.ints([0, 2, 1])]) : x;
    const right = g.op('BatchMatMulV2', [left, w], { adj_x: attr.bool(adjX), adj_y: attr.bool(adjY) });
    const y = g.op('BatchMatMulV2', [x, right], { adj_x: attr.bool(true), adj_y: attr.bool(false) });
    expect((await conversionError(g.artifacts(y), [2, 4, 6])).error).toBeLessThan(TOLERANCE);
  });

  it('MatMul of a transposed tensor folds the transpose into Gemm', async () => {
    const g = new GraphFixture(18);
    const x = g.placeholder([-1, 6]);
    const t = g.op('Transpose', [x, g.ints([1, 0])]);
    const y = g.op('MatMul', [t, g.const([6, 4])], { transpose_a: attr.bool(true) });
    const { error, onnx } = await conversionError(g.artifacts(y), [3, 6]);
    expect(error).toBeLessThan(TOLERANCE);
    expect(onnx.graph.node!.map((n) => n.opType)).toEqual(['Gemm']);
  });

  it.each(['Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu', 'Prelu', undefined])(
    '_FusedMatMul with BiasAdd and %s',
    async (activation) => {
      const g = new GraphFixture(19);
      const x = g.placeholder([-1, 8]);
      const args = [g.const([5], undefined, -2, 2), ...(activation === 'Prelu' ? [g.const([5])] : [])];
      const y = g.op('_FusedMatMul', [x, g.const([8, 5], undefined, -2, 2), ...args], {
        fused_ops: attr.strs(activation === undefined ? ['BiasAdd'] : ['BiasAdd', activation]),
        num_args: attr.int(args.length),
        transpose_a: attr.bool(false),
        transpose_b: attr.bool(false),
        leakyrelu_alpha: attr.float(0.15),
      });
      expect((await conversionError(g.artifacts(y), [3, 8])).error).toBeLessThan(TOLERANCE);
    },
  );
});
