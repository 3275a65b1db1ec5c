import { SnowblindError } from '../errors.js';
import { inputShape } from '../image/index.js';
import type { Layout, Preset } from '../image/types.js';

/** The per-image input a model takes, after checking it against a preset. */
export interface InputGeometry {
  readonly layout: Layout;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** Values per image (C·H·W). */
  readonly size: number;
  /** Per-image dims in `layout` order, without the batch dim. */
  readonly dims: readonly [number, number, number];
  /** A fixed batch size the model insists on (e.g. 1 for the zoo SqueezeNet), or null. */
  readonly fixedBatch: number | null;
}

type Dim = number | string | null | undefined;

const known = (d: Dim): d is number => typeof d === 'number' && d > 0;

/**
 * Check a model input shape (batch first; symbolic or -1 dims allowed) against a preset's
 * layout, crop and channel count, and work out the concrete per-image dims.
 *
 * @throws SnowblindError `SHAPE_MISMATCH` naming both shapes when they disagree.
 */
export function inputGeometry(shape: readonly Dim[], preset: Preset, model: string): InputGeometry {
  const shown = `[${shape.map((d) => (known(d) ? d : '?')).join(', ')}]`;
  if (shape.length !== 4) {
    throw new SnowblindError(
      'SHAPE_MISMATCH',
      `${model} takes input ${shown}, but snowblind feeds 4-D image batches (${preset.layout})`,
      { hint: 'export the model with a single image input of shape N×C×H×W or N×H×W×C' },
    );
  }
  const b = shape[0];
  const nchw = preset.layout === 'NCHW';
  const { c, h, w } = axes(shape, preset.layout);
  const presetChannels = preset.grayscale ? 1 : 3;
  // The preset's fixed output size (crop, or exact resize); null when it only resizes the shorter side.
  let crop: readonly [number, number] | null = null;
  try {
    const s = inputShape(preset);
    crop = [s.height, s.width];
  } catch {
    crop = null;
  }
  const mismatch = (what: string, hint: string) =>
    new SnowblindError('SHAPE_MISMATCH', `${model} takes input ${shown}, but preset ${preset.name} ${what}`, {
      hint,
    });
  const fits = (layout: Layout) => fitsAs(shape, layout, presetChannels, crop);
  if (!fits(preset.layout)) throw shapeMismatch(shape, preset, presetChannels, crop, fits, mismatch);
  const height = known(h) ? h : crop?.[0];
  const width = known(w) ? w : crop?.[1];
  if (height === undefined || width === undefined) {
    throw mismatch(
      'does not fix the input size and the model input size is dynamic',
      'give the preset a crop [height, width] or an exact resize [height, width]',
    );
  }
  const channels = known(c) ? c : presetChannels;
  const dims: [number, number, number] = nchw ? [channels, height, width] : [height, width, channels];
  return {
    layout: preset.layout,
    channels,
    height,
    width,
    size: channels * height * width,
    dims,
    fixedBatch: known(b) ? b : null,
  };
}

/** @throws SnowblindError `SHAPE_MISMATCH` unless `input` holds exactly `n` images. */
export function checkBatch(input: Float32Array, n: number, geometry: InputGeometry, model: string): void {
  if (!Number.isInteger(n) || n < 1 || input.length !== n * geometry.size) {
    throw new SnowblindError(
      'SHAPE_MISMATCH',
      `${model}: got ${input.length} values for n=${n}, expected n × ${geometry.dims.join('×')} = ${n * geometry.size}`,
      { hint: `pass n images preprocessed to ${geometry.layout} ${geometry.dims.join('×')}` },
    );
  }
}

/** The channel, height and width dims of a 4-D shape read in `layout`. */
function axes(shape: readonly Dim[], layout: Layout): { c: Dim; h: Dim; w: Dim } {
  const [, d1, d2, d3] = shape;
  return layout === 'NCHW' ? { c: d1, h: d2, w: d3 } : { c: d3, h: d1, w: d2 };
}

/** True when a shape read in `layout` takes the preset's channels and crop (dynamic dims fit). */
function fitsAs(
  shape: readonly Dim[],
  layout: Layout,
  channels: number,
  crop: readonly [number, number] | null,
): boolean {
  const { c, h, w } = axes(shape, layout);
  return (
    (!known(c) || c === channels) && (!crop || ((!known(h) || h === crop[0]) && (!known(w) || w === crop[1])))
  );
}

/** A dim that reads as a channel count (grey, RGB, RGBA). */
const channelLike = (d: Dim) => known(d) && (d === 1 || d === 3 || d === 4);

/**
 * The layout a model's input shape reads as: the one the preset fits in, else the one whose
 * channel axis (dim 1 for NCHW, dim 3 for NHWC) alone looks like a channel count, else the
 * preset's. So `[?, 28, 28, 1]` is NHWC with one channel, not NCHW with 28.
 */
function modelLayout(shape: readonly Dim[], preset: Preset, fits: (layout: Layout) => boolean): Layout {
  const other: Layout = preset.layout === 'NCHW' ? 'NHWC' : 'NCHW';
  if (fits(other)) return other;
  const [, d1, , d3] = shape;
  if (channelLike(d1) && !channelLike(d3)) return 'NCHW';
  if (channelLike(d3) && !channelLike(d1)) return 'NHWC';
  return preset.layout;
}

/**
 * The `SHAPE_MISMATCH` for a model input the preset does not fit, naming each axis that
 * disagrees (layout, channels, height × width) read in the model's own layout.
 */
function shapeMismatch(
  shape: readonly Dim[],
  preset: Preset,
  presetChannels: number,
  crop: readonly [number, number] | null,
  fits: (layout: Layout) => boolean,
  mismatch: (what: string, hint: string) => SnowblindError,
): SnowblindError {
  const layout = modelLayout(shape, preset, fits);
  const { c, h, w } = axes(shape, layout);
  const what: string[] = [];
  const hints: string[] = [];
  if (layout !== preset.layout) {
    what.push(`uses layout ${preset.layout} where the model is ${layout}`);
    hints.push(`the model is ${layout}: use a preset with layout ${layout}`);
  }
  if (known(c) && c !== presetChannels) {
    what.push(`produces ${presetChannels} channel(s) where the model wants ${c}`);
    if (c === 1) hints.push('use a grayscale preset (e.g. fashion-mnist) for a 1-channel model');
    else if (c === 3) hints.push('use an RGB preset (grayscale: false) for a 3-channel model');
  }
  if (crop && ((known(h) && h !== crop[0]) || (known(w) && w !== crop[1]))) {
    what.push(
      `crops ${crop[0]}×${crop[1]} where the model wants ${known(h) ? h : '?'}×${known(w) ? w : '?'}`,
    );
    hints.push('pick the preset the model was trained with, or give a custom preset with the right crop');
  }
  const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what.at(-1)}` : what.join('');
  return mismatch(list, hints.join('; '));
}
