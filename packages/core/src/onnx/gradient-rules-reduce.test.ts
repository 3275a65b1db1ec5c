import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck, int, ints, TinyGraph } from '../../test/tiny-graph.js';
import { createOnnxGradientRunner } from './gradient-runner.js';

// Same bar as gradient-rules.test.ts. Sums and means are linear; max/min are smooth away from
// ties, which random normal inputs never produce.
const TOLERANCE = 2e-3;

type Case = [name: string, build: () => Uint8Array];

const image = (opset = 13, c = 3, h = 5, w = 6) => new TinyGraph(['N', c, h, w], opset);

/** `op` (built from x scaled per channel) feeding the classifier head. */
function around(op: (t: TinyGraph, x: string) => string, t = image(), features?: number): Uint8Array {
  const y = op(t, t.op('Mul', [t.x, t.weight([3, 1, 1], 2)]));
  return t.bytes(t.head(y, 5, features));
}

const cases: Case[] = [
  [
    'ReduceMean over H, W (keepdims 1)',
    () => around((t, x) => t.op('ReduceMean', [x], { axes: ints([2, 3]) })),
  ],
  [
    'ReduceMean over the last axis (negative, keepdims 0)',
    () => around((t, x) => t.op('ReduceMean', [x], { axes: ints([-1]), keepdims: int(0) })),
  ],
  [
    'ReduceMean over C and W, then a broadcast use of the mean (layer-norm-like)',
    () => around((t, x) => t.op('Sub', [x, t.op('ReduceMean', [x], { axes: ints([1, 3]) })])),
  ],
  [
    'ReduceMean, opset 18 axes input, keepdims 0',
    () => around((t, x) => t.op('ReduceMean', [x, t.int64([1, 2])], { keepdims: int(0) }), image(18)),
  ],
  [
    'ReduceMean, opset 18 without axes and noop_with_empty_axes 1 (identity)',
    () => around((t, x) => t.op('ReduceMean', [x], { noop_with_empty_axes: int(1) }), image(18)),
  ],
  [
    'ReduceSum, opset 13 axes input, keepdims 0',
    () => around((t, x) => t.op('ReduceSum', [x, t.int64([2])], { keepdims: int(0) })),
  ],
  [
    'ReduceSum, opset 11 axes attribute (upgraded to an input)',
    () => around((t, x) => t.op('ReduceSum', [x], { axes: ints([3, 1]) }), image(11), 5),
  ],
  [
    'ReduceMax over H, W, keepdims 0',
    () => around((t, x) => t.op('ReduceMax', [x], { axes: ints([2, 3]), keepdims: int(0) })),
  ],
  ['ReduceMax over C (keepdims 1)', () => around((t, x) => t.op('ReduceMax', [x], { axes: ints([1]) }))],
  [
    'ReduceMin, opset 18 axes input',
    () => around((t, x) => t.op('ReduceMin', [x, t.int64([-2])], { keepdims: int(0) }), image(18)),
  ],
  [
    'GlobalMaxPool',
    () => around((t, x) => t.op('GlobalMaxPool', [t.op('Conv', [x, t.weight([4, 3, 3, 3])])])),
  ],
];

describe('reduction backward rules agree with finite differences', () => {
  it.each(cases)('%s', async (_name, build) => {
    const report = await finiteDifferenceCheck(build());
    expect(report.maxRelativeError, JSON.stringify(report)).toBeLessThan(TOLERANCE);
  });
});

/** The input gradient of output `y` (one value per example) at `x`, batch 1. */
async function gradientAt(t: TinyGraph, y: string, x: number[], target = 0): Promise<number[]> {
  const runner = await createOnnxGradientRunner(t.bytes(t.op('Flatten', [y], { axis: int(1) })));
  try {
    return Array.from((await runner.forwardBackward(Float32Array.from(x), 1, [target])).gradients);
  } finally {
    await runner.dispose();
  }
}

describe('no axes reduce everything (batch 1: examples are coupled otherwise)', () => {
  it('ReduceSum with an empty axes input', async () => {
    const t = new TinyGraph([1, 2, 3]);
    const g = await gradientAt(t, t.op('ReduceSum', [t.x, t.int64([])]), [1, 2, 3, 4, 5, 6]);
    expect(g).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('ReduceMean without axes, opset 18, keepdims 0', async () => {
    const t = new TinyGraph([1, 2, 4], 18);
    const y = t.op('Unsqueeze', [t.op('ReduceMean', [t.x], { keepdims: int(0) }), t.int64([0])]);
    expect(await gradientAt(t, y, [1, 2, 3, 4, 5, 6, 7, 8])).toEqual(new Array(8).fill(0.125));
  });
});

describe('ties (where the gradient is a convention)', () => {
  it('ReduceMax splits the gradient evenly between tied maxima, as torch.amax does', async () => {
    const t = new TinyGraph(['N', 6]);
    const y = t.op('ReduceMax', [t.x], { axes: ints([1]) });
    // torch.tensor([1., 3, 3, 2, 3, -1]).amax().backward() gives 1/3 at each 3.
    const g = await gradientAt(t, y, [1, 3, 3, 2, 3, -1]);
    expect(g.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0.333333, 0.333333, 0, 0.333333, 0]);
  });

  it('GlobalMaxPool sends the gradient to the first maximum, as adaptive_max_pool2d(x, 1) does', async () => {
    const t = new TinyGraph(['N', 2, 2, 2]);
    // PyTorch: F.adaptive_max_pool2d(torch.ones(1, 1, 2, 2), 1) backward gives [1, 0, 0, 0].
    const y = t.op('GlobalMaxPool', [t.x]);
    const x = [0, 5, 5, 1, 2, 2, 2, 2];
    expect(await gradientAt(t, y, x, 0)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect(await gradientAt(t, y, x, 1)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
  });
});
