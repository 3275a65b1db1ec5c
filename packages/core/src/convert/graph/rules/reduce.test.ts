import { describe, expect, it } from 'vitest';
import { attr, convAttrs, conversionError, GraphFixture } from '../test-graph.js';

const TOLERANCE = 1e-4;

describe('GraphModel reductions match TF.js (cpu)', () => {
  it.each([
    ['Mean', [1, 2], false],
    ['Mean', [1, 2], true],
    ['Max', [-1], false],
    ['Max', [2], true],
    ['Min', [1], false],
    ['Sum', [1, 2], false],
    ['Prod', [2], true],
  ] as const)('%s over axes %j, keep_dims %s, of NCHW-held data', async (op, axes, keep) => {
    const g = new GraphFixture(21);
    const x = g.placeholder([-1, 5, 4, 3]);
    const conv = g.op('Conv2D', [x, g.const([1, 1, 3, 6])], convAttrs(1, 'VALID'));
    const reduced = g.op(op, [conv, g.ints([...axes])], { keep_dims: attr.bool(keep) });
    // Flattened in TF order, so a wrong physical axis order after the reduction would show.
    const y = g.op('Reshape', [reduced, g.ints([-1])]);
    expect((await conversionError(g.artifacts(y), [2, 5, 4, 3])).error).toBeLessThan(TOLERANCE);
  });
});
