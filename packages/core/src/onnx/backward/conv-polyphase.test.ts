/**
 * The polyphase input gradient of strided Convs (conv-polyphase.ts): the exact Jacobian against
 * the weights placed by hand, and which geometries use it.
 */
import { describe, expect, it } from 'vitest';
import { int, ints, TinyGraph } from '../../../test/tiny-graph.js';
import { buildGradientModel } from '../gradient-model.js';
import { createOnnxGradientRunner } from '../gradient-runner.js';
import type { AttrValue } from '../graph-builder.js';
import { parseOnnxModel } from '../model.js';

interface ConvCase {
  name: string;
  input: [c: number, h: number, w: number];
  weight: [m: number, c: number, kh: number, kw: number];
  attrs: Record<string, AttrValue>;
}

const cases: ConvCase[] = [
  {
    name: '7×7 stride 2 pads 3 (ResNet stem), odd and even sizes',
    input: [3, 9, 10],
    weight: [4, 3, 7, 7],
    attrs: { strides: ints([2, 2]), pads: ints([3, 3, 3, 3]) },
  },
  {
    name: '4×4 stride 4 patchify, rows no window reaches',
    input: [2, 10, 9],
    weight: [3, 2, 4, 4],
    attrs: { strides: ints([4, 4]) },
  },
  {
    name: '11×11 stride 4 pads 2 (AlexNet stem)',
    input: [2, 19, 17],
    weight: [2, 2, 11, 11],
    attrs: { strides: ints([4, 4]), pads: ints([2, 2, 2, 2]) },
  },
  {
    name: '4×4 stride 2, auto_pad SAME_UPPER',
    input: [4, 7, 6],
    weight: [6, 4, 4, 4],
    attrs: { strides: ints([2, 2]), auto_pad: 'SAME_UPPER' },
  },
  {
    name: '4×2 stride 2, asymmetric pads',
    input: [3, 7, 9],
    weight: [2, 3, 4, 2],
    attrs: { strides: ints([2, 2]), pads: ints([2, 0, 1, 3]) },
  },
];

/** Distinct, exactly representable weights: 0.5 + index / 1024 with alternating signs. */
const weightValues = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (0.5 + i / 1024));

function convModel(c: ConvCase): { bytes: Uint8Array; outDims: number[] } {
  const t = new TinyGraph(['N', ...c.input]);
  const n = c.weight.reduce((a, b) => a * b, 1);
  const y = t.op('Conv', [t.x, t.values([...c.weight], weightValues(n))], c.attrs);
  const outDims = t.dims(y).slice(1) as number[];
  return { bytes: t.bytes(t.op('Flatten', [y], { axis: { int: 1 } })), outDims };
}

/**
 * Row o of the exact Jacobian d y[o] / d x: the weight each input element meets in output o's
 * window (dilation 1, so at most one), computed here from the geometry onnxruntime's forward
 * pass reports.
 */
function expectedRow(c: ConvCase, outDims: number[], o: number, pads: number[]): Float32Array {
  const [cin, h, w] = c.input;
  const [m, , kh, kw] = c.weight;
  const [, oh, ow] = outDims as [number, number, number];
  const s = (c.attrs.strides as { ints: number[] }).ints;
  const channel = Math.floor(o / (oh * ow));
  const oy = Math.floor(o / ow) % oh;
  const ox = o % ow;
  const values = weightValues(m * cin * kh * kw);
  const row = new Float32Array(cin * h * w);
  for (let ci = 0; ci < cin; ci++)
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++) {
        const iy = oy * s[0]! + ky - pads[0]!;
        const ix = ox * s[1]! + kx - pads[1]!;
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
        row[(ci * h + iy) * w + ix] = values[((channel * cin + ci) * kh + ky) * kw + kx]!;
      }
  return row;
}

/** Begin pads of a case (SAME_UPPER: the smaller half first). */
function beginPads(c: ConvCase, outDims: number[]): number[] {
  const explicit = c.attrs.pads as { ints: number[] } | undefined;
  if (explicit) return explicit.ints.slice(0, 2);
  const s = (c.attrs.strides as { ints: number[] }).ints;
  return [0, 1].map((i) => {
    const total = Math.max(0, (outDims[i + 1]! - 1) * s[i]! + c.weight[i + 2]! - c.input[i + 1]!);
    return Math.floor(total / 2);
  });
}

const gradientNodes = (bytes: Uint8Array) =>
  parseOnnxModel(buildGradientModel(parseOnnxModel(bytes)).bytes).graph.node!;

/** kernel_shape of each ConvTranspose in the gradient graph. */
const convTransposeKernels = (bytes: Uint8Array) =>
  gradientNodes(bytes)
    .filter((n) => n.opType === 'ConvTranspose')
    .map((n) => n.attribute?.find((a) => a.name === 'kernel_shape')?.ints?.map(Number));

describe('polyphase input gradient of strided Convs', () => {
  it.each(cases)('$name: the exact Jacobian', async (c) => {
    const { bytes, outDims } = convModel(c);
    // One ConvTranspose, the phase interleave: its kernel is the stride.
    const s = (c.attrs.strides as { ints: number[] }).ints;
    expect(convTransposeKernels(bytes)).toEqual([s]);
    const runner = await createOnnxGradientRunner(bytes);
    try {
      const k = runner.numClasses;
      const size = runner.inputSize;
      const x = Float32Array.from({ length: k * size }, (_, i) => Math.sin(i * 0.7));
      const { gradients } = await runner.forwardBackward(
        x,
        k,
        Array.from({ length: k }, (_, i) => i),
      );
      const pads = beginPads(c, outDims);
      for (let o = 0; o < k; o++) {
        expect(Array.from(gradients.subarray(o * size, (o + 1) * size))).toEqual(
          Array.from(expectedRow(c, outDims, o, pads)),
        );
      }
    } finally {
      await runner.dispose();
    }
  });

  it('keeps ConvTranspose where the polyphase Conv does more work (3×3 and 1×1 stride 2), for dilations and groups', () => {
    for (const [kernel, attrs] of [
      [3, { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) }],
      [1, { strides: ints([2, 2]) }],
      [4, { strides: ints([2, 2]), dilations: ints([2, 2]) }],
      [4, { strides: ints([2, 2]), group: int(2) }],
    ] as const) {
      const t = new TinyGraph(['N', 2, 12, 12]);
      const cPerGroup = 'group' in attrs ? 1 : 2;
      const y = t.op('Conv', [t.x, t.weight([2, cPerGroup, kernel, kernel])], attrs);
      const kernels = convTransposeKernels(t.bytes(t.op('Flatten', [y], { axis: { int: 1 } })));
      expect(kernels).toEqual([[kernel, kernel]]);
    }
  });
});
