import { describe, expect, it } from 'vitest';
import { TinyGraph } from '../../test/tiny-graph.js';
import type { BackwardRule } from './backward/context.js';
import { BACKWARD_RULES } from './backward/registry.js';
import { gradcheck, isStill } from './gradcheck.js';

/**
 * A classifier whose class 0 is set by its bias alone and wins (bias 100 against logits of a few
 * units), as googlenet's random weights do: the checked top class never moves. `feature` maps
 * x before the head; `bias` can make a class with weights the top one instead.
 */
function constantTopClass(feature: (t: TinyGraph) => string = (t) => t.x, bias = [100, 0, 0]): Uint8Array {
  const t = new TinyGraph([1, 2, 3, 3]);
  const flat = t.op('Flatten', [feature(t)], { axis: { int: 1 } });
  const w = t.values(
    [3, 18],
    [...new Array<number>(18).fill(0), ...Array.from({ length: 36 }, (_, i) => Math.sin(i))],
  );
  return t.bytes(t.op('Gemm', [flat, w, t.values([3], bias)], { transB: { int: 1 } }));
}

describe('gradcheck on an output that does not move', () => {
  it('is inconclusive, with the reason, instead of failing at error 1', async () => {
    const result = await gradcheck(constantTopClass(), { samples: 2 });
    expect(result.samples.map((s) => [s.target, s.inconclusive])).toEqual([
      [0, true],
      [0, true],
    ]);
    expect(result.maxRelativeError).toBe(0);
    expect(result.inconclusive).toMatch(/^output 0 does not change under any step/);
  });

  it('still fails a wrong rule that gives a constant output a slope', async () => {
    // floor(0.5 + 0.01·x) is 0 near these inputs; a rule passing dy through claims slope 0.01.
    const rules = BACKWARD_RULES as Record<string, BackwardRule>;
    const floor = rules.Floor!;
    rules.Floor = (_ctx, dy) => [dy[0]];
    try {
      const bytes = constantTopClass(
        (t) => {
          const shifted = t.op('Add', [t.op('Mul', [t.x, t.values([], [0.01])]), t.values([], [0.5])]);
          const w = t.values([1, 2, 1, 1], [1, -1]);
          return t.op('Mul', [t.op('Floor', [shifted]), w]);
        },
        [0, 100, 0],
      );
      const result = await gradcheck(bytes, { samples: 1 });
      expect(result.samples[0]!.target).toBe(1);
      expect(result.inconclusive).toBeUndefined();
      expect(result.samples[0]!.inconclusive).toBe(false);
      expect(result.maxRelativeError).toBeGreaterThan(0.9);
    } finally {
      rules.Floor = floor;
    }
  });

  it('a resolved difference at any step is never inconclusive', () => {
    expect(isStill([false, true, false], 0, 0.04, 1)).toBe(false);
    expect(isStill([false, false], 0, 0.04, 1)).toBe(true);
    // Predicted change 2·0.04·1e-3 = 8e-5 is far above 64 ulps of 1 (7.6e-6): a claimed slope.
    expect(isStill([false, false], 1e-3, 0.04, 1)).toBe(false);
  });
});
