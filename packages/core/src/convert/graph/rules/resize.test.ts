import { describe, expect, it } from 'vitest';
import { attr, conversionError, GraphFixture, linearGradientError } from '../test-graph.js';
import { resizeScale } from './resize.js';

const TOLERANCE = 1e-4;

/** input [N, 7, 6, 2] → resize to `size` → output, flattened to [batch, values] when `flatten`. */
function resizeGraph(op: string, size: [number, number], flags: [boolean, boolean], flatten = false) {
  const g = new GraphFixture(53);
  const x = g.placeholder([-1, 7, 6, 2]);
  const y = g.op(op, [x, g.ints(size)], {
    align_corners: attr.bool(flags[0]),
    half_pixel_centers: attr.bool(flags[1]),
  });
  return g.artifacts(flatten ? g.op('Reshape', [y, g.ints([-1, size[0] * size[1] * 2])]) : y);
}

const CASES = [
  ['up, asymmetric', [11, 9], [false, false]],
  ['down, asymmetric', [4, 5], [false, false]],
  ['up, align_corners', [11, 9], [true, false]],
  ['down, align_corners', [4, 5], [true, false]],
  ['up, half_pixel_centers', [11, 9], [false, true]],
  ['down, half_pixel_centers', [4, 5], [false, true]],
] as const;

describe('GraphModel resizes match TF.js (cpu)', () => {
  it.each(CASES)('ResizeBilinear %s', async (_, size, flags) => {
    const artifacts = resizeGraph('ResizeBilinear', [...size], [...flags]);
    expect((await conversionError(artifacts, [2, 7, 6, 2])).error).toBeLessThan(TOLERANCE);
  });

  it.each(CASES)('ResizeNearestNeighbor %s', async (_, size, flags) => {
    const artifacts = resizeGraph('ResizeNearestNeighbor', [...size], [...flags]);
    expect((await conversionError(artifacts, [2, 7, 6, 2])).error).toBeLessThan(TOLERANCE);
  });

  // Both resizes are linear in the input: the reference is the Jacobian of TF.js's forward pass.
  const gradientCases = CASES.flatMap(([label, size, flags]) =>
    ['ResizeBilinear', 'ResizeNearestNeighbor'].map((op) => [op, label, size, flags] as const),
  );
  it.each(gradientCases)('%s %s: input gradients', async (op, _, size, flags) => {
    const artifacts = resizeGraph(op, [...size], [...flags], true);
    expect(await linearGradientError(artifacts, [7, 6, 2])).toBeLessThan(TOLERANCE);
  });

  it('picks float32 scales onnxruntime turns back into the wanted size', () => {
    for (const [from, to] of [
      [300, 224],
      [7, 11],
      [1000, 333],
    ]) {
      expect(Math.floor(Math.fround(from! * resizeScale(from!, to!)))).toBe(to);
    }
  });
});
