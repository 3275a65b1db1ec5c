import { readFile } from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { SnowblindError } from '../errors.js';
import { checkImage } from './check-image.js';
import { checkImageDimensions, MAX_IMAGE_PIXELS } from './image-limits.js';
import type { RgbImage } from './types.js';

export { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './image-limits.js';

/** Options of {@link decodeImage}. */
export interface DecodeOptions {
  /**
   * Refuse images with more pixels than this, from their header, before decoding.
   * @defaultValue {@link MAX_IMAGE_PIXELS}
   */
  readonly maxPixels?: number;
  /**
   * Turn the pixels upright per the EXIF orientation tag, as photo viewers show them (phone
   * photos are often stored sideways). Off by default: PIL, and so torchvision pipelines, ignore it.
   * @defaultValue false
   */
  readonly autoOrient?: boolean;
}

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
 * - EXIF orientation is not applied (unless `options.autoOrient`) and embedded ICC profiles are
 *   ignored, as in PIL.
 * - Multi-frame files (GIF, TIFF) give their first frame.
 *
 * @param source - A file path, or the encoded bytes (PNG, JPEG, WebP, GIF, TIFF, AVIF/HEIF).
 * @returns An image with `channels: 3`.
 * @throws `FILE_NOT_FOUND` when the path does not exist; `BAD_IMAGE` for unreadable, corrupt or
 *   unsupported data and ("too large", from the header) for images larger than
 *   {@link MAX_IMAGE_SIDE} per side or `options.maxPixels` in all.
 */
export async function decodeImage(
  source: string | Uint8Array,
  options: DecodeOptions = {},
): Promise<RgbImage> {
  const label = typeof source === 'string' ? source : `${source.length}-byte buffer`;
  const bytes = typeof source === 'string' ? await readImageFile(source) : source;
  if (!(bytes instanceof Uint8Array)) {
    throw new SnowblindError('BAD_INPUT', 'decodeImage expects a file path or a Uint8Array', {
      hint: 'Pass the path of a PNG/JPEG file or its bytes.',
    });
  }
  const maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  const decoding = {
    failOn: 'error',
    ignoreIcc: true,
    autoOrient: options.autoOrient ?? false,
    limitInputPixels: maxPixels,
  } as const;

  let meta: Metadata;
  try {
    // metadata() reads the header only, so it runs without sharp's pixel limit: an oversized
    // image then gets our "too large" error instead of sharp's opaque refusal.
    meta = await sharp(bytes, { ...decoding, limitInputPixels: false }).metadata();
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
  checkImageDimensions(label, meta.width ?? 0, meta.height ?? 0, maxPixels);

  let data: Buffer;
  let info: OutputInfo;
  try {
    // No resize or composite is requested, so sharp never premultiplies: removeAlpha() just drops
    // the band, like PIL's convert('RGB'). toColourspace('srgb') expands gray and palettes and
    // maps 16-bit samples to their high byte.
    ({ data, info } = await sharp(bytes, decoding)
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
