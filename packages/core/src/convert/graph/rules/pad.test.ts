import { describe, expect, it } from 'vitest';
import { attr, convAttrs, conversionError, GraphFixture, linearGradientError } from '../test-graph.js';

const TOLERANCE = 1e-4;
const PADDINGS = [0, 0, 1, 2, 2, 1, 0, 1];

/** input → conv (so the pad sees NCHW data) → pad → output. */
function padGraph(pad: (g: GraphFixture, x: string) => string) {
  const g = new GraphFixture(9);
  const x = g.placeholder([-1, 7, 6, 3]);
  const conv = g.op('Conv2D', [x, g.const([1, 1, 3, 4])], convAttrs(1, 'VALID'));
  return g.artifacts(pad(g, conv));
}

describe('GraphModel pads match TF.js (cpu)', () => {
  it('Pad (zeros) on H, W and C', async () => {
    const artifacts = padGraph((g, x) => g.op('Pad', [x, g.ints(PADDINGS, [4, 2])], { T: attr.float32 }));
    expect((await conversionError(artifacts, [2, 7, 6, 3])).error).toBeLessThan(TOLERANCE);
  });

  it('PadV2 with a constant value', async () => {
    const artifacts = padGraph((g, x) => g.op('PadV2', [x, g.ints(PADDINGS, [4, 2]), g.const([], [-3.5])]));
    expect((await conversionError(artifacts, [2, 7, 6, 3])).error).toBeLessThan(TOLERANCE);
  });

  it.each(['REFLECT', 'SYMMETRIC'])('MirrorPad %s', async (mode) => {
    const artifacts = padGraph((g, x) =>
      g.op('MirrorPad', [x, g.ints([0, 0, 2, 1, 1, 2, 0, 0], [4, 2])], { mode: attr.str(mode) }),
    );
    expect((await conversionError(artifacts, [2, 7, 6, 3])).error).toBeLessThan(TOLERANCE);
  });

  // tfjs returns a zero gradient for MirrorPad, so the reference is the Jacobian of its forward.
  it.each(['REFLECT', 'SYMMETRIC'])('MirrorPad %s input gradients are the copies it makes', async (mode) => {
    const g = new GraphFixture(10);
    const x = g.placeholder([-1, 4, 3, 2]);
    const padded = g.op('MirrorPad', [x, g.ints([0, 0, 2, 1, 1, 2, 0, 0], [4, 2])], { mode: attr.str(mode) });
    const y = g.op('Reshape', [padded, g.ints([-1, 7 * 6 * 2])]);
    expect(await linearGradientError(g.artifacts(y), [4, 3, 2])).toBeLessThan(TOLERANCE);
  });
});
