import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck, int, ints, TinyGraph } from '../../test/tiny-graph.js';

// Same bar as gradient-rules.test.ts: float32 central differences of these small graphs agree to
// ~1e-4; a wrong rule (a missed term, a slice put back at the wrong offset) gives 0.1–1.
const TOLERANCE = 2e-3;

/** name, model, and input values where the function has kinks (inputs are kept away). */
type Case = [name: string, build: () => Uint8Array, kinks?: number[]];

const image = (opset = 17, c = 3, h = 4, w = 5) => new TinyGraph(['N', c, h, w], opset);

/** `op` of x scaled per channel (so every channel matters) feeding the classifier head. */
function around(op: (t: TinyGraph, x: string) => string, t = image()): Uint8Array {
  const c = t.dims(t.x)[1]!;
  return t.bytes(t.head(op(t, t.op('Mul', [t.x, t.weight([c, 1, 1], 2)]))));
}

/** x² + 1: a positive input for Sqrt, Log and Pow. */
const positive = (t: TinyGraph, x: string) => t.op('Add', [t.op('Mul', [x, x]), t.values([], [1])]);

const pointwise =
  (op: string, attrs = {}, input = (_t: TinyGraph, x: string) => x): (() => Uint8Array) =>
  () =>
    around((t, x) => t.op(op, [input(t, x)], attrs));

const cases: Case[] = [
  // Slice: ShuffleNet's channel split, Swin's roll halves, reversed and strided slices.
  [
    'Slice: channels 1:3',
    () => around((t, x) => t.op('Slice', [x, t.int64([1]), t.int64([3]), t.int64([1])])),
  ],
  [
    'Slice: negative start and end on axis -1, two axes',
    () => around((t, x) => t.op('Slice', [x, t.int64([-4, 1]), t.int64([-1, 1000]), t.int64([-1, 2])])),
  ],
  [
    'Slice: step 2 from 1, and step −1 reversing an axis',
    () =>
      around((t, x) =>
        t.op('Slice', [x, t.int64([1, -1]), t.int64([1000, -1000]), t.int64([3, 2]), t.int64([2, -1])]),
      ),
  ],
  [
    'Slice: roll as Concat of two slices (torch.roll)',
    () =>
      around((t, x) =>
        t.op(
          'Concat',
          [
            t.op('Slice', [x, t.int64([-2]), t.int64([1000]), t.int64([3])]),
            t.op('Slice', [x, t.int64([0]), t.int64([-2]), t.int64([3])]),
          ],
          { axis: int(3) },
        ),
      ),
  ],
  ['Pow: constant exponent 2', () => around((t, x) => t.op('Pow', [x, t.values([], [2])]))],
  [
    'Pow: exponent 1.5 of a positive base',
    () => around((t, x) => t.op('Pow', [positive(t, x), t.values([], [1.5])])),
  ],
  ['Pow: int64 exponent 3', () => around((t, x) => t.op('Pow', [x, t.int64([3], [])]))],
  [
    'Pow: the exponent depends on the input too',
    () => around((t, x) => t.op('Pow', [positive(t, x), t.op('Mul', [x, t.values([], [0.3])])])),
  ],
  ['Sqrt', pointwise('Sqrt', {}, positive)],
  ['Exp', pointwise('Exp')],
  ['Log', pointwise('Log', {}, positive)],
  ['Erf', pointwise('Erf')],
  ['Gelu (opset 20)', () => around((t, x) => t.op('Gelu', [x]), image(20))],
  [
    "Gelu approximate 'tanh' (opset 20)",
    () => around((t, x) => t.op('Gelu', [x], { approximate: 'tanh' }), image(20)),
  ],
  ['Abs', pointwise('Abs'), [0]],
  ['Neg', pointwise('Neg')],
  ['Reciprocal', pointwise('Reciprocal', {}, positive)],
  ['Softplus', pointwise('Softplus')],
  ['Softsign', pointwise('Softsign'), [0]],
  ['Mish (opset 18)', () => around((t, x) => t.op('Mish', [x]), image(18))],
  ['Elu alpha 0.7', pointwise('Elu', { alpha: 0.7 }), [0]],
  ['Selu', pointwise('Selu'), [0]],
  ['Celu alpha 1.3', pointwise('Celu', { alpha: 1.3 }), [0]],
  ['Sin', pointwise('Sin')],
  ['Cos', pointwise('Cos')],
  ['PRelu with a per-channel slope', () => around((t, x) => t.op('PRelu', [x, t.weight([3, 1, 1])])), [0]],
  [
    'Floor has zero gradient (x + floor(x))',
    () => around((t, x) => t.op('Add', [x, t.op('Floor', [x])])),
    [-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((k) => k / 2),
  ],
  [
    'Where with a mask of the input and broadcast branches',
    () =>
      around((t, x) =>
        t.op('Where', [t.op('Greater', [x, t.values([], [0])]), t.op('Mul', [x, x]), t.weight([5])]),
      ),
    [0],
  ],
  ['Max of the input and a broadcast weight', () => around((t, x) => t.op('Max', [x, t.weight([1, 4, 1])]))],
  ['Min of three tensors', () => around((t, x) => t.op('Min', [x, t.op('Neg', [x]), t.weight([5], 2)])), [0]],
  ['Mean of two tensors', () => around((t, x) => t.op('Mean', [x, t.op('Mul', [x, x])]))],
  [
    'LayerNormalization over the last axis (opset 17)',
    () => around((t, x) => t.op('LayerNormalization', [x, t.weight([5]), t.weight([5])], { axis: int(-1) })),
  ],
  [
    'LayerNormalization over C, H, W without bias',
    () =>
      around((t, x) => t.op('LayerNormalization', [x, t.weight([3, 4, 5])], { axis: int(1), epsilon: 1e-3 })),
  ],
  [
    'InstanceNormalization',
    () => around((t, x) => t.op('InstanceNormalization', [x, t.weight([3]), t.weight([3])])),
  ],
  [
    'GroupNormalization, per-group scale (opset 18)',
    () =>
      around(
        (t, x) => t.op('GroupNormalization', [x, t.weight([2]), t.weight([2])], { num_groups: int(2) }),
        image(18, 4),
      ),
  ],
  [
    'Einsum attention: softmax(q·kᵀ)·v',
    () => {
      const t = new TinyGraph(['N', 4, 6]);
      const q = t.op('MatMul', [t.x, t.weight([6, 6])]);
      const k = t.op('MatMul', [t.x, t.weight([6, 6])]);
      const scores = t.op('Einsum', [q, k], { equation: 'bid,bjd->bij' });
      const p = t.op('Softmax', [scores], { axis: int(-1) });
      return t.bytes(t.head(t.op('Einsum', [p, t.x], { equation: 'bij, bjd -> bid' })));
    },
  ],
  [
    'Einsum with an ellipsis',
    () => {
      const t = new TinyGraph(['N', 4, 6]);
      return t.bytes(t.head(t.op('Einsum', [t.x, t.weight([6, 3])], { equation: '...j,jk->...k' })));
    },
  ],
  [
    'Einsum with a label summed out of one operand alone',
    () => {
      const t = new TinyGraph(['N', 4, 6]);
      return t.bytes(t.head(t.op('Einsum', [t.x, t.weight([6, 3])], { equation: 'bij,jk->bk' })));
    },
  ],
  [
    'MatMul of two batched activations (multi-head attention)',
    () => {
      const t = new TinyGraph(['N', 4, 6]);
      const heads = t.op('Transpose', [t.op('Reshape', [t.x, t.int64([0, 4, 2, 3])])], {
        perm: ints([0, 2, 1, 3]),
      });
      const keys = t.op('Transpose', [t.op('Mul', [heads, t.weight([1, 2, 1, 3])])], {
        perm: ints([0, 1, 3, 2]),
      });
      const p = t.op('Softmax', [t.op('MatMul', [heads, keys])], { axis: int(-1) });
      return t.bytes(t.head(t.op('MatMul', [p, heads])));
    },
  ],
  [
    'Gather with rank-2 constant indices (repeated)',
    () => around((t, x) => t.op('Gather', [x, t.int64([0, 4, 4, 1, -1, 2], [2, 3])], { axis: int(3) })),
  ],
  [
    'Gather of a scalar index (ViT class token)',
    () => around((t, x) => t.op('Gather', [x, t.int64([1], [])], { axis: int(2) })),
  ],
  [
    'Gather with indices computed at run time',
    () =>
      around((t, x) => {
        const indices = t.op('ArgMax', [t.weight([2, 4])], { axis: int(1), keepdims: int(0) });
        return t.op('Gather', [x, indices], { axis: int(2) });
      }),
  ],
  [
    'DepthToSpace CRD (pixel_shuffle) after SpaceToDepth (pixel_unshuffle)',
    () =>
      around((t, x) => {
        const packed = t.op('SpaceToDepth', [t.op('Slice', [x, t.int64([0]), t.int64([4]), t.int64([3])])], {
          blocksize: int(2),
        });
        return t.op('DepthToSpace', [t.op('Mul', [packed, t.weight([12, 1, 1])])], {
          blocksize: int(2),
          mode: 'CRD',
        });
      }),
  ],
  [
    'DepthToSpace DCR',
    () => around((t, x) => t.op('DepthToSpace', [x], { blocksize: int(2) }), image(17, 8, 2, 3)),
  ],
  [
    'GatherElements (torch.gather) with repeated indices, expanded to the batch',
    () =>
      around((t, x) => {
        const picked = t.int64(
          Array.from({ length: 60 }, (_, i) => (i * 7) % 5),
          [1, 3, 4, 5],
        );
        return t.op('GatherElements', [x, t.op('Expand', [picked, t.op('Shape', [x])])], { axis: int(3) });
      }),
  ],
  [
    'TopK values (torch.topk)',
    () => around((t, x) => t.opN('TopK', [x, t.int64([2])], { axis: int(2) }, 2)[0]!),
  ],
  [
    'GatherND',
    () =>
      around((t, x) => {
        const rows = t.op('Transpose', [x], { perm: ints([1, 2, 0, 3]) });
        const picked = t.op('GatherND', [rows, t.int64([0, 1, 2, 3, 1, 1], [3, 2])]);
        return t.op('Transpose', [picked], { perm: ints([1, 0, 2]) });
      }),
  ],
  [
    'ScatterND writing input-dependent updates into an activation',
    () =>
      around((t, x) => {
        const rows = t.op('Transpose', [x], { perm: ints([1, 2, 0, 3]) });
        const updates = t.op('Mul', [
          t.op('Slice', [rows, t.int64([0]), t.int64([2]), t.int64([0])]),
          t.values([], [3]),
        ]);
        const written = t.op('ScatterND', [rows, t.int64([2, 0], [2, 1]), updates]);
        return t.op('Transpose', [written], { perm: ints([2, 0, 1, 3]) });
      }),
  ],
  ['ThresholdedRelu alpha 0.3', pointwise('ThresholdedRelu', { alpha: 0.3 }), [0.3]],
  ['Shrink', pointwise('Shrink', { lambd: 0.4, bias: 0.1 }), [-0.4, 0.4]],
  ['Tile', () => around((t, x) => t.op('Tile', [x, t.int64([1, 2, 1, 3])]))],
  ['CumSum', () => around((t, x) => t.op('CumSum', [x, t.int64([2], [])]))],
  [
    'CumSum reverse exclusive',
    () => around((t, x) => t.op('CumSum', [x, t.int64([-1], [])], { reverse: int(1), exclusive: int(1) })),
  ],
  [
    'ConvTranspose: stride 2, pads, output_padding, groups',
    () =>
      around((t, x) =>
        t.op('ConvTranspose', [x, t.weight([3, 2, 3, 3]), t.weight([6])], {
          group: int(3),
          strides: ints([2, 2]),
          pads: ints([1, 0, 1, 1]),
          output_padding: ints([1, 0]),
        }),
      ),
  ],
  [
    'ReduceL2 over H, W (opset 13 axes attribute)',
    () => around((t, x) => t.op('ReduceL2', [x], { axes: ints([2, 3]) }), image(13)),
  ],
  [
    'ReduceL1 (opset 18)',
    () => around((t, x) => t.op('ReduceL1', [x, t.int64([1])], { keepdims: int(0) }), image(18)),
    [0],
  ],
  [
    'ReduceSumSquare (opset 18)',
    () => around((t, x) => t.op('ReduceSumSquare', [x, t.int64([3])]), image(18)),
  ],
  [
    'ReduceLogSum (opset 18)',
    () => around((t, x) => t.op('ReduceLogSum', [positive(t, x), t.int64([3])]), image(18)),
  ],
  [
    'ReduceLogSumExp (opset 18)',
    () => around((t, x) => t.op('ReduceLogSumExp', [x, t.int64([1, 3])], { keepdims: int(0) }), image(18)),
  ],
  [
    'ReduceProd (opset 18)',
    () => around((t, x) => t.op('ReduceProd', [positive(t, x), t.int64([2])]), image(18)),
  ],
];

describe('backward rules of transformer-era ops agree with finite differences', () => {
  it.each(cases)('%s', async (_name, build, kinks) => {
    const report = await finiteDifferenceCheck(build(), kinks ? { kinks } : {});
    expect(report.maxRelativeError, JSON.stringify(report)).toBeLessThan(TOLERANCE);
  });
});

describe('tensors built only from shapes and masks are constants of the backward pass', () => {
  it("Swin's attention mask: a scatter into zeros shaped like x needs no rule (LpNormalization has none)", async () => {
    const t = image();
    const zeros = t.op('ConstantOfShape', [t.op('Shape', [t.x])], {
      value: { tensor: { dims: [1], dataType: 1, floatData: [0] } },
    });
    const scattered = t.op('ScatterND', [zeros, t.int64([0, 1, 2, 3], [1, 4]), t.values([1], [-100])]);
    const mask = t.op('LpNormalization', [t.op('Add', [scattered, t.values([], [1])])], { axis: int(-1) });
    const report = await finiteDifferenceCheck(t.bytes(t.head(t.op('Add', [t.op('Mul', [t.x, t.x]), mask]))));
    expect(report.maxRelativeError).toBeLessThan(TOLERANCE);
  });
});
