/**
 * Relu → MaxPool swapped to MaxPool → Relu (relu-pool-swap.ts): the exact Jacobian with ties,
 * zeros and all-negative windows, and which graphs are rewritten.
 */
import { describe, expect, it } from 'vitest';
import { ints, TinyGraph } from '../../test/tiny-graph.js';
import { createOnnxGradientRunner } from './gradient-runner.js';
import { parseOnnxModel } from './model.js';
import { prepareModel } from './prepare.js';

const POOL = { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) };

/** Values with ties among positive maxima, zeros, negative zeros and all-negative windows. */
const VALUES = [2, 2, -1, 0, 3, 3, -0, -2, -3, 1, 1, 0.5, -1, -1, -1, 0, 0, 2, -4, 3, 3, 0.25, -0.5, 2, 2];

describe('Relu → MaxPool swap', () => {
  it('gives the exact Jacobian of relu then max-pool: the first maximum, zero where the window is ≤ 0', async () => {
    const [c, h, w] = [2, 5, 5];
    const t = new TinyGraph(['N', c, h, w]);
    const y = t.op('MaxPool', [t.op('Relu', [t.x])], POOL);
    const runner = await createOnnxGradientRunner(t.bytes(t.op('Flatten', [y], { axis: { int: 1 } })));
    const size = c * h * w;
    const x = Float32Array.from({ length: size }, (_, i) => (i < 25 ? VALUES[i]! : -VALUES[i - 25]!));
    const k = runner.numClasses;
    const batch = new Float32Array(k * size);
    for (let i = 0; i < k; i++) batch.set(x, i * size);
    const { gradients } = await runner.forwardBackward(
      batch,
      k,
      Array.from({ length: k }, (_, i) => i),
    );
    await runner.dispose();
    const [oh, ow] = [3, 3];
    for (let o = 0; o < k; o++) {
      const channel = Math.floor(o / (oh * ow));
      const [oy, ox] = [Math.floor(o / ow) % oh, o % ow];
      // PyTorch: the first (row-major) maximum of relu(x) in the window gets dy when it is > 0.
      let best = -1;
      for (let ky = 0; ky < 3; ky++)
        for (let kx = 0; kx < 3; kx++) {
          const [iy, ix] = [oy * 2 + ky - 1, ox * 2 + kx - 1];
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
          const p = (channel * h + iy) * w + ix;
          if (best < 0 || Math.max(x[p]!, 0) > Math.max(x[best]!, 0)) best = p;
        }
      const expected = new Array<number>(size).fill(0);
      if (x[best]! > 0) expected[best] = 1;
      expect(Array.from(gradients.subarray(o * size, (o + 1) * size))).toEqual(expected);
    }
  });

  it('swaps only a Relu whose output feeds the MaxPool alone', () => {
    const ops = (shared: boolean) => {
      const t = new TinyGraph(['N', 2, 6, 6]);
      const r = t.op('Relu', [t.op('Conv', [t.x, t.weight([4, 2, 3, 3])], { pads: ints([1, 1, 1, 1]) })]);
      let y = t.op('MaxPool', [r], POOL);
      if (shared) y = t.op('Add', [y, t.op('MaxPool', [r], { ...POOL, pads: ints([1, 1, 1, 1]) })]);
      const prepared = prepareModel(parseOnnxModel(t.bytes(t.head(y))), true);
      return prepared.model.graph.node!.map((n) => n.opType);
    };
    expect(ops(false).slice(0, 3)).toEqual(['Conv', 'MaxPool', 'Relu']);
    expect(ops(true).slice(0, 3)).toEqual(['Conv', 'Relu', 'MaxPool']);
  });
});
