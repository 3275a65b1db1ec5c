/**
 * An image input shape without the batch dim (`[H, W, C]`, as TF.js gives it) with the height and
 * width it leaves unknown taken from `imageSize` (the preset's): fully convolutional Keras models
 * and many tfjs-converter exports leave them unknown, and the converted model then has the static
 * sizes ONNX shape inference and the backward graph need. Known sizes stay as they are (a preset
 * that disagrees is refused later as SHAPE_MISMATCH); shapes of another rank are returned as given.
 */
export function withImageSize(
  hwc: readonly (number | null)[],
  imageSize: readonly [number, number] | undefined,
): (number | null)[] {
  if (imageSize === undefined || hwc.length !== 3) return [...hwc];
  const known = (d: number | null): d is number => d !== null && d > 0;
  return [known(hwc[0]!) ? hwc[0]! : imageSize[0], known(hwc[1]!) ? hwc[1]! : imageSize[1], hwc[2]!];
}
