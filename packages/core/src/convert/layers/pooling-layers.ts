/**
 * MaxPooling2D and AveragePooling2D (NCHW; `same` average pooling divides by the pixels inside the
 * image, as TF does: ONNX `count_include_pad = 0`) and the global poolings, with `keepdims`.
 */
import { requireImage } from './conv-layers.js';
import type { LayerContext, LayerRule } from './layer-context.js';
import { nchwName, type TensorValue } from './tensor-value.js';
import { padAttributes, paddingMode, type Window2d, windowOutputSizes } from './window-geometry.js';

function pool(opType: 'MaxPool' | 'AveragePool'): LayerRule {
  return (ctx, [x]) => {
    requireImage(ctx, x!);
    const kernel = ctx.pair('pool_size', 2);
    const strides =
      ctx.get('strides') === null || ctx.get('strides') === undefined ? kernel : ctx.pair('strides', 1);
    const window: Window2d = { kernel, strides, dilations: [1, 1] };
    const padding = paddingMode(ctx);
    const y = ctx.op(opType, [nchwName(ctx.skeleton, x!)], {
      kernel_shape: { ints: [...kernel] },
      strides: { ints: [...strides] },
      ...padAttributes(window, padding, x!.shape),
    });
    return {
      name: y,
      layout: 'nchw',
      shape: [...windowOutputSizes(window, padding, x!.shape), x!.shape[2]!],
    };
  };
}

/**
 * Global pooling over H and W. On an NCHW tensor it is the Global*Pool op; on a tensor still in
 * NHWC (nothing transposed it yet) a reduction over axes 1 and 2 avoids a transpose.
 */
function globalPool(
  global: 'GlobalAveragePool' | 'GlobalMaxPool',
  reduce: 'ReduceMean' | 'ReduceMax',
): LayerRule {
  return (ctx: LayerContext, [x]): TensorValue => {
    requireImage(ctx, x!);
    const keepdims = ctx.get('keepdims') === true;
    const channels = x!.shape[2]!;
    if (x!.layout === 'keras') {
      const y = ctx.op(reduce, [x!.name], { axes: { ints: [1, 2] }, keepdims: { int: keepdims ? 1 : 0 } });
      return { name: y, layout: 'keras', shape: keepdims ? [1, 1, channels] : [channels] };
    }
    const y = ctx.op(global, [x!.name]);
    if (keepdims) return { name: y, layout: 'nchw', shape: [1, 1, channels] };
    return { name: ctx.op('Flatten', [y], { axis: { int: 1 } }), layout: 'keras', shape: [channels] };
  };
}

/** Rules of the pooling family by Keras class name. */
export const POOLING_LAYERS: Readonly<Record<string, LayerRule>> = {
  MaxPooling2D: pool('MaxPool'),
  MaxPool2D: pool('MaxPool'),
  AveragePooling2D: pool('AveragePool'),
  AvgPool2D: pool('AveragePool'),
  GlobalAveragePooling2D: globalPool('GlobalAveragePool', 'ReduceMean'),
  GlobalAvgPool2D: globalPool('GlobalAveragePool', 'ReduceMean'),
  GlobalMaxPooling2D: globalPool('GlobalMaxPool', 'ReduceMax'),
  GlobalMaxPool2D: globalPool('GlobalMaxPool', 'ReduceMax'),
};
