import { SnowblindError } from '../errors.js';
import type { Layout } from '../image/types.js';
import { uniformStream } from './random.js';
import type { ForwardModel } from './types.js';

/**
 * The reference input x′ that path and perturbation methods compare against.
 *
 * - `'zero'` or a number: every feature set to that constant (Captum's scalar baseline);
 * - `Float32Array`: one example (`inputSize`, broadcast to all) or one per example
 *   (`n × inputSize`), in the model layout;
 * - `'uniform'` / `{ type: 'uniform', low, high, seed }`: seeded uniform noise, by default over
 *   each example's own [min, max] range (so it suits normalised inputs), seed 0;
 * - `'blur'` / `{ type: 'blur', sigma, layout }`: the input blurred per channel by a Gaussian
 *   (scipy.ndimage.gaussian_filter semantics: truncate 4σ, mirrored 'reflect' edges), by
 *   default σ = 5 pixels in NCHW; needs the model's `inputShape`.
 */
export type Baseline =
  | 'zero'
  | number
  | Float32Array
  | 'uniform'
  | 'blur'
  | { readonly type: 'uniform'; readonly low?: number; readonly high?: number; readonly seed?: number }
  | { readonly type: 'blur'; readonly sigma?: number; readonly layout?: Layout };

/** Default σ (pixels) of the `'blur'` baseline. */
export const DEFAULT_BLUR_SIGMA = 5;

/** The baseline as `n × inputSize` floats, one per example of `input`. */
export function resolveBaseline(
  model: ForwardModel,
  input: Float32Array,
  n: number,
  baseline: Baseline = 'zero',
): Float32Array {
  const size = model.inputSize;
  if (baseline === 'zero') return new Float32Array(n * size);
  if (typeof baseline === 'number') return new Float32Array(n * size).fill(baseline);
  if (baseline instanceof Float32Array) {
    if (baseline.length === n * size) return baseline;
    if (baseline.length === size) {
      const out = new Float32Array(n * size);
      for (let i = 0; i < n; i++) out.set(baseline, i * size);
      return out;
    }
    throw new SnowblindError(
      'SHAPE_MISMATCH',
      `baseline has ${baseline.length} floats; expected ${size} (one example) or ${n * size}`,
    );
  }
  const spec =
    baseline === 'uniform'
      ? { type: 'uniform' as const }
      : baseline === 'blur'
        ? { type: 'blur' as const }
        : baseline;
  if (spec.type === 'uniform') return uniformBaseline(input, n, size, spec);
  if (spec.type === 'blur') return blurBaseline(model, input, n, spec);
  throw new SnowblindError('BAD_INPUT', `unknown baseline ${JSON.stringify(baseline)}`, {
    hint: "use 'zero', a number, 'uniform', 'blur' or a Float32Array",
  });
}

function uniformBaseline(
  input: Float32Array,
  n: number,
  size: number,
  spec: { low?: number; high?: number; seed?: number },
): Float32Array {
  const next = uniformStream(spec.seed ?? 0);
  const out = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const example = input.subarray(i * size, (i + 1) * size);
    let low = spec.low;
    let high = spec.high;
    if (low === undefined || high === undefined) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of example) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      low ??= min;
      high ??= max;
    }
    for (let j = 0; j < size; j++) out[i * size + j] = low + (high - low) * next();
  }
  return out;
}

/** scipy's 1-D Gaussian kernel: radius ⌊4σ + ½⌋, normalised to sum 1. */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const v = Math.exp((-0.5 * k * k) / (sigma * sigma));
    kernel[k + radius] = v;
    sum += v;
  }
  return kernel.map((v) => v / sum);
}

/** Index into [0, len) mirrored with the edge repeated (scipy mode 'reflect'). */
function reflect(i: number, len: number): number {
  const period = 2 * len;
  let j = ((i % period) + period) % period;
  if (j >= len) j = period - 1 - j;
  return j;
}

function blurBaseline(
  model: ForwardModel,
  input: Float32Array,
  n: number,
  spec: { sigma?: number; layout?: Layout },
): Float32Array {
  const shape = model.inputShape;
  if (shape?.length !== 3) {
    throw new SnowblindError('BAD_INPUT', "the 'blur' baseline needs an image model with a 3-D inputShape", {
      hint: 'give the model an inputShape such as [3, 224, 224], or pass the baseline as a Float32Array',
    });
  }
  const sigma = spec.sigma ?? DEFAULT_BLUR_SIGMA;
  if (!(sigma > 0)) throw new SnowblindError('BAD_INPUT', `blur sigma must be > 0, got ${sigma}`);
  const nchw = (spec.layout ?? 'NCHW') === 'NCHW';
  const [c, h, w] = nchw ? [shape[0]!, shape[1]!, shape[2]!] : [shape[2]!, shape[0]!, shape[1]!];
  // Strides (in floats) of channel, row and column inside one example.
  const [sc, sy, sx] = nchw ? [h * w, w, 1] : [1, w * c, c];
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const out = new Float32Array(input.length);
  const rows = new Float64Array(h * w);
  for (let e = 0; e < n; e++) {
    const base = e * model.inputSize;
    for (let ch = 0; ch < c; ch++) {
      // Separable: along rows (x) into `rows`, then along columns (y) into `out`.
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let acc = 0;
          for (let k = -radius; k <= radius; k++) {
            acc += kernel[k + radius]! * input[base + ch * sc + y * sy + reflect(x + k, w) * sx]!;
          }
          rows[y * w + x] = acc;
        }
      }
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let acc = 0;
          for (let k = -radius; k <= radius; k++)
            acc += kernel[k + radius]! * rows[reflect(y + k, h) * w + x]!;
          out[base + ch * sc + y * sy + x * sx] = acc;
        }
      }
    }
  }
  return out;
}
