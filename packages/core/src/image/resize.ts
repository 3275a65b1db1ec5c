import { checkImage, checkSize } from './check-image.js';
import { resampleBilinear } from './pil-resample.js';
import type { RgbImage } from './types.js';

/**
 * The output size of torchvision 0.14's `Resize(size)` with an int: the shorter side becomes
 * `size` and the longer `int(size * long / short)` (truncated, computed in double like Python).
 * A square image stays square.
 */
export function shorterSideSize(
  height: number,
  width: number,
  size: number,
): [height: number, width: number] {
  if (width <= height) return [Math.trunc((size * height) / width), size];
  return [size, Math.trunc((size * width) / height)];
}

/**
 * Resize so the shorter side is `size` pixels, exactly like torchvision 0.14's `Resize(size)` on a
 * PIL image (PIL 9.4 bilinear with antialiasing; returns a copy when the size does not change).
 *
 * @param image - 8-bit HWC image with 1, 3 or 4 channels (each channel is resampled
 *   independently; alpha is not premultiplied).
 * @param size - Target length of the shorter side, 1..16384.
 */
export function resizeShorter(image: RgbImage, size: number): RgbImage {
  checkImage(image);
  checkSize(size, 'resize size');
  const [height, width] = shorterSideSize(image.height, image.width, size);
  return resampleBilinear(image, height, width);
}

/**
 * Resize to exactly `height × width`, bit-exact with PIL 9.4's
 * `image.resize((width, height), Image.BILINEAR)` on an 8-bit `L` or `RGB` image.
 *
 * @remarks
 * PIL's bilinear filter widens with the downscale factor (antialiasing), so this is not the
 * 2×2-tap bilinear of OpenCV or TF.js `resizeBilinear`.
 */
export function resizeTo(image: RgbImage, height: number, width: number): RgbImage {
  checkImage(image);
  checkSize(height, 'height');
  checkSize(width, 'width');
  return resampleBilinear(image, height, width);
}
