import type { OnnxModel } from '../onnx/types.js';

/**
 * Give a converted model's NHWC image input the preset's height and width where the TF.js model
 * left them unknown (`[null, null, null, 3]`, as fully convolutional Keras models and many
 * tfjs-converter exports do): ONNX shape inference then knows every activation's size, which the
 * backward graph needs, and the preset feeds that size anyway. Known sizes are left as they are
 * (a preset that disagrees is refused later as SHAPE_MISMATCH). Mutates and returns `model`.
 */
export function withStaticImageSize(
  model: OnnxModel,
  size: readonly [number, number] | undefined,
): OnnxModel {
  const dims = model.graph.input?.[0]?.type?.tensorType?.shape?.dim;
  if (size === undefined || dims?.length !== 4) return model;
  for (const [axis, value] of [
    [1, size[0]],
    [2, size[1]],
  ] as const) {
    const known = dims[axis]?.dimValue;
    if (!(typeof known === 'number' && known > 0)) dims[axis] = { dimValue: value };
  }
  return model;
}
