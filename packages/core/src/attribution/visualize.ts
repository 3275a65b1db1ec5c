import { SnowblindError } from '../errors.js';
import type { Layout, RgbImage } from '../image/types.js';
import { BLUES, type Colormap, colorAt, GRAY, GREENS, RED_WHITE_GREEN, REDS } from './colormaps.js';
import { channelSum, normalizeAttribution, type VisualizeSign } from './threshold.js';

/** How a panel shows attributions (Captum's `method`). */
export const VISUALIZE_METHODS = ['heat_map', 'blended_heat_map', 'original_image', 'masked_image'] as const;

/** One of {@link VISUALIZE_METHODS}. */
export type VisualizeMethod = (typeof VISUALIZE_METHODS)[number];

/** Options of {@link visualizeImageAttr}. */
export interface VisualizeOptions {
  /** @defaultValue `'heat_map'` */
  readonly method?: VisualizeMethod;
  /** @defaultValue `'absolute_value'` (as Captum) */
  readonly sign?: VisualizeSign;
  /**
   * Percent of the attribution mass (largest values) clipped to full color.
   * @defaultValue `2`
   */
  readonly outlierPerc?: number;
  /**
   * Colormap of heat maps.
   * @defaultValue Greens (positive), Reds (negative), Blues (absolute_value), red–white–green (all)
   */
  readonly cmap?: Colormap;
  /**
   * Opacity of the heat map over the gray image in `blended_heat_map`.
   * @defaultValue `0.5`
   */
  readonly alphaOverlay?: number;
  /**
   * Layout of `attributions` (one example).
   * @defaultValue `'NCHW'`, i.e. C×H×W as PyTorch and ONNX models take it
   */
  readonly layout?: Layout;
  /** Map size when no original image is given (heat_map only). */
  readonly size?: { readonly height: number; readonly width: number };
}

/** A rendered panel: RGB bytes plus what a colorbar needs. */
export interface AttributionImage extends RgbImage {
  readonly channels: 3;
  /** Colormap and value range of the heat map, absent for original_image / masked_image. */
  readonly colorbar?: { readonly cmap: Colormap; readonly vmin: number; readonly vmax: number };
  /** Scale factor the attributions were divided by. */
  readonly threshold?: number;
}

function defaultColormap(sign: VisualizeSign): { cmap: Colormap; vmin: number; vmax: number } {
  switch (sign) {
    case 'all':
      return { cmap: RED_WHITE_GREEN, vmin: -1, vmax: 1 };
    case 'positive':
      return { cmap: GREENS, vmin: 0, vmax: 1 };
    case 'negative':
      return { cmap: REDS, vmin: 0, vmax: 1 };
    default:
      return { cmap: BLUES, vmin: 0, vmax: 1 };
  }
}

/** The image as 3-channel RGB (gray repeated, alpha dropped). */
function toRgb(image: RgbImage): Uint8Array {
  const pixels = image.width * image.height;
  if (image.channels === 3) return image.data;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++)
      out[p * 3 + c] = image.data[p * image.channels + (image.channels === 1 ? 0 : c)]!;
  }
  return out;
}

/**
 * Renders one example's attributions like Captum's `visualize_image_attr`: channels summed,
 * values of the chosen `sign` normalised by the cumulative-sum threshold (outlierPerc) into
 * [−1, 1], then drawn as a heat map, a heat map blended over the gray image, the original image,
 * or the image masked by the normalised map.
 *
 * @param attributions - one example, C×H×W (`layout: 'NCHW'`, default) or H×W×C.
 * @param image - the image the model saw (after resize/crop), H×W matching the attributions;
 *   required for every method but `heat_map`.
 * @throws SnowblindError `BAD_INPUT` for maps with nothing to show under `sign` (see
 *   {@link normalizeAttribution}), `masked_image` with `sign: 'all'`, or a missing image.
 */
export function visualizeImageAttr(
  attributions: Float32Array,
  image: RgbImage | undefined,
  options: VisualizeOptions = {},
): AttributionImage {
  const method = options.method ?? 'heat_map';
  const sign = options.sign ?? 'absolute_value';
  if (!VISUALIZE_METHODS.includes(method)) {
    throw new SnowblindError('BAD_INPUT', `unknown visualization method "${method}"`, {
      hint: `use one of ${VISUALIZE_METHODS.join(', ')}`,
    });
  }
  const height = image?.height ?? options.size?.height;
  const width = image?.width ?? options.size?.width;
  if (height === undefined || width === undefined || (method !== 'heat_map' && !image)) {
    throw new SnowblindError('BAD_INPUT', `visualization "${method}" needs the original image`, {
      hint: 'pass the image the model saw (after resize and crop), or size for a bare heat map',
    });
  }
  const pixels = height * width;
  if (method === 'original_image') return { data: toRgb(image!), width, height, channels: 3 };
  if (method === 'masked_image' && sign === 'all') {
    throw new SnowblindError(
      'BAD_INPUT',
      'masked_image cannot show positive and negative attributions at once',
      {
        hint: "choose sign 'positive', 'negative' or 'absolute_value'",
      },
    );
  }
  const summed = channelSum(attributions, height, width, options.layout ?? 'NCHW');
  const { values, threshold } = normalizeAttribution(summed, sign, options.outlierPerc ?? 2);
  const out = new Uint8Array(pixels * 3);
  if (method === 'masked_image') {
    const rgb = toRgb(image!);
    // Captum multiplies the image by the map and casts to int (truncation).
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++) out[p * 3 + c] = Math.trunc(rgb[p * 3 + c]! * values[p]!);
    }
    return { data: out, width, height, channels: 3, threshold };
  }
  const defaults = defaultColormap(sign);
  const cmap = options.cmap ?? defaults.cmap;
  const { vmin, vmax } = defaults;
  for (let p = 0; p < pixels; p++) out.set(colorAt(cmap, values[p]!, vmin, vmax), p * 3);
  if (method === 'blended_heat_map') {
    const gray = grayBackground(toRgb(image!), pixels);
    const alpha = options.alphaOverlay ?? 0.5;
    for (let i = 0; i < out.length; i++) out[i] = Math.round(alpha * out[i]! + (1 - alpha) * gray[i]!);
  }
  return { data: out, width, height, channels: 3, colorbar: { cmap, vmin, vmax }, threshold };
}

/** Channel mean drawn with matplotlib's "gray" autoscaled to its own min and max, as imshow does. */
function grayBackground(rgb: Uint8Array, pixels: number): Uint8Array {
  const mean = new Float64Array(pixels);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < pixels; p++) {
    const m = (rgb[p * 3]! + rgb[p * 3 + 1]! + rgb[p * 3 + 2]!) / 3;
    mean[p] = m;
    if (m < min) min = m;
    if (m > max) max = m;
  }
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) out.set(colorAt(GRAY, mean[p]!, min, max), p * 3);
  return out;
}
