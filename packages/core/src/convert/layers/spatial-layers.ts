/**
 * ZeroPadding2D (Pad), Cropping2D (Slice) and UpSampling2D (Resize: TF.js' resizeNearestNeighbor
 * and resizeBilinear without corner alignment are ONNX's `asymmetric` coordinates).
 */
import { requireImage } from './conv-layers.js';
import type { LayerContext, LayerRule } from './layer-context.js';
import { nchwName, type TensorValue } from './tensor-value.js';

/** `[[top, bottom], [left, right]]` from an int, a symmetric pair or the full form. */
function edges(ctx: LayerContext, key: string): [[number, number], [number, number]] {
  const v = ctx.get(key);
  if (typeof v === 'number')
    return [
      [v, v],
      [v, v],
    ];
  if (Array.isArray(v) && v.length === 2) {
    const [h, w] = v.map((e) => (typeof e === 'number' ? [e, e] : e)) as [number[], number[]];
    if (h.length === 2 && w.length === 2 && [...h, ...w].every((n) => Number.isInteger(n) && n >= 0))
      return [h as [number, number], w as [number, number]];
  }
  throw ctx.unsupported(`${key} ${JSON.stringify(v)}`);
}

const grow = (size: number | null, by: number) => (size === null ? null : size + by);

const zeroPadding2d: LayerRule = (ctx, [x]) => {
  requireImage(ctx, x!);
  const [[top, bottom], [left, right]] = edges(ctx, 'padding');
  const pads = ctx.skeleton.builder.int64([0, 0, top, left, 0, 0, bottom, right]);
  const y = ctx.op('Pad', [nchwName(ctx.skeleton, x!), pads], { mode: 'constant' });
  const [h, w, c] = x!.shape;
  return { name: y, layout: 'nchw', shape: [grow(h!, top + bottom), grow(w!, left + right), c!] };
};

/** Cropping2D: negative Slice ends count from the end, so unknown sizes work too. */
const cropping2d: LayerRule = (ctx, [x]) => {
  requireImage(ctx, x!);
  const [[top, bottom], [left, right]] = edges(ctx, 'cropping');
  const end = (n: number) => (n === 0 ? Number.MAX_SAFE_INTEGER : -n);
  const b = ctx.skeleton.builder;
  const y = ctx.op('Slice', [
    nchwName(ctx.skeleton, x!),
    b.int64([top, left]),
    b.int64([end(bottom), end(right)]),
    b.int64([2, 3]),
  ]);
  const [h, w, c] = x!.shape;
  return { name: y, layout: 'nchw', shape: [grow(h!, -top - bottom), grow(w!, -left - right), c!] };
};

const upSampling2d: LayerRule = (ctx, [x]): TensorValue => {
  requireImage(ctx, x!);
  const [sh, sw] = ctx.pair('size', 2);
  const interpolation = ctx.get('interpolation') ?? 'nearest';
  if (interpolation !== 'nearest' && interpolation !== 'bilinear')
    throw ctx.unsupported(`interpolation ${String(interpolation)}`);
  const b = ctx.skeleton.builder;
  const mode: Record<string, string> =
    interpolation === 'nearest' ? { mode: 'nearest', nearest_mode: 'floor' } : { mode: 'linear' };
  const y = ctx.op('Resize', [nchwName(ctx.skeleton, x!), '', b.float([1, 1, sh, sw])], {
    ...mode,
    coordinate_transformation_mode: 'asymmetric',
  });
  const [h, w, c] = x!.shape;
  return { name: y, layout: 'nchw', shape: [h === null ? null : h! * sh, w === null ? null : w! * sw, c!] };
};

/** Rules of the spatial-resampling family by Keras class name. */
export const SPATIAL_LAYERS: Readonly<Record<string, LayerRule>> = {
  ZeroPadding2D: zeroPadding2d,
  Cropping2D: cropping2d,
  UpSampling2D: upSampling2d,
};
