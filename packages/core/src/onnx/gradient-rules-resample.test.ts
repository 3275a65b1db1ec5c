import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck, int, ints, TinyGraph } from '../../test/tiny-graph.js';
import { isSnowblindError } from '../errors.js';
import { buildGradientModel } from './gradient-model.js';
import { parseOnnxModel } from './model.js';

// Same bar as gradient-rules.test.ts: pads, resizes and gathers are linear in the input, so
// central differences are exact up to float32 rounding (~1e-4); a misplaced weight shows as 0.1–1.
const TOLERANCE = 2e-3;

type Case = [name: string, build: () => Uint8Array];

const image = (c = 3, h = 7, w = 7, opset = 17) => new TinyGraph(['N', c, h, w], opset);

/** `op` (built from x) feeding the Flatten → Gemm classifier head. */
function around(op: (t: TinyGraph) => string, t = image()): Uint8Array {
  return t.bytes(t.head(op(t)));
}

/** A Pad of x with `pads` in `mode` (opset 17 form: pads as an input). */
const padded = (mode: string, pads: number[], t = image()) =>
  around((t) => t.op('Pad', [t.op('Sigmoid', [t.x]), t.int64(pads)], { mode }), t);

/** A Resize of x (opset 13 form) with constant scales or sizes and the given attributes. */
function resized(
  attrs: Record<string, string | { int: number }>,
  by: { scales?: number[]; sizes?: number[] },
  t = image(2, 5, 6, 13),
): Uint8Array {
  return around((t) => {
    if (by.sizes) return t.op('Resize', [t.x, '', '', sizesLike(t, by.sizes)], attrs);
    return t.op('Resize', [t.x, '', t.values([by.scales!.length], by.scales!)], attrs);
  }, t);
}

/** Sizes [N, C, …spatial] built from Shape(x), as exporters do for a dynamic batch. */
function sizesLike(t: TinyGraph, spatial: number[]): string {
  const nc = t.op('Slice', [t.op('Shape', [t.x]), t.int64([0]), t.int64([2])]);
  return t.op('Concat', [nc, t.int64(spatial)], { axis: int(0) });
}

const padCases: Case[] = [
  ['Pad reflect, symmetric 2 on H and W', () => padded('reflect', [0, 0, 2, 2, 0, 0, 2, 2])],
  [
    'Pad reflect, asymmetric, the largest legal pad (n − 1)',
    () => padded('reflect', [0, 0, 1, 6, 0, 0, 3, 0]),
  ],
  ['Pad reflect on the channel axis (Transpose path)', () => padded('reflect', [0, 1, 0, 0, 0, 2, 0, 0])],
  ['Pad edge, pads larger than the axis', () => padded('edge', [0, 0, 9, 1, 0, 0, 0, 8], image(2, 3, 4))],
  ['Pad edge on a size-1 axis', () => padded('edge', [0, 0, 2, 1, 0, 0, 1, 2], image(2, 1, 4))],
  ['Pad reflect with a crop on the other side', () => padded('reflect', [0, 0, -2, 3, 0, 0, 2, -1])],
  ['Pad edge with crops on both sides of one axis', () => padded('edge', [0, 0, -1, 2, 0, 0, -2, 1])],
  ['Pad constant with crops (negative pads)', () => padded('constant', [0, 0, -1, 2, 0, 0, 1, -2])],
  [
    'Pad reflect, 1-D signal [N, C, L]',
    () => {
      const t = new TinyGraph(['N', 2, 9]);
      return t.bytes(
        t.head(t.op('Pad', [t.op('Sigmoid', [t.x]), t.int64([0, 0, 3, 0, 0, 4])], { mode: 'reflect' })),
      );
    },
  ],
  [
    'Pad reflect, opset 18 axes input (negative axis)',
    () =>
      around(
        (t) =>
          t.op('Pad', [t.op('Sigmoid', [t.x]), t.int64([2, 1, 0, 3]), '', t.int64([2, -1])], {
            mode: 'reflect',
          }),
        image(3, 7, 7, 18),
      ),
  ],
  [
    'Pad edge, opset 18 axes input of one axis',
    () =>
      around(
        (t) => t.op('Pad', [t.x, t.int64([1, 2]), '', t.int64([3])], { mode: 'edge' }),
        image(3, 5, 5, 18),
      ),
  ],
  [
    'Pad wrap (opset 19)',
    () =>
      around(
        (t) => t.op('Pad', [t.x, t.int64([0, 0, 2, 1, 0, 0, 3, 2])], { mode: 'wrap' }),
        image(2, 4, 5, 19),
      ),
  ],
  [
    'Pad reflect, opset 9 (pads attribute)',
    () => {
      // Shape inference here does not read opset 9 attribute pads: the head is sized by hand.
      const t = image(3, 5, 5, 9);
      const y = t.op('Pad', [t.op('Sigmoid', [t.x])], {
        mode: 'reflect',
        pads: ints([0, 0, 1, 2, 0, 0, 2, 1]),
      });
      return t.bytes(t.head(y, 5, 3 * 8 * 8));
    },
  ],
];

const resizeCases: Case[] = [
  [
    "Resize nearest ×2, asymmetric/floor (F.interpolate mode='nearest')",
    () =>
      resized(
        { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' },
        { scales: [1, 1, 2, 2] },
      ),
  ],
  [
    'Resize nearest, defaults (half_pixel, round_prefer_floor), 5×6 → 8×9',
    () => resized({ mode: 'nearest' }, { sizes: [8, 9] }),
  ],
  [
    'Resize nearest downsampling, tf_half_pixel_for_nn, round_prefer_ceil',
    () =>
      resized(
        {
          mode: 'nearest',
          coordinate_transformation_mode: 'tf_half_pixel_for_nn',
          nearest_mode: 'round_prefer_ceil',
        },
        { sizes: [3, 4] },
      ),
  ],
  [
    'Resize nearest, align_corners, ceil, 5×6 → 7×11',
    () =>
      resized(
        { mode: 'nearest', coordinate_transformation_mode: 'align_corners', nearest_mode: 'ceil' },
        { sizes: [7, 11] },
      ),
  ],
  [
    'Resize nearest ×2 on the channel axis (Transpose path)',
    () =>
      resized(
        { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' },
        { scales: [1, 2, 1, 1] },
      ),
  ],
  [
    'Resize bilinear, align_corners, 5×6 → 10×12',
    () => resized({ mode: 'linear', coordinate_transformation_mode: 'align_corners' }, { sizes: [10, 12] }),
  ],
  [
    'Resize bilinear ×2, half_pixel (borders clamp)',
    () => resized({ mode: 'linear' }, { scales: [1, 1, 2, 2] }),
  ],
  [
    'Resize bilinear, pytorch_half_pixel, one axis down to size 1',
    () =>
      resized({ mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' }, { sizes: [1, 9] }),
  ],
  [
    'Resize bilinear ×1.5, asymmetric (non-integral scale)',
    () =>
      resized({ mode: 'linear', coordinate_transformation_mode: 'asymmetric' }, { scales: [1, 1, 1.5, 1.5] }),
  ],
  [
    'Resize bilinear ×0.5, half_pixel (downsampling, odd size floors)',
    () => resized({ mode: 'linear' }, { scales: [1, 1, 0.5, 0.5] }, image(2, 7, 9, 13)),
  ],
  [
    'Resize linear, 1-D signal',
    () => {
      const t = new TinyGraph(['N', 2, 7], 13);
      return t.bytes(t.head(t.op('Resize', [t.x, '', t.values([3], [1, 1, 1.7])], { mode: 'linear' })));
    },
  ],
  [
    'Resize with sizes computed from Shape (dynamic batch)',
    () =>
      around(
        (t) => {
          const nc = t.op('Slice', [t.op('Shape', [t.x]), t.int64([0]), t.int64([2])]);
          const sizes = t.op('Concat', [nc, t.int64([9, 4])], { axis: int(0) });
          return t.op('Resize', [t.x, '', '', sizes], {
            mode: 'linear',
            coordinate_transformation_mode: 'pytorch_half_pixel',
          });
        },
        image(2, 5, 6, 13),
      ),
  ],
  [
    'Resize opset 18 axes attribute, scales of the listed axes only',
    () =>
      around(
        (t) => t.op('Resize', [t.x, '', t.values([2], [2, 1.5])], { mode: 'linear', axes: ints([2, 3]) }),
        image(2, 4, 5, 18),
      ),
  ],
  [
    'Resize opset 19 half_pixel_symmetric',
    () =>
      around(
        (t) =>
          t.op('Resize', [t.x, '', t.values([4], [1, 1, 1.7, 0.6])], {
            mode: 'linear',
            coordinate_transformation_mode: 'half_pixel_symmetric',
          }),
        image(2, 5, 6, 19),
      ),
  ],
  [
    'Upsample nearest ×2 (opset 9)',
    () =>
      around(
        (t) => t.op('Upsample', [t.x, t.values([4], [1, 1, 2, 3])], { mode: 'nearest' }),
        image(2, 3, 4, 9),
      ),
  ],
  [
    'Upsample linear ×2 (opset 9)',
    () =>
      around(
        (t) => t.op('Upsample', [t.x, t.values([4], [1, 1, 2, 2])], { mode: 'linear' }),
        image(2, 3, 4, 9),
      ),
  ],
];

const gatherCases: Case[] = [
  [
    "Gather a scalar channel, inception_v3's transform_input",
    () =>
      around((t) => {
        const parts = [0, 1, 2].map((c) => {
          const channel = t.op('Unsqueeze', [
            t.op('Gather', [t.x, t.int64([c], [])], { axis: int(1) }),
            t.int64([1]),
          ]);
          return t.op('Add', [t.op('Mul', [channel, t.values([], [0.5 + c])]), t.values([], [c - 1])]);
        });
        return t.op('Concat', parts, { axis: int(1) });
      }),
  ],
  [
    'Gather a list with repeats and a negative index',
    () => around((t) => t.op('Gather', [t.x, t.int64([2, 0, -1, 1])], { axis: int(3) })),
  ],
];

describe('Pad, Resize and Gather backward rules agree with finite differences', () => {
  it.each([...padCases, ...resizeCases, ...gatherCases])('%s', async (_name, build) => {
    const report = await finiteDifferenceCheck(build());
    expect(report.maxRelativeError, JSON.stringify(report)).toBeLessThan(TOLERANCE);
  });
});

describe('unsupported resizes name the node and the attribute', () => {
  const cases: [string, () => Uint8Array, string][] = [
    ['cubic', () => resized({ mode: 'cubic' }, { scales: [1, 1, 2, 2] }), "mode = 'cubic'"],
    [
      'antialias',
      () =>
        around(
          (t) =>
            t.op('Resize', [t.x, '', t.values([4], [1, 1, 0.5, 0.5])], { mode: 'linear', antialias: int(1) }),
          image(2, 6, 6, 18),
        ),
      'antialias',
    ],
    [
      'tf_crop_and_resize',
      () =>
        around(
          (t) =>
            t.op(
              'Resize',
              [t.x, t.values([8], [0, 0, 0.1, 0.1, 1, 1, 0.9, 0.9]), t.values([4], [1, 1, 2, 2])],
              {
                mode: 'linear',
                coordinate_transformation_mode: 'tf_crop_and_resize',
              },
            ),
          image(2, 5, 5, 13),
        ),
      'tf_crop_and_resize',
    ],
  ];
  it.each(cases)('%s', (_name, build, attribute) => {
    const model = parseOnnxModel(build());
    const name = model.graph.node!.find((n) => n.opType === 'Resize')!.name!;
    try {
      buildGradientModel(model);
      expect.unreachable();
    } catch (error) {
      expect(isSnowblindError(error, 'UNSUPPORTED_OP')).toBe(true);
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).toContain(attribute);
    }
  });
});
