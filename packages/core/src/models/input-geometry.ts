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
  const [b, d1, d2, d3] = shape;
  const nchw = preset.layout === 'NCHW';
  const [c, h, w] = nchw ? [d1, d2, d3] : [d3, d1, d2];
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
  const fits = (ch: Dim, hh: Dim, ww: Dim) =>
    (!known(ch) || ch === presetChannels) &&
    (!crop || ((!known(hh) || hh === crop[0]) && (!known(ww) || ww === crop[1])));
  if (!fits(c, h, w)) {
    const other = nchw ? fits(d3, d1, d2) : fits(d1, d2, d3);
    if (other && (known(d1) || known(d3))) {
      throw mismatch(
        `uses layout ${preset.layout}`,
        `the model is ${nchw ? 'NHWC' : 'NCHW'}: use a preset with layout ${nchw ? 'NHWC' : 'NCHW'}`,
      );
    }
    if (known(c) && c !== presetChannels) {
      throw mismatch(
        `produces ${presetChannels} channel(s) where the model wants ${c}`,
        presetChannels === 3
          ? 'use a grayscale preset (e.g. fashion-mnist) for a 1-channel model'
          : 'use an RGB preset (grayscale: false) for a 3-channel model',
      );
    }
    throw mismatch(
      `crops ${crop?.[0]}×${crop?.[1]} where the model wants ${known(h) ? h : '?'}×${known(w) ? w : '?'}`,
      'pick the preset the model was trained with, or give a custom preset with the right crop',
    );
  }
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
