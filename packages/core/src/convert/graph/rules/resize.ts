/**
 * ResizeBilinear and ResizeNearestNeighbor (to a constant size) as ONNX Resize on NCHW data, with
 * tfjs's coordinate rules: `align_corners`, `half_pixel_centers` (for nearest neighbours TF's own
 * half-pixel form), else asymmetric; nearest rounds half up with aligned corners, else floors.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphOpRule } from '../conversion.js';
import { attrBool, describeNode } from '../graph-def.js';
import { NCHW } from '../layout.js';

/**
 * The float32 scale onnxruntime turns back into `to` from `from` (it floors `from × scale` in
 * float32): to/from, nudged up one ulp at a time while rounding would lose a pixel.
 */
export function resizeScale(from: number, to: number): number {
  const bits = new Float32Array(1);
  const word = new Uint32Array(bits.buffer);
  bits[0] = to / from;
  while (Math.floor(Math.fround(from * bits[0]!)) < to) word[0]! += 1;
  return bits[0]!;
}

const resize =
  (mode: 'linear' | 'nearest'): GraphOpRule =>
  (ctx, node) => {
    const x = ctx.tensorInput(node, 0);
    const [height, width] = ctx.knownInts(node, 1);
    const [n, h, w, c] = x.shape;
    if (x.shape.length !== 4 || h === null || w === null || height === undefined || width === undefined) {
      throw unconverted(`${describeNode(node)} of an input without a known height and width`);
    }
    const alignCorners = attrBool(node, 'align_corners', false);
    const halfPixel = attrBool(node, 'half_pixel_centers', false);
    const coordinates = alignCorners
      ? 'align_corners'
      : halfPixel
        ? mode === 'linear'
          ? 'half_pixel'
          : 'tf_half_pixel_for_nn'
        : 'asymmetric';
    const scales = ctx.b.float([1, 1, resizeScale(h!, height), resizeScale(w!, width)]);
    return ctx.emit(
      'Resize',
      [ctx.onnx(x, NCHW), '', scales],
      {
        mode,
        coordinate_transformation_mode: coordinates,
        nearest_mode: alignCorners ? 'round_prefer_ceil' : 'floor',
      },
      [n!, height, width, c!],
      NCHW,
    );
  };

/** Rules for resizing, by TF op name. */
export const RESIZE_RULES: Readonly<Record<string, GraphOpRule>> = {
  ResizeBilinear: resize('linear'),
  ResizeNearestNeighbor: resize('nearest'),
};
