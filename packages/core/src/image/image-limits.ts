import { SnowblindError } from '../errors.js';

/** Largest accepted side of a decoded image, in pixels. */
export const MAX_IMAGE_SIDE = 16384;
/**
 * Largest accepted pixel count by default: where PIL raises `DecompressionBombError`
 * (`2 × Image.MAX_IMAGE_PIXELS`, 178,956,970 pixels, 537 MB of RGB bytes), so nothing a
 * torchvision user could open is refused. A server decoding uploads should pass a lower `maxPixels`.
 */
export const MAX_IMAGE_PIXELS = 2 * Math.floor((1024 * 1024 * 1024) / 4 / 3);

/**
 * Throws `BAD_IMAGE` ("too large", with the limit and a hint) unless a `width × height` image fits
 * in {@link MAX_IMAGE_SIDE} per side and `maxPixels` in all. Called with the header's dimensions,
 * before any pixel is decoded, so an oversized file never allocates its pixel buffer.
 * @internal
 */
export function checkImageDimensions(
  label: string,
  width: number,
  height: number,
  maxPixels: number = MAX_IMAGE_PIXELS,
): void {
  const pixels = width * height;
  if (width <= MAX_IMAGE_SIDE && height <= MAX_IMAGE_SIDE && pixels <= maxPixels) return;
  const side = width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE;
  const what = !side
    ? `${count(pixels)} pixels, the limit is ${count(maxPixels)}`
    : pixels > maxPixels
      ? `the limits are ${MAX_IMAGE_SIDE} pixels per side and ${count(maxPixels)} in all`
      : `the limit is ${MAX_IMAGE_SIDE} pixels per side`;
  throw new SnowblindError('BAD_IMAGE', `${label}: ${width}×${height} is too large (${what})`, {
    hint: `Downscale it (e.g. to ${fitSide(width, height, maxPixels)}, which keeps its aspect ratio); the size was read from its header, nothing was decoded.`,
  });
}

const count = (n: number) => n.toLocaleString('en-US');

/** A `WxH` that keeps the aspect ratio and fits both limits. */
function fitSide(width: number, height: number, maxPixels: number): string {
  const scale = Math.min(
    MAX_IMAGE_SIDE / width,
    MAX_IMAGE_SIDE / height,
    Math.sqrt(maxPixels / (width * height)),
    1,
  );
  return `${Math.max(1, Math.floor(width * scale))}×${Math.max(1, Math.floor(height * scale))}`;
}
