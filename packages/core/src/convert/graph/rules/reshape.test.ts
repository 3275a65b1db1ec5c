import { describe, expect, it } from 'vitest';
import { attr, convAttrs, conversionError, GraphFixture } from '../test-graph.js';

const TOLERANCE = 1e-4;
const DIMS = [2, 5, 4, 3];

/** input → 1×1 conv to 6 channels (NCHW inside the ONNX graph) → `body` → output. */
function afterConv(body: (g: GraphFixture, x: string) => string) {
  const g = new GraphFixture(23);
  const x = g.placeholder([-1, 5, 4, 3]);
  const conv = g.op('Conv2D', [x, g.const([1, 1, 3, 6])], convAttrs(1, 'VALID'));
  return g.artifacts(body(g, conv));
}

describe('GraphModel shape ops match TF.js (cpu)', () => {
  it("Keras Flatten's dynamic-batch pattern: Shape → StridedSlice → Pack → Reshape", async () => {
    const artifacts = afterConv((g, x) => {
      const shape = g.op('Shape', [x]);
      const batch = g.op('StridedSlice', [shape, g.ints([0]), g.ints([1]), g.ints([1])], {
        shrink_axis_mask: attr.int(1),
      });
      const target = g.op('Pack', [batch, g.ints([-1], [])], { axis: attr.int(0) });
      return g.op('Reshape', [x, target]);
    });
    const { error, onnx } = await conversionError(artifacts, DIMS);
    expect(error).toBeLessThan(TOLERANCE);
    // The shape arithmetic folds away: the batch is copied (0), the rest inferred.
    expect(onnx.graph.node!.map((n) => n.opType)).toEqual(['Transpose', 'Conv', 'Transpose', 'Reshape']);
  });

  it('Reshape to a constant [-1, K]', async () => {
    const artifacts = afterConv((g, x) => g.op('Reshape', [x, g.ints([-1, 120])]));
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('Squeeze after a keep_dims Mean, and ExpandDims', async () => {
    const artifacts = afterConv((g, x) => {
      const pooled = g.op('Mean', [x, g.ints([1, 2])], { keep_dims: attr.bool(true) });
      const squeezed = g.op('Squeeze', [pooled], { squeeze_dims: attr.ints([1, 2]) });
      return g.op('ExpandDims', [squeezed, g.ints([-1], [])]);
    });
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('a pooled [N, 1, 1, C] map changes layout by Reshape, not Transpose (only size-1 axes move)', async () => {
    const artifacts = afterConv((g, x) => {
      const pooled = g.op('Mean', [x, g.ints([1, 2])], { keep_dims: attr.bool(true) });
      const logits = g.op('Conv2D', [pooled, g.const([1, 1, 6, 5])], convAttrs(1, 'SAME'));
      return g.op('Reshape', [g.op('Softmax', [logits]), g.ints([-1, 5])]);
    });
    const { error, onnx } = await conversionError(artifacts, DIMS);
    expect(error).toBeLessThan(TOLERANCE);
    expect(onnx.graph.node!.map((n) => n.opType)).toEqual([
      'Transpose',
      'Conv',
      'ReduceMean',
      'Conv',
      'Softmax',
      'Reshape',
      'Reshape',
    ]);
  });

  it('Transpose to NCHW and back around ops emits no Transpose of its own', async () => {
    const artifacts = afterConv((g, x) => {
      const nchw = g.op('Transpose', [x, g.ints([0, 3, 1, 2])]);
      const scaled = g.op('Mul', [nchw, g.const([6, 1, 1])]);
      const back = g.op('Transpose', [scaled, g.ints([0, 2, 3, 1])]);
      return g.op('Transpose', [back, g.ints([0, 2, 1, 3])]);
    });
    const { error, onnx } = await conversionError(artifacts, DIMS);
    expect(error).toBeLessThan(TOLERANCE);
    expect(onnx.graph.node!.filter((n) => n.opType === 'Transpose')).toHaveLength(2);
  });

  it('ConcatV2 on the channels of NCHW-held and TF-order tensors', async () => {
    const artifacts = afterConv((g, x) => {
      const other = g.op('Conv2D', [x, g.const([3, 3, 6, 2])], convAttrs(1, 'SAME'));
      const natural = g.op('Reshape', [x, g.ints([-1, 5, 4, 6])]);
      return g.op('ConcatV2', [x, other, natural, g.ints([-1], [])], { N: attr.int(3) });
    });
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('Pack of tensors on a new axis', async () => {
    const artifacts = afterConv((g, x) => g.op('Pack', [x, g.op('Neg', [x])], { axis: attr.int(1) }));
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('Slice with a size running to the end, Split and SplitV on the channels', async () => {
    const artifacts = afterConv((g, x) => {
      const sliced = g.op('Slice', [x, g.ints([0, 1, 0, 2]), g.ints([-1, 3, -1, -1])]);
      const halves = g.op('Split', [g.ints([-1], []), sliced], { num_split: attr.int(2) });
      const parts = g.op('SplitV', [sliced, g.ints([1, -1, 2]), g.ints([3], [])], { num_split: attr.int(3) });
      return g.op('ConcatV2', [`${halves}:1`, `${parts}:2`, `${halves}:0`, g.ints([3], [])], {
        N: attr.int(3),
      });
    });
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it.each([
    [
      'a crop with begin and end masks',
      [0, 1, 0, 0],
      [0, -1, 3, 0],
      [1, 1, 1, 1],
      { begin_mask: 9, end_mask: 9 },
    ],
    ['a strided, reversed slice', [0, -1, 0, 1], [0, 0, 4, 5], [1, -2, 2, 1], { begin_mask: 1, end_mask: 5 }],
    [
      'a shrunk axis',
      [0, 2, 0, 0],
      [0, 3, 0, 0],
      [1, 1, 1, 1],
      { begin_mask: 13, end_mask: 13, shrink_axis_mask: 2 },
    ],
    [
      'the last row, shrunk',
      [0, -1, 0, 0],
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      { begin_mask: 13, end_mask: 13, shrink_axis_mask: 2 },
    ],
  ] as const)('StridedSlice: %s', async (_, begin, end, strides, masks) => {
    const artifacts = afterConv((g, x) =>
      g.op(
        'StridedSlice',
        [x, g.ints([...begin]), g.ints([...end]), g.ints([...strides])],
        Object.fromEntries(Object.entries(masks).map(([k, v]) => [k, attr.int(v)])),
      ),
    );
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });
});
