import { SnowblindError } from '../errors.js';
import { type CropBox, centerCropBox } from './center-crop.js';
import { checkImage } from './check-image.js';
import { toGrayscale } from './grayscale.js';
import { writeTensor } from './normalize.js';
import { resampleBilinear } from './pil-resample.js';
import { shorterSideSize } from './resize.js';
import type { Preset, RgbImage } from './types.js';

/** Per-image tensor dimensions after preprocessing. */
export interface InputShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** `height × width × channels`: the number of floats one image occupies in a batch. */
  readonly size: number;
}

/** Number of model input channels a preset produces: 1 when grayscale, else 3. */
function presetChannels(preset: Preset): number {
  return preset.grayscale ? 1 : 3;
}

/**
 * The per-image tensor dimensions a preset produces: the crop size, or the exact resize size when
 * there is no crop.
 *
 * @param channels - The model's input channel count, checked against the preset when given.
 * @throws `BAD_PRESET` when neither crop nor an exact `[height, width]` resize fixes the size
 *   (e.g. resize-shorter-side only), or when `channels` disagrees with the preset.
 */
export function inputShape(preset: Preset, channels?: number): InputShape {
  const c = presetChannels(preset);
  if (channels !== undefined && channels !== c) {
    throw new SnowblindError(
      'BAD_PRESET',
      `preset "${preset.name}" produces ${c} channel(s) but the model takes ${channels}`,
      {
        hint:
          c === 1 ? 'Use a preset with grayscale: false.' : 'Use a grayscale preset such as fashion-mnist.',
      },
    );
  }
  const fixed = preset.crop ?? (Array.isArray(preset.resize) ? preset.resize : null);
  if (!fixed) {
    throw new SnowblindError('BAD_PRESET', `preset "${preset.name}" does not fix the input size`, {
      hint: 'Give the preset a crop [height, width] or an exact resize [height, width].',
    });
  }
  const [height, width] = fixed as readonly [number, number];
  return { height, width, channels: c, size: height * width * c };
}

let resizeScratch = new Uint8Array(0);

/** The size the preset resizes a height × width image to. */
function resizedSize(preset: Preset, height: number, width: number): readonly [number, number] {
  if (preset.resize === null) return [height, width];
  if (typeof preset.resize === 'number') return shorterSideSize(height, width, preset.resize);
  return preset.resize as readonly [number, number];
}

/** The preset's crop of a height × width (resized) image, or all of it. */
function cropBox(preset: Preset, height: number, width: number): CropBox {
  return preset.crop
    ? centerCropBox(height, width, preset.crop[0], preset.crop[1])
    : { top: 0, left: 0, height, width };
}

/**
 * The pixels of a height × width source image that {@link preprocess} reads, when that is not
 * all of them: the crop of an image the preset does not resize (the reference experiment's
 * 256 × 256 noise cropped to 224 × 224). `null` when every pixel can matter (a resize reads
 * them all, grayscale conversion too, a crop as large as the image).
 */
export function readRegion(preset: Preset, height: number, width: number): CropBox | null {
  if (preset.grayscale) return null;
  const [h, w] = resizedSize(preset, height, width);
  if (h !== height || w !== width) return null;
  const box = cropBox(preset, height, width);
  const top = Math.max(0, box.top);
  const left = Math.max(0, box.left);
  const bottom = Math.min(height, box.top + box.height);
  const right = Math.min(width, box.left + box.width);
  if (top === 0 && left === 0 && bottom === height && right === width) return null;
  return { top, left, height: Math.max(0, bottom - top), width: Math.max(0, right - left) };
}

/**
 * Grayscale, resize and locate the crop. Only the part of the resized image that the crop keeps
 * is computed (bit-identical to resizing everything, see `resampleBilinear`); it lives in a
 * scratch buffer that the next call reuses. `box` is relative to the returned image.
 */
function prepare(image: RgbImage, preset: Preset): { src: RgbImage; box: CropBox } {
  const src = preset.grayscale ? toGrayscale(image) : image;
  const [height, width] = resizedSize(preset, src.height, src.width);
  const box = cropBox(preset, height, width);
  // torchvision returns the image untouched when the size is unchanged.
  if (height === src.height && width === src.width) return { src, box };
  // The crop box may extend past the resized image (zero padding): compute only the overlap.
  const top = Math.max(0, box.top);
  const left = Math.max(0, box.left);
  const window = {
    top,
    left,
    height: Math.min(height, box.top + box.height) - top,
    width: Math.min(width, box.left + box.width) - left,
  };
  const bytes = window.height * window.width * src.channels;
  if (resizeScratch.length < bytes) resizeScratch = new Uint8Array(bytes);
  const resized = resampleBilinear(src, height, width, resizeScratch, window);
  return { src: resized, box: { ...box, top: box.top - top, left: box.left - left } };
}

/**
 * Preprocess one image into a new tensor, exactly as torchvision's
 * `Compose([Resize, CenterCrop, ToTensor, Normalize])` generalised by the preset:
 * grayscale (PIL `L`) → resize (PIL bilinear) → center crop (zero padded) → channel order →
 * `(byte · scale − mean[c]) / std[c]` in float32 → NCHW or NHWC.
 *
 * Gray input feeds all three channels of an RGB preset; an alpha channel is ignored.
 * For the `torchvision` preset the result is bit-identical to torchvision 0.14 with PIL 9.4.
 */
export function preprocess(image: RgbImage, preset: Preset): Float32Array {
  checkImage(image);
  const { src, box } = prepare(image, preset);
  const out = new Float32Array(box.height * box.width * presetChannels(preset));
  writeTensor(src, box, preset, out, 0);
  return out;
}

/**
 * Like {@link preprocess}, but writes the image into an existing batch buffer at element
 * `offset` (e.g. `i * inputShape(preset).size`) without allocating the output.
 *
 * @throws `BAD_INPUT` when the result would not fit in `out` at `offset`.
 */
export function preprocessInto(image: RgbImage, preset: Preset, out: Float32Array, offset: number): void {
  checkImage(image);
  const { src, box } = prepare(image, preset);
  const size = box.height * box.width * presetChannels(preset);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > out.length) {
    throw new SnowblindError(
      'BAD_INPUT',
      `cannot write ${size} values at offset ${offset} into a buffer of ${out.length}`,
      { hint: 'Allocate batch × inputShape(preset).size floats and pass offset = index × size.' },
    );
  }
  writeTensor(src, box, preset, out, offset);
}
