import { describe, expect, it } from 'vitest';
import { attr, conversionError, GraphFixture, linearGradientError } from '../test-graph.js';

const TOLERANCE = 1e-4;

/** A transformer-ish tail on [N, 4, 6] tokens: every op family of gather.ts. */
function tokens(body: (g: GraphFixture, x: string) => string) {
  const g = new GraphFixture(57);
  const x = g.placeholder([-1, 4, 6]);
  return g.artifacts(body(g, x));
}

describe('GraphModel gathers, tiles, broadcasts and einsums match TF.js (cpu)', () => {
  it.each([
    ['GatherV2 of a token (scalar index, axis 1)', [2], [], 1],
    ['GatherV2 of features (index list, axis -1)', [5, 0, 3], [3], -1],
  ] as const)('%s', async (_, indices, shape, axis) => {
    const artifacts = tokens((g, x) =>
      g.op('GatherV2', [x, g.ints([...indices], [...shape]), g.ints([axis], [])]),
    );
    expect((await conversionError(artifacts, [2, 4, 6])).error).toBeLessThan(TOLERANCE);
  });

  it('Tile and BroadcastTo a batch-sized class token, then ConcatV2', async () => {
    const artifacts = tokens((g, x) => {
      const batch = g.op('StridedSlice', [g.op('Shape', [x]), g.ints([0]), g.ints([1]), g.ints([1])], {
        shrink_axis_mask: attr.int(1),
      });
      const target = g.op('Pack', [batch, g.ints([1], []), g.ints([6], [])], { axis: attr.int(0) });
      const token = g.op('BroadcastTo', [g.const([1, 1, 6]), target]);
      const doubled = g.op('Tile', [x, g.ints([1, 2, 1])]);
      return g.op('ConcatV2', [token, doubled, g.ints([1], [])], { N: attr.int(2) });
    });
    expect((await conversionError(artifacts, [2, 4, 6])).error).toBeLessThan(TOLERANCE);
  });

  it('Einsum of an attention-like product', async () => {
    const artifacts = tokens((g, x) => {
      const keys = g.op('Einsum', [x, g.const([6, 6])], { equation: attr.str('btd,de->bte') });
      return g.op('Einsum', [x, keys], { equation: attr.str('bsd,btd->bst') });
    });
    expect((await conversionError(artifacts, [2, 4, 6])).error).toBeLessThan(TOLERANCE);
  });

  it('input gradients through GatherV2, Tile and Einsum (linear: checked against the Jacobian)', async () => {
    const artifacts = tokens((g, x) => {
      const picked = g.op('GatherV2', [x, g.ints([3, 0, 3], [3]), g.ints([1], [])]);
      const tiled = g.op('Tile', [picked, g.ints([1, 1, 2])]);
      const mixed = g.op('Einsum', [tiled, g.const([12, 5])], { equation: attr.str('btd,de->bte') });
      return g.op('Reshape', [mixed, g.ints([-1, 15])]);
    });
    expect(await linearGradientError(artifacts, [4, 6])).toBeLessThan(TOLERANCE);
  });
});
