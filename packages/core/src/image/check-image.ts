import { SnowblindError } from '../errors.js';
import type { RgbImage } from './types.js';

/**
 * Throws `BAD_INPUT` unless `image` is a well-formed {@link RgbImage}: positive integer sizes,
 * 1, 3 or 4 channels and exactly `height × width × channels` bytes. Images reach this module from
 * other code (noise generators, user callbacks), so a wrong buffer must fail with a clear message
 * instead of reading out of bounds as NaN-producing `undefined`.
 * @internal
 */
export function checkImage(image: RgbImage, what = 'image'): void {
  const { width, height, channels, data } = image ?? ({} as RgbImage);
  if (!(data instanceof Uint8Array)) {
    throw new SnowblindError('BAD_INPUT', `${what}.data must be a Uint8Array`, {
      hint: 'Pass an RgbImage { data: Uint8Array, width, height, channels } (HWC bytes), e.g. from decodeImage().',
    });
  }
  if (!isPositiveInt(width) || !isPositiveInt(height)) {
    throw new SnowblindError('BAD_INPUT', `${what} has invalid size ${width}×${height}`, {
      hint: 'Width and height must be positive integers.',
    });
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new SnowblindError('BAD_INPUT', `${what} has ${channels} channels`, {
      hint: 'Use 1 (gray), 3 (RGB) or 4 (RGBA) channels.',
    });
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new SnowblindError(
      'BAD_INPUT',
      `${what} has ${data.length} bytes, expected ${height}×${width}×${channels} = ${expected}`,
      { hint: 'The data must be row-major HWC bytes with no padding.' },
    );
  }
}

/** Throws `BAD_INPUT` unless `value` is an integer in 1..max. @internal */
export function checkSize(value: number, name: string, max = 16384): void {
  if (!isPositiveInt(value) || value > max) {
    throw new SnowblindError('BAD_INPUT', `${name} must be an integer in 1..${max}, got ${value}`, {
      hint: `Choose a ${name} between 1 and ${max} pixels.`,
    });
  }
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
