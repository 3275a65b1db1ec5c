import { checkImage, checkSize } from './check-image.js';
import type { RgbImage } from './types.js';

/** Where a center crop reads from: source offsets (negative when padding) of the crop's origin. */
export interface CropBox {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/** Python 3's `round()` of `n / 2` for an integer `n`: halves go to the even neighbour. */
function roundHalfOfInt(n: number): number {
  const q = Math.floor(n / 2);
  if (n % 2 === 0) return q;
  return q % 2 === 0 ? q : q + 1;
}

/**
 * torchvision 0.14's center-crop offsets for one axis. A crop larger than the image is padded
 * with `(crop - size) // 2` zeros before (and the rest after), so the origin is negative; a
 * smaller crop starts at `int(round((size - crop) / 2))` with Python's half-to-even rounding
 * (e.g. 33 / 2 = 16.5 → 16, 35 / 2 = 17.5 → 18).
 */
function cropStart(size: number, crop: number): number {
  if (crop > size) return -Math.floor((crop - size) / 2);
  return roundHalfOfInt(size - crop);
}

/** The box `centerCrop` takes from an `imageHeight × imageWidth` image. */
export function centerCropBox(
  imageHeight: number,
  imageWidth: number,
  height: number,
  width: number,
): CropBox {
  return { top: cropStart(imageHeight, height), left: cropStart(imageWidth, width), height, width };
}

/**
 * Crop the center `height × width`, exactly like torchvision 0.14's `CenterCrop` on a PIL image:
 * `top = round((H − height) / 2)` with Python's round-half-to-even, and zero padding when the
 * crop is larger than the image.
 */
export function centerCrop(image: RgbImage, height: number, width: number): RgbImage {
  checkImage(image);
  checkSize(height, 'crop height');
  checkSize(width, 'crop width');
  const box = centerCropBox(image.height, image.width, height, width);
  const { channels } = image;
  const out = new Uint8Array(height * width * channels);
  const srcStride = image.width * channels;
  // Columns of the crop that fall inside the image; the rest stay zero (padding).
  const x0 = Math.max(0, -box.left);
  const x1 = Math.min(width, image.width - box.left);
  for (let y = 0; y < height; y++) {
    const sy = y + box.top;
    if (sy < 0 || sy >= image.height || x1 <= x0) continue;
    const from = sy * srcStride + (x0 + box.left) * channels;
    out.set(image.data.subarray(from, from + (x1 - x0) * channels), (y * width + x0) * channels);
  }
  return { data: out, width, height, channels };
}
