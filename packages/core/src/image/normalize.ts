import type { CropBox } from './center-crop.js';
import type { Preset, RgbImage } from './types.js';
import { type RgbPlanesJob, wasmRgbPlanes } from './wasm-planes.js';

const f32 = Math.fround;

/**
 * Per-channel lookup tables: `table[c * 256 + byte]` is the model value of `byte` in model channel
 * `c`. A byte has only 256 values, so the whole ToTensor + Normalize chain is evaluated once per
 * channel and the per-pixel work is one lookup.
 *
 * Each step is rounded to float32 as PyTorch does it on float32 tensors:
 * `x = f32(byte · scale)`, `d = f32(x − f32(mean))`, `v = f32(d / f32(std))`. Evaluating a single
 * float32 operation in double and rounding once is exact (double has more than 2·24 + 2 bits), and
 * `f32(byte · (1/255))` equals PyTorch's `f32(byte / 255)` for every byte (no quotient k/255 lies
 * near a float32 rounding boundary), so the torchvision preset matches ToTensor + Normalize
 * bit for bit.
 */
const tableCache = new WeakMap<Preset, Float32Array>();

/** The lookup table of `preset` (cached per preset object). @internal */
export function normalizeTable(preset: Preset): Float32Array {
  const cached = tableCache.get(preset);
  if (cached) return cached;
  const channels = preset.mean.length;
  const table = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) {
    const mean = f32(preset.mean[c]!);
    const std = f32(preset.std[c]!);
    for (let b = 0; b < 256; b++) table[c * 256 + b] = f32(f32(b * preset.scale) - mean) / std;
  }
  tableCache.set(preset, table);
  return table;
}

/**
 * For each model channel (in the preset's order), the channel of `image` to read. Gray images
 * feed every model channel (PIL's `convert('RGB')` gives R = G = B); alpha is never read.
 */
function sourceChannels(preset: Preset, imageChannels: number): number[] {
  if (preset.mean.length === 1) return [0];
  if (imageChannels === 1) return [0, 0, 0];
  return preset.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
}

/**
 * Write the `box` region of `image` (zero bytes where the box leaves the image, as torchvision's
 * padded crop) through the preset's lookup tables into `out` at `offset`, in the preset's layout.
 * @internal
 */
export function writeTensor(
  image: RgbImage,
  box: CropBox,
  preset: Preset,
  out: Float32Array,
  offset: number,
): void {
  const table = normalizeTable(preset);
  const src = sourceChannels(preset, image.channels);
  const channels = src.length;
  const { height, width, top, left } = box;
  if (isInside(box, image) && preset.layout === 'NCHW' && channels === 3 && image.channels === 3) {
    const job: RgbPlanesJob = { image, box, table, src, out, offset };
    if (!wasmRgbPlanes(job)) writeRgbPlanes(job);
    return;
  }
  const plane = height * width;
  const nchw = preset.layout === 'NCHW';
  const ic = image.channels;
  const data = image.data;
  // Columns of the box inside the image; outside them (and outside the rows) bytes are zero.
  const x0 = Math.min(width, Math.max(0, -left));
  const x1 = Math.max(x0, Math.min(width, image.width - left));
  // Element steps between neighbouring pixels and channels in the output layout.
  const pixelStep = nchw ? 1 : channels;
  const channelStep = nchw ? plane : 1;
  for (let y = 0; y < height; y++) {
    const sy = y + top;
    const rowInside = sy >= 0 && sy < image.height;
    const rowOut = offset + y * width * pixelStep;
    for (let c = 0; c < channels; c++) {
      const lut = c * 256;
      const pad = table[lut]!;
      let o = rowOut + c * channelStep;
      if (!rowInside) {
        for (let x = 0; x < width; x++, o += pixelStep) out[o] = pad;
        continue;
      }
      for (let x = 0; x < x0; x++, o += pixelStep) out[o] = pad;
      let p = (sy * image.width + x0 + left) * ic + src[c]!;
      for (let x = x0; x < x1; x++, o += pixelStep, p += ic) out[o] = table[lut + data[p]!]!;
      for (let x = x1; x < width; x++, o += pixelStep) out[o] = pad;
    }
  }
}

function isInside(box: CropBox, image: RgbImage): boolean {
  return (
    box.top >= 0 &&
    box.left >= 0 &&
    box.top + box.height <= image.height &&
    box.left + box.width <= image.width
  );
}

/**
 * {@link writeTensor}'s common case, an RGB box inside an RGB image into NCHW: one pass per row
 * writes all three planes (about twice as fast as a pass per channel).
 */
function writeRgbPlanes({ image, box, table, src, out, offset }: RgbPlanesJob): void {
  const { height, width, top, left } = box;
  const plane = height * width;
  const data = image.data;
  const [r, g, b] = src as [number, number, number];
  const t0 = table.subarray(0, 256);
  const t1 = table.subarray(256, 512);
  const t2 = table.subarray(512, 768);
  for (let y = 0; y < height; y++) {
    let p = ((y + top) * image.width + left) * 3;
    let o = offset + y * width;
    for (const end = o + width; o < end; o++, p += 3) {
      out[o] = t0[data[p + r]!]!;
      out[o + plane] = t1[data[p + g]!]!;
      out[o + 2 * plane] = t2[data[p + b]!]!;
    }
  }
}
