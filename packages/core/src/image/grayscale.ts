import { checkImage } from './check-image.js';
import type { RgbImage } from './types.js';

/**
 * Luma of one RGB pixel as PIL computes it for `convert('L')`: ITU-R 601-2 weights
 * (0.299, 0.587, 0.114) in 16-bit fixed point (19595 + 38470 + 7471 = 65536), rounded by adding
 * 0x8000 before the shift. Floating-point weights would disagree with PIL on some pixels.
 */
export function pilLuma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
}

/**
 * Convert to one channel exactly like PIL's `image.convert('L')` (alpha, if any, is ignored as
 * PIL does for `RGBA → L`). A one-channel image is returned as is.
 */
export function toGrayscale(image: RgbImage): RgbImage {
  checkImage(image);
  if (image.channels === 1) return image;
  const { data, width, height, channels } = image;
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    out[i] = pilLuma(data[p]!, data[p + 1]!, data[p + 2]!);
  }
  return { data: out, width, height, channels: 1 };
}
