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
 *   integers (they stay below 2^31, and below 2^53 here), rounded by adding half a unit and
 *   shifting, and clipped to 0..255.
 * - The horizontal pass only computes the rows the vertical pass will read.
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

/** Horizontal pass over input rows `rowStart .. rowStart + rows`, into `out` (rows × outWidth). */
function horizontalPass(
  src: Uint8Array,
  width: number,
  channels: number,
  rowStart: number,
  rows: number,
  coeffs: AxisCoefficients,
  outWidth: number,
  out: Uint8Array,
): void {
  const { taps, first, count, weights } = coeffs;
  const srcStride = width * channels;
  const outStride = outWidth * channels;
  for (let y = 0; y < rows; y++) {
    const srcRow = (y + rowStart) * srcStride;
    const outRow = y * outStride;
    for (let x = 0; x < outWidth; x++) {
      const base = srcRow + first[x]! * channels;
      const n = count[x]!;
      const w0 = x * taps;
      for (let c = 0; c < channels; c++) {
        let sum = HALF;
        for (let k = 0; k < n; k++) sum += src[base + k * channels + c]! * weights[w0 + k]!;
        out[outRow + x * channels + c] = clip8(sum);
      }
    }
  }
}

/** Vertical pass; `rowShift` is the first input row present in `src`. */
function verticalPass(
  src: Uint8Array,
  width: number,
  channels: number,
  rowShift: number,
  coeffs: AxisCoefficients,
  outHeight: number,
  out: Uint8Array,
): void {
  const { taps, first, count, weights } = coeffs;
  const stride = width * channels;
  for (let y = 0; y < outHeight; y++) {
    const start = (first[y]! - rowShift) * stride;
    const n = count[y]!;
    const w0 = y * taps;
    const outRow = y * stride;
    for (let i = 0; i < stride; i++) {
      let sum = HALF;
      for (let k = 0; k < n; k++) sum += src[start + k * stride + i]! * weights[w0 + k]!;
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
 * Resample `image` to `height × width` into `out` (length ≥ height·width·channels), or into a new
 * array when `out` is omitted. Sizes are assumed validated by the caller.
 * @internal
 */
export function resampleBilinear(image: RgbImage, height: number, width: number, out?: Uint8Array): RgbImage {
  const { data, channels } = image;
  const size = height * width * channels;
  const target = out ?? new Uint8Array(size);
  const needH = width !== image.width;
  const needV = height !== image.height;
  if (!needH && !needV) {
    target.set(data.subarray(0, size));
    return { data: target, width, height, channels };
  }
  if (!needV) {
    horizontalPass(
      data,
      image.width,
      channels,
      0,
      height,
      axisCoefficients(image.width, width),
      width,
      target,
    );
    return { data: target, width, height, channels };
  }
  const vertical = axisCoefficients(image.height, height);
  if (!needH) {
    verticalPass(data, width, channels, 0, vertical, height, target);
    return { data: target, width, height, channels };
  }
  // Only rows first[0] .. last used row of the vertical pass are needed from the horizontal one.
  const rowStart = vertical.first[0]!;
  const rowEnd = vertical.first[height - 1]! + vertical.count[height - 1]!;
  const temp = scratchBuffer((rowEnd - rowStart) * width * channels);
  horizontalPass(
    data,
    image.width,
    channels,
    rowStart,
    rowEnd - rowStart,
    axisCoefficients(image.width, width),
    width,
    temp,
  );
  verticalPass(temp, width, channels, rowStart, vertical, height, target);
  return { data: target, width, height, channels };
}
