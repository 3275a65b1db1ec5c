import { readFile } from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { SnowblindError } from '../errors.js';
import { checkImage } from './check-image.js';
import type { RgbImage } from './types.js';

/** Largest accepted side of a decoded image, in pixels. */
export const MAX_IMAGE_SIDE = 16384;
/** Largest accepted pixel count (a 16384 × 16384 RGB image is already 805 MB of bytes). */
export const MAX_IMAGE_PIXELS = 16384 * 16384;

/** Raster formats accepted from sharp. SVG/PDF are rendered, not decoded, and PIL reads neither. */
const FORMATS = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff', 'avif', 'heif']);

/**
 * Decode an image file or its bytes into 8-bit RGB, matching what torchvision users get from
 * `PIL.Image.open(path).convert('RGB')`.
 *
 * - Alpha is dropped, not composited: a transparent pixel keeps its stored colour.
 * - Gray (and gray + alpha) is expanded to R = G = B; palettes are expanded to their colours.
 * - 16-bit samples keep their high byte (PIL does this for 16-bit RGB; for 16-bit gray PIL
 *   clips values above 255 instead, a quirk we do not reproduce).
 * - EXIF orientation is not applied and embedded ICC profiles are ignored, as in PIL.
 * - Multi-frame files (GIF, TIFF) give their first frame.
 *
 * @param source - A file path, or the encoded bytes (PNG, JPEG, WebP, GIF, TIFF, AVIF/HEIF).
 * @returns An image with `channels: 3`.
 * @throws `FILE_NOT_FOUND` when the path does not exist; `BAD_IMAGE` for unreadable, corrupt or
 *   unsupported data and for images larger than {@link MAX_IMAGE_SIDE} per side.
 */
export async function decodeImage(source: string | Uint8Array): Promise<RgbImage> {
  const label = typeof source === 'string' ? source : `${source.length}-byte buffer`;
  const bytes = typeof source === 'string' ? await readImageFile(source) : source;
  if (!(bytes instanceof Uint8Array)) {
    throw new SnowblindError('BAD_INPUT', 'decodeImage expects a file path or a Uint8Array', {
      hint: 'Pass the path of a PNG/JPEG file or its bytes.',
    });
  }
  const options = {
    failOn: 'error',
    ignoreIcc: true,
    autoOrient: false,
    limitInputPixels: MAX_IMAGE_PIXELS,
  } as const;

  let meta: Metadata;
  try {
    meta = await sharp(bytes, options).metadata();
  } catch (cause) {
    throw badImage(label, 'is not a readable image', cause);
  }
  if (!meta.format || !FORMATS.has(meta.format)) {
    throw new SnowblindError(
      'BAD_IMAGE',
      `${label}: unsupported image format ${meta.format ?? '(unknown)'}`,
      {
        hint: `Convert it to PNG or JPEG (supported: ${[...FORMATS].join(', ')}).`,
      },
    );
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new SnowblindError('BAD_IMAGE', `${label}: ${width}×${height} is too large`, {
      hint: `Downscale it so that each side is at most ${MAX_IMAGE_SIDE} pixels.`,
    });
  }

  let data: Buffer;
  let info: OutputInfo;
  try {
    // No resize or composite is requested, so sharp never premultiplies: removeAlpha() just drops
    // the band, like PIL's convert('RGB'). toColourspace('srgb') expands gray and palettes and
    // maps 16-bit samples to their high byte.
    ({ data, info } = await sharp(bytes, options)
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true }));
  } catch (cause) {
    throw badImage(label, 'could not be decoded (corrupt or truncated?)', cause);
  }
  if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
    throw new SnowblindError('BAD_IMAGE', `${label}: decoded to ${info.channels} channels, expected RGB`, {
      hint: 'Convert the image to 8-bit RGB PNG or JPEG.',
    });
  }
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

/**
 * Encode an image as PNG (lossless; 1, 3 or 4 channels become gray, RGB or RGBA PNGs). Used to
 * save noise samples so they can be re-read bit for bit.
 */
export async function encodePng(image: RgbImage): Promise<Uint8Array> {
  checkImage(image);
  const { data, width, height, channels } = image;
  try {
    const png = await sharp(data, { raw: { width, height, channels } }).png().toBuffer();
    return new Uint8Array(png.buffer, png.byteOffset, png.length);
  } catch (cause) {
    throw new SnowblindError('BAD_IMAGE', `could not encode a ${width}×${height}×${channels} image as PNG`, {
      hint: 'Check the image dimensions; PNG sides are limited to 2^31 − 1 pixels.',
      cause,
    });
  }
}

async function readImageFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new SnowblindError('FILE_NOT_FOUND', `image not found: ${path}`, {
        hint: 'Check the path (relative paths are resolved from the current directory).',
        cause,
      });
    }
    throw new SnowblindError('BAD_IMAGE', `cannot read image ${path}: ${code ?? 'read error'}`, {
      hint: code === 'EISDIR' ? 'Pass an image file, not a directory.' : 'Check that the file is readable.',
      cause,
    });
  }
}

function badImage(label: string, what: string, cause: unknown): SnowblindError {
  // The library message goes into `cause` only: users see our sentence and hint.
  return new SnowblindError('BAD_IMAGE', `${label} ${what}`, {
    hint: 'Use a valid PNG or JPEG file; re-export it if it was truncated or partially downloaded.',
    cause,
  });
}
