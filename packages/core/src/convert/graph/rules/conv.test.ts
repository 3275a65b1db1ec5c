import { describe, expect, it } from 'vitest';
import { attr, convAttrs, conversionError, GraphFixture } from '../test-graph.js';

const TOLERANCE = 1e-4;

/** input [N, size, size, 3] → one conv node → output. */
function convGraph(
  op: string,
  filterShape: number[],
  attrs: Record<string, ReturnType<typeof attr.str>>,
  extra: (g: GraphFixture) => string[] = () => [],
  size = 9,
) {
  const g = new GraphFixture(3);
  const x = g.placeholder([-1, size, size, 3]);
  const w = g.const(filterShape);
  const y = g.op(op, [x, w, ...extra(g)], attrs);
  return g.artifacts(y);
}

describe('GraphModel convolutions match TF.js (cpu)', () => {
  // TF pads SAME with the odd pixel at the end: 9 px, kernel 4, stride 2 pads 1 + 2; 8 px,
  // kernel 3, stride 2 pads 0 + 1.
  it.each([
    ['SAME, kernel 4, stride 2 on 9 px', [4, 4, 3, 5], convAttrs(2, 'SAME'), 9],
    ['SAME, kernel 3, stride 2 on 8 px', [3, 3, 3, 5], convAttrs(2, 'SAME'), 8],
    ['SAME, kernel 3, stride 2 on 9 px', [3, 3, 3, 5], convAttrs(2, 'SAME'), 9],
    ['SAME, stride 1', [3, 3, 3, 5], convAttrs(1, 'SAME'), 9],
    ['VALID, stride 2', [3, 3, 3, 5], convAttrs(2, 'VALID'), 9],
    ['VALID, dilation 2', [3, 3, 3, 5], convAttrs(1, 'VALID', 2), 9],
    ['SAME, dilation 2', [2, 2, 3, 5], convAttrs(1, 'SAME', 2), 8],
  ] as const)('Conv2D %s', async (_, filter, attrs, size) => {
    const { error } = await conversionError(convGraph('Conv2D', [...filter], attrs, undefined, size), [
      2,
      size,
      size,
      3,
    ]);
    expect(error).toBeLessThan(TOLERANCE);
  });

  it('Conv2D with explicit paddings', async () => {
    const attrs = { ...convAttrs(2, 'EXPLICIT'), explicit_paddings: attr.ints([0, 0, 1, 2, 2, 0, 0, 0]) };
    const { error } = await conversionError(convGraph('Conv2D', [4, 3, 3, 2], attrs), [2, 9, 9, 3]);
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each([
    ['SAME, stride 2 on 8 px', convAttrs(2, 'SAME'), 8],
    ['VALID, stride 1', convAttrs(1, 'VALID'), 9],
  ] as const)('DepthwiseConv2dNative with channel multiplier 2, %s', async (_, attrs, size) => {
    const artifacts = convGraph('DepthwiseConv2dNative', [3, 3, 3, 2], attrs, undefined, size);
    const { error } = await conversionError(artifacts, [2, size, size, 3]);
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(['Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu', 'Prelu'])(
    '_FusedConv2D with BiasAdd and %s',
    async (activation) => {
      const attrs = {
        ...convAttrs(2, 'SAME'),
        fused_ops: attr.strs(['BiasAdd', activation]),
        num_args: attr.int(activation === 'Prelu' ? 2 : 1),
        leakyrelu_alpha: attr.float(0.1),
      };
      const artifacts = convGraph('_FusedConv2D', [3, 3, 3, 4], attrs, (g) => [
        g.const([4], undefined, 2, 4), // a bias large enough that Relu6 clips
        ...(activation === 'Prelu' ? [g.const([4])] : []),
      ]);
      const { error } = await conversionError(artifacts, [2, 9, 9, 3]);
      expect(error).toBeLessThan(TOLERANCE);
    },
  );

  it('FusedDepthwiseConv2dNative with BiasAdd and Relu6', async () => {
    const attrs = {
      ...convAttrs(1, 'SAME'),
      fused_ops: attr.strs(['BiasAdd', 'Relu6']),
      num_args: attr.int(1),
    };
    const artifacts = convGraph('FusedDepthwiseConv2dNative', [3, 3, 3, 1], attrs, (g) => [
      g.const([3], undefined, 0, 6),
    ]);
    const { error } = await conversionError(artifacts, [2, 9, 9, 3]);
    expect(error).toBeLessThan(TOLERANCE);
  });
});
