import { describe, expect, it } from 'vitest';
import { attr, convAttrs, conversionError, GraphFixture } from '../test-graph.js';

const TOLERANCE = 1e-4;
const DIMS = [2, 6, 5, 3];

/** input → 1×1 conv (NCHW inside the ONNX graph) → `body` → output. */
function afterConv(body: (g: GraphFixture, x: string) => string) {
  const g = new GraphFixture(11);
  const x = g.placeholder([-1, 6, 5, 3]);
  const conv = g.op('Conv2D', [x, g.const([1, 1, 3, 4], undefined, -1, 1)], convAttrs(1, 'VALID'));
  return g.artifacts(body(g, conv));
}

describe('GraphModel elementwise ops match TF.js (cpu)', () => {
  // Against a per-channel constant, a full-rank [H, W, C] constant, another tensor in the same
  // (NCHW) layout and one in TF order (a Reshape's output): every pairing of layouts.
  it.each(['AddV2', 'Add', 'Sub', 'Mul', 'Maximum', 'Minimum', 'SquaredDifference'])(
    '%s with broadcast constants and tensors',
    async (op) => {
      const artifacts = afterConv((g, x) => {
        const a = g.op(op, [x, g.const([4])]);
        const b = g.op(op, [g.const([6, 5, 4]), a]);
        const other = g.op('Conv2D', [x, g.const([3, 3, 4, 4])], convAttrs(1, 'SAME'));
        const natural = g.op('Reshape', [other, g.ints([-1, 6, 5, 4])]);
        return g.op(op, [g.op(op, [b, other]), natural]);
      });
      expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
    },
  );

  it('AddN of three tensors, through Snapshot and StopGradient', async () => {
    const artifacts = afterConv((g, x) =>
      g.op('AddN', [x, g.op('Snapshot', [g.op('Neg', [x])]), g.op('StopGradient', [g.op('Exp', [x])])], {
        N: attr.int(3),
      }),
    );
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('a squeeze-and-excitation gate times the NCHW map, and a runtime [C] vector broadcast onto it', async () => {
    const artifacts = afterConv((g, x) => {
      const pooled = g.op('Mean', [x, g.ints([1, 2])], { keep_dims: attr.bool(true) });
      const gate = g.op('Sigmoid', [g.op('Conv2D', [pooled, g.const([1, 1, 4, 4])], convAttrs(1, 'VALID'))]);
      const excited = g.op('Mul', [x, gate]);
      const peaks = g.op('Max', [x, g.ints([0, 1, 2])], { keep_dims: attr.bool(false) });
      return g.op('Sub', [excited, peaks]);
    });
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('RealDiv and BiasAdd', async () => {
    const artifacts = afterConv((g, x) => {
      const biased = g.op('BiasAdd', [x, g.const([4])], { data_format: attr.str('NHWC') });
      return g.op('RealDiv', [biased, g.const([5, 1], undefined, 1, 2)]);
    });
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('one-input math: Neg, Abs, Square, Sqrt, Rsqrt, Exp, Log, Identity', async () => {
    const artifacts = afterConv((g, x) => {
      const positive = g.op('AddV2', [g.op('Square', [g.op('Abs', [g.op('Neg', [x])])]), g.const([], [0.5])]);
      const roots = g.op('Mul', [g.op('Sqrt', [positive]), g.op('Rsqrt', [positive])]);
      return g.op('Identity', [g.op('Log', [g.op('AddV2', [g.op('Exp', [x]), roots])])]);
    });
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('Pow, Reciprocal, Erf, ClipByValue and a Cast to float', async () => {
    const artifacts = afterConv((g, x) => {
      const positive = g.op('AddV2', [g.op('Abs', [x]), g.const([], [1])]);
      const powered = g.op('Pow', [positive, g.const([4], undefined, 0.5, 2)]);
      const clipped = g.op('ClipByValue', [g.op('Erf', [x]), g.const([], [-0.5]), g.const([], [0.25])]);
      const cast = g.op('Cast', [clipped], { SrcT: attr.float32, DstT: attr.float32 });
      return g.op('AddV2', [g.op('Reciprocal', [powered]), cast]);
    });
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it.each(['Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softplus'])('%s', async (op) => {
    // Scaled so Relu6 clips and the negative branches are exercised.
    const artifacts = afterConv((g, x) =>
      g.op(op, [g.op('Mul', [x, g.const([], [5])])], op === 'LeakyRelu' ? { alpha: attr.float(0.3) } : {}),
    );
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('Prelu with per-channel alpha', async () => {
    const artifacts = afterConv((g, x) => g.op('Prelu', [x, g.const([4])]));
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });

  it('Softmax over the channels of an NCHW-held tensor', async () => {
    const artifacts = afterConv((g, x) => g.op('Softmax', [g.op('Mul', [x, g.const([], [4])])]));
    expect((await conversionError(artifacts, DIMS)).error).toBeLessThan(TOLERANCE);
  });
});
