import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck, int, ints, TinyGraph } from '../../test/tiny-graph.js';
import { isSnowblindError } from '../errors.js';
import { buildGradientModel } from './gradient-model.js';
import { parseOnnxModel } from './model.js';

// float32 forward passes with ε = 1e-3 on unit-scale inputs: central differences of these small
// graphs agree to ~1e-4 relative (measured); 2e-3 leaves room for float32 rounding, while a wrong
// rule (a missed broadcast sum, an off-by-one pad) shows as errors of order 0.1–1.
const TOLERANCE = 2e-3;

/** name, model, and input values where the function has kinks (inputs are kept away). */
type Case = [name: string, build: () => Uint8Array, kinks?: number[]];

const image = (c = 3, h = 7, w = 7) => new TinyGraph(['N', c, h, w]);

/** A graph where `op` (built from x) feeds the Flatten → Gemm classifier head. */
function around(op: (t: TinyGraph) => string, t = image()): Uint8Array {
  return t.bytes(t.head(op(t)));
}

const conv = (t: TinyGraph, x: string, cin: number, cout: number) =>
  t.op('Conv', [x, t.weight([cout, cin, 3, 3]), t.weight([cout])], { pads: ints([1, 1, 1, 1]) });

const cases: Case[] = [
  [
    'Conv: asymmetric pads, stride 2 over odd sizes, dilation',
    () =>
      around(
        (t) =>
          t.op('Conv', [t.x, t.weight([4, 3, 3, 2]), t.weight([4])], {
            strides: ints([2, 2]),
            pads: ints([1, 0, 2, 1]),
            dilations: ints([2, 1]),
          }),
        image(3, 9, 8),
      ),
  ],
  [
    'Conv: stride 3, odd size, no pads',
    () =>
      around((t) => t.op('Conv', [t.x, t.weight([2, 3, 2, 2])], { strides: ints([3, 3]) }), image(3, 8, 10)),
  ],
  [
    'Conv: groups 2, auto_pad SAME_UPPER, stride 2',
    () =>
      around(
        (t) =>
          t.op('Conv', [t.x, t.weight([6, 2, 3, 3])], {
            group: int(2),
            strides: ints([2, 2]),
            auto_pad: 'SAME_UPPER',
          }),
        image(4),
      ),
  ],
  [
    'Conv: auto_pad SAME_LOWER, even kernel',
    () => around((t) => t.op('Conv', [t.x, t.weight([2, 3, 2, 2])], { auto_pad: 'SAME_LOWER' })),
  ],
  [
    'Conv: depthwise',
    () =>
      around((t) => t.op('Conv', [t.x, t.weight([3, 1, 3, 3])], { group: int(3), pads: ints([1, 1, 1, 1]) })),
  ],
  [
    'Conv: 1-D',
    () => {
      const t = new TinyGraph(['N', 2, 9]);
      return t.bytes(
        t.head(t.op('Conv', [t.x, t.weight([3, 2, 3])], { strides: ints([2]), pads: ints([1, 0]) })),
      );
    },
  ],
  [
    'MaxPool: overlapping 3×3 stride 2, pads 1',
    () =>
      around((t) =>
        t.op('MaxPool', [conv(t, t.x, 3, 4)], {
          kernel_shape: ints([3, 3]),
          strides: ints([2, 2]),
          pads: ints([1, 1, 1, 1]),
        }),
      ),
  ],
  [
    'MaxPool: overlapping 3×3 stride 1',
    () => around((t) => t.op('MaxPool', [t.x], { kernel_shape: ints([3, 3]) })),
  ],
  [
    'MaxPool: ceil_mode over odd sizes (last window partial)',
    () =>
      around(
        (t) =>
          t.op('MaxPool', [t.x], { kernel_shape: ints([3, 3]), strides: ints([2, 2]), ceil_mode: int(1) }),
        image(2, 8, 6),
      ),
  ],
  [
    'MaxPool: ceil_mode with pads',
    () =>
      around(
        (t) =>
          t.op('MaxPool', [t.x], {
            kernel_shape: ints([3, 3]),
            strides: ints([2, 2]),
            pads: ints([1, 1, 1, 1]),
            ceil_mode: int(1),
          }),
        image(2, 6, 6),
      ),
  ],
  [
    'MaxPool: dilations, asymmetric pads',
    () =>
      around((t) =>
        t.op('MaxPool', [t.x], {
          kernel_shape: ints([2, 3]),
          dilations: ints([2, 1]),
          pads: ints([0, 1, 1, 0]),
        }),
      ),
  ],
  [
    'AveragePool: count_include_pad 0, pads',
    () =>
      around((t) =>
        t.op('AveragePool', [t.x], {
          kernel_shape: ints([3, 3]),
          strides: ints([2, 2]),
          pads: ints([1, 1, 1, 1]),
        }),
      ),
  ],
  [
    'AveragePool: count_include_pad 1, pads, stride 1',
    () =>
      around((t) =>
        t.op('AveragePool', [t.x], {
          kernel_shape: ints([3, 3]),
          pads: ints([1, 1, 1, 1]),
          count_include_pad: int(1),
        }),
      ),
  ],
  [
    'AveragePool: ceil_mode, count_include_pad 1',
    () =>
      around(
        (t) =>
          t.op('AveragePool', [t.x], {
            kernel_shape: ints([3, 3]),
            strides: ints([2, 2]),
            pads: ints([0, 1, 0, 1]),
            ceil_mode: int(1),
            count_include_pad: int(1),
          }),
        image(2, 8, 8),
      ),
  ],
  [
    'AveragePool: ceil_mode, count_include_pad 0, odd size',
    () =>
      around(
        (t) =>
          t.op('AveragePool', [t.x], {
            kernel_shape: ints([2, 2]),
            strides: ints([2, 2]),
            ceil_mode: int(1),
          }),
        image(2, 7, 5),
      ),
  ],
  ['GlobalAveragePool', () => around((t) => t.op('GlobalAveragePool', [conv(t, t.x, 3, 4)]))],
  ['Relu', () => around((t) => t.op('Relu', [t.x])), [0]],
  ['LeakyRelu', () => around((t) => t.op('LeakyRelu', [t.x], { alpha: 0.1 })), [0]],
  [
    'Clip with min and max inputs',
    () => around((t) => t.op('Clip', [t.x, t.values([], [-0.5]), t.values([], [0.7])])),
    [-0.5, 0.7],
  ],
  ['Clip with only a max input', () => around((t) => t.op('Clip', [t.x, '', t.values([], [0.3])])), [0.3]],
  [
    'Clip on 16 channels (NCHWc bound masks)',
    () => around((t) => t.op('Clip', [t.x, t.values([], [-0.5]), t.values([], [0.7])]), image(16, 3, 3)),
    [-0.5, 0.7],
  ],
  [
    'Clip on 16 channels, only a max input',
    () => around((t) => t.op('Clip', [t.x, '', t.values([], [0.3])]), image(16, 3, 3)),
    [0.3],
  ],
  ['Sigmoid', () => around((t) => t.op('Sigmoid', [t.x]))],
  [
    'HardSigmoid',
    () =>
      around((t) => t.op('HardSigmoid', [t.op('Mul', [t.x, t.values([], [4])])], { alpha: 0.25, beta: 0.4 })),
    [-0.4, 0.6],
  ],
  ['HardSwish', () => around((t) => t.op('HardSwish', [t.op('Mul', [t.x, t.values([], [3])])])), [-1, 1]],
  [
    'BatchNormalization (inference)',
    () =>
      around((t) =>
        t.op(
          'BatchNormalization',
          [t.x, t.weight([3]), t.weight([3]), t.weight([3]), t.values([3], [0.5, 2, 1.5])],
          { epsilon: 1e-3 },
        ),
      ),
  ],
  [
    'LRN, size 3',
    () =>
      around((t) => t.op('LRN', [t.x], { size: int(3), alpha: 0.5, beta: 0.75, bias: 1.5 }), image(5, 3, 3)),
  ],
  [
    'LRN, size 5 over 6 channels',
    () => around((t) => t.op('LRN', [t.x], { size: int(5), alpha: 0.3, beta: 0.6, bias: 2 }), image(6, 2, 2)),
  ],
  ['Add broadcasting a [C,1,1] constant', () => around((t) => t.op('Add', [t.x, t.weight([3, 1, 1])]))],
  ['Add of two activations (residual)', () => around((t) => t.op('Add', [conv(t, t.x, 3, 3), t.x]))],
  [
    'Mul broadcasting an activation [N,C,1,1] (squeeze-excite)',
    () => around((t) => t.op('Mul', [t.x, t.op('Sigmoid', [t.op('GlobalAveragePool', [t.x])])])),
  ],
  ['Sub broadcasting both ways', () => around((t) => t.op('Sub', [t.op('GlobalAveragePool', [t.x]), t.x]))],
  [
    'Div by a broadcast activation',
    () =>
      around((t) =>
        t.op('Div', [
          t.x,
          t.op('Add', [t.op('Sigmoid', [t.op('GlobalAveragePool', [t.x])]), t.values([], [0.5])]),
        ]),
      ),
  ],
  [
    'Div of a constant by an activation',
    () =>
      around((t) =>
        t.op('Div', [t.weight([3, 1, 1]), t.op('Add', [t.op('Sigmoid', [t.x]), t.values([], [1])])]),
      ),
  ],
  [
    'Gemm transA, alpha, beta, activation bias',
    () => {
      const t = new TinyGraph(['N', 6]);
      const h = t.op('Gemm', [t.x, t.weight([6, 4])], { alpha: 0.7 });
      const tr = t.op('Transpose', [h]);
      const bias = t.op('Sigmoid', [t.op('Gemm', [t.x, t.weight([6, 5])])]);
      const y = t.op('Gemm', [tr, t.weight([5, 4]), bias], {
        transA: int(1),
        transB: int(1),
        alpha: 1.3,
        beta: 0.4,
      });
      return t.bytes(t.op('Add', [y, t.weight([5])]));
    },
  ],
  [
    'MatMul batched with broadcast weights, and x·xᵀ',
    () => {
      const t = new TinyGraph(['N', 3, 4]);
      const a = t.op('MatMul', [t.x, t.weight([4, 4])]);
      const aat = t.op('MatMul', [a, t.op('Transpose', [t.x], { perm: ints([0, 2, 1]) })]);
      return t.bytes(t.head(aat));
    },
  ],
  [
    'Concat of branches and Split with an unused part',
    () =>
      around((t) => {
        const c = t.op('Concat', [conv(t, t.x, 3, 2), t.x, t.op('Relu', [t.x])], { axis: int(1) });
        const [p, , r] = t.opN('Split', [c, t.int64([3, 2, 3])], { axis: int(1) }, 3);
        return t.op('Add', [p!, r!]);
      }),
  ],
  [
    'Reshape through a Shape/Gather/Unsqueeze/Concat chain, Transpose',
    () => {
      const t = image();
      const n = t.op('Unsqueeze', [
        t.op('Gather', [t.op('Shape', [t.x]), t.int64([0], [])], { axis: int(0) }),
        t.int64([0]),
      ]);
      const shape = t.op('Concat', [n, t.int64([7, -1])], { axis: int(0) });
      const y = t.op('Transpose', [t.op('Reshape', [t.x, shape])], { perm: ints([0, 2, 1]) });
      return t.bytes(t.head(y, 5, 147));
    },
  ],
  [
    'Squeeze/Unsqueeze, Pad with asymmetric constant pads',
    () =>
      around((t) => {
        const u = t.op('Unsqueeze', [t.x, t.int64([2])]);
        const s = t.op('Squeeze', [u, t.int64([2])]);
        return t.op('Pad', [s, t.int64([0, 0, 1, 2, 0, 0, 2, 0]), t.values([], [0.25])]);
      }),
  ],
  [
    'Softmax and LogSoftmax inside the graph',
    () =>
      around((t) =>
        t.op('Add', [t.op('Softmax', [t.x], { axis: int(1) }), t.op('LogSoftmax', [t.x], { axis: int(-1) })]),
      ),
  ],
  [
    'Cast, Identity, Dropout, Constant',
    () =>
      around((t) => {
        const k = t.op('Constant', [], { value_float: 1.5 });
        const d = t.op('Dropout', [t.op('Identity', [t.op('Cast', [t.x], { to: int(1) })])]);
        return t.op('Mul', [d, k]);
      }),
  ],
];

describe('ONNX backward rules agree with finite differences', () => {
  it.each(cases)('%s', async (_name, build, kinks) => {
    const report = await finiteDifferenceCheck(build(), kinks ? { kinks } : {});
    expect(report.maxRelativeError, JSON.stringify(report)).toBeLessThan(TOLERANCE);
  });

  it.each(['softmax', 'log-softmax'] as const)('differentiates the %s of the output', async (wrt) => {
    const bytes = around((t) => t.op('Sigmoid', [conv(t, t.x, 3, 4)]));
    const report = await finiteDifferenceCheck(bytes, { wrt });
    expect(report.maxRelativeError, JSON.stringify(report)).toBeLessThan(TOLERANCE);
  });
});

describe('older opsets are upgraded before differentiating', () => {
  it('opset 9: Clip, Pad, Unsqueeze and Squeeze attributes, 2-D-coerced Softmax', async () => {
    const t = new TinyGraph(['N', 3, 5, 5], 9);
    const clip = t.op('Clip', [t.x], { min: -0.5, max: 0.8 });
    const pad = t.op('Pad', [clip], { pads: ints([0, 0, 1, 0, 0, 0, 0, 2]), value: 0.1 });
    const u = t.op('Squeeze', [t.op('Unsqueeze', [pad], { axes: ints([1]) })], { axes: ints([1]) });
    const s = t.op('Softmax', [u], { axis: int(1) });
    const report = await finiteDifferenceCheck(t.bytes(t.head(s, 5, 3 * 6 * 7)), { kinks: [-0.5, 0.8] });
    expect(report.maxRelativeError, JSON.stringify(report)).toBeLessThan(TOLERANCE);
  });
});

describe('unsupported ops', () => {
  it('names the op type and the node', () => {
    const t = image();
    const y = t.op('LpNormalization', [t.x]);
    const model = parseOnnxModel(t.bytes(t.head(y)));
    const name = model.graph.node!.find((n) => n.opType === 'LpNormalization')!.name!;
    try {
      buildGradientModel(model);
      expect.unreachable();
    } catch (error) {
      expect(isSnowblindError(error, 'UNSUPPORTED_OP')).toBe(true);
      expect((error as Error).message).toContain('LpNormalization');
      expect((error as Error).message).toContain(name);
      expect((error as { hint?: string }).hint).toMatch(/supported ops: .*Conv/);
    }
  });

  it('ignores unsupported ops off the differentiated path', async () => {
    const t = image();
    const side = t.op('LpNormalization', [t.weight([3, 1, 1])]);
    const report = await finiteDifferenceCheck(t.bytes(t.head(t.op('Mul', [t.x, side]))));
    expect(report.maxRelativeError).toBeLessThan(TOLERANCE);
  });
});
