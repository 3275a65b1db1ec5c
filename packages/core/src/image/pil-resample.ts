/**
 * Bilinear resampling that reproduces Pillow 9.4's `Image.resize(size, Image.BILINEAR)` on 8-bit
 * images bit for bit, which is what torchvision 0.14's `Resize` runs for PIL input.
 *
 * Pillow's algorithm (written here from its documented behaviour, not its source):
 * - Separable: a horizontal pass into an 8-bit temporary image, then a vertical pass. The
 *   temporary is rounded to bytes, so the order of the passes changes the result; Pillow always
 *   runs the horizontal one first and skips a pass whose axis keeps its size.
 * - Each output sample is a triangle-filter average over the input samples whose centres fall
 *   within `support` of the output centre; when downscaling the support (and the filter) is
 *   stretched by the scale factor, which is the antialiasing.
 * - Weights are computed in double, normalised to sum to one, then turned into fixed-point
 *   integers with 22 fractional bits (`0.5` added then truncated toward zero). The sums are exact
 *   int32 integers (they stay below 2^31), rounded by adding half a unit and shifting, and
 *   clipped to 0..255.
 * - The horizontal pass only computes the rows the vertical pass will read (an optimisation that
 *   cannot change any value; we extend it to columns when only a window is wanted).
 */
import type { RgbImage } from './types.js';

/** Fractional bits of Pillow's fixed-point weights for 8-bit images (32 − 8 − 2). */
const PRECISION_BITS = 22;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);
/** Sums at or above this clip to 255. */
const CLIP_HIGH = 255 * ONE + ONE;

/** The taps of one axis: output i reads `count[i]` inputs from `first[i]` with `weights[i * taps + k]`. */
interface AxisCoefficients {
  readonly taps: number;
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly weights: Int32Array;
}

/** Bilinear (triangle) filter with support 1. */
function triangle(x: number): number {
  const a = x < 0 ? -x : x;
  return a < 1 ? 1 - a : 0;
}

const coefficientCache = new Map<string, AxisCoefficients>();

/** Fixed-point weights mapping `inSize` samples to `outSize` (Pillow's default box: the whole axis). */
function axisCoefficients(inSize: number, outSize: number): AxisCoefficients {
  const key = `${inSize}:${outSize}`;
  const cached = coefficientCache.get(key);
  if (cached) return cached;

  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // triangle support (1) times the stretch
  const taps = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * taps);
  const inverse = 1 / filterScale;
  const row = new Float64Array(taps);

  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    // Math.trunc mirrors a C (int) cast: truncation toward zero, before the clamp.
    let lo = Math.trunc(center - support + 0.5);
    if (lo < 0) lo = 0;
    let hi = Math.trunc(center + support + 0.5);
    if (hi > inSize) hi = inSize;
    const n = hi - lo;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const w = triangle((k + lo - center + 0.5) * inverse);
      row[k] = w;
      total += w;
    }
    for (let k = 0; k < n; k++) {
      const w = total !== 0 ? row[k]! / total : row[k]!;
      // Round half away from zero, then truncate, exactly as the C conversion does.
      weights[i * taps + k] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    first[i] = lo;
    count[i] = n;
  }
  const result = { taps, first, count, weights };
  if (coefficientCache.size > 64) coefficientCache.clear();
  coefficientCache.set(key, result);
  return result;
}

function clip8(sum: number): number {
  if (sum >= CLIP_HIGH) return 255;
  if (sum <= 0) return 0;
  return sum >>> PRECISION_BITS;
}

/** An output-space rectangle: only these output samples are computed. */
export interface ResampleWindow {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/**
 * Horizontal pass: input rows `rowStart .. rowStart + rows`, output columns
 * `colStart .. colStart + cols`, into `out` (rows × cols × channels).
 */
function horizontalPass(
  src: Uint8Array,
  srcWidth: number,
  channels: number,
  rowStart: number,
  rows: number,
  coeffs: AxisCoefficients,
  colStart: number,
  cols: number,
  out: Uint8Array,
): void {
  const { taps, first, count, weights } = coeffs;
  const srcStride = srcWidth * channels;
  const outStride = cols * channels;
  for (let y = 0; y < rows; y++) {
    const srcRow = (y + rowStart) * srcStride;
    const outRow = y * outStride;
    for (let j = 0; j < cols; j++) {
      const x = j + colStart;
      const base = srcRow + first[x]! * channels;
      const n = count[x]!;
      const w0 = x * taps;
      const o = outRow + j * channels;
      // Sums stay below 2^31 (255 · 2^22 plus rounding), so int32 arithmetic is exact.
      if (channels === 3) {
        // The common RGB case: three sums in one sweep over the taps.
        let r = HALF;
        let g = HALF;
        let b = HALF;
        for (let k = 0, p = base; k < n; k++, p += 3) {
          const w = weights[w0 + k]!;
          r = (r + Math.imul(src[p]!, w)) | 0;
          g = (g + Math.imul(src[p + 1]!, w)) | 0;
          b = (b + Math.imul(src[p + 2]!, w)) | 0;
        }
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
        continue;
      }
      for (let c = 0; c < channels; c++) {
        let sum = HALF;
        for (let k = 0; k < n; k++)
          sum = (sum + Math.imul(src[base + k * channels + c]!, weights[w0 + k]!)) | 0;
        out[o + c] = clip8(sum);
      }
    }
  }
}

/**
 * Vertical pass: output rows `rowStart .. rowStart + rows`. `src` holds input rows from
 * `srcRowShift` on, `srcStride` bytes apart; each output row reads `rowBytes` bytes starting at
 * byte `colByte` of those rows.
 */
function verticalPass(
  src: Uint8Array,
  srcStride: number,
  srcRowShift: number,
  colByte: number,
  rowBytes: number,
  coeffs: AxisCoefficients,
  rowStart: number,
  rows: number,
  out: Uint8Array,
): void {
  const { taps, first, count, weights } = coeffs;
  for (let j = 0; j < rows; j++) {
    const y = j + rowStart;
    const start = (first[y]! - srcRowShift) * srcStride + colByte;
    const n = count[y]!;
    const w0 = y * taps;
    const outRow = j * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      let sum = HALF;
      for (let k = 0; k < n; k++)
        sum = (sum + Math.imul(src[start + k * srcStride + i]!, weights[w0 + k]!)) | 0;
      out[outRow + i] = clip8(sum);
    }
  }
}

let scratch = new Uint8Array(0);

/** A reusable temporary of at least `size` bytes (resizing is synchronous, so one is enough). */
function scratchBuffer(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(size);
  return scratch;
}

/**
 * Resample `image` to `height × width` and return the `window` of the result (the whole image by
 * default) in `out` (or a new array). Every output sample depends only on its own row's and
 * column's taps, so computing a window gives exactly the same bytes as cropping the full result —
 * preprocessing uses this to skip the pixels the center crop throws away. Sizes are assumed
 * validated by the caller and the window to lie inside `height × width`.
 * @internal
 */
export function resampleBilinear(
  image: RgbImage,
  height: number,
  width: number,
  out?: Uint8Array,
  window: ResampleWindow = { top: 0, left: 0, height, width },
): RgbImage {
  const { data, channels } = image;
  const { top, left } = window;
  const target = out ?? new Uint8Array(window.height * window.width * channels);
  const result = { data: target, width: window.width, height: window.height, channels };
  const rowBytes = window.width * channels;
  const needH = width !== image.width;
  const needV = height !== image.height;
  if (!needH && !needV) {
    for (let y = 0; y < window.height; y++) {
      const from = ((y + top) * image.width + left) * channels;
      target.set(data.subarray(from, from + rowBytes), y * rowBytes);
    }
    return result;
  }
  const horizontal = needH ? axisCoefficients(image.width, width) : null;
  if (!needV) {
    horizontalPass(data, image.width, channels, top, window.height, horizontal!, left, window.width, target);
    return result;
  }
  const vertical = axisCoefficients(image.height, height);
  const srcStride = image.width * channels;
  if (!horizontal) {
    verticalPass(data, srcStride, 0, left * channels, rowBytes, vertical, top, window.height, target);
    return result;
  }
  // The horizontal pass only computes the input rows the window's output rows read.
  const last = top + window.height - 1;
  const rowStart = vertical.first[top]!;
  const rowEnd = vertical.first[last]! + vertical.count[last]!;
  const temp = scratchBuffer((rowEnd - rowStart) * rowBytes);
  horizontalPass(
    data,
    image.width,
    channels,
    rowStart,
    rowEnd - rowStart,
    horizontal,
    left,
    window.width,
    temp,
  );
  verticalPass(temp, rowBytes, rowStart, 0, rowBytes, vertical, top, window.height, target);
  return result;
}
