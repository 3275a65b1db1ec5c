import { SnowblindError } from '../errors.js';
import { inputShape, toGrayscale } from '../image/index.js';
import type { Preset, RgbImage } from '../image/types.js';
import { noiseImage, type ResolvedNoiseSpec, validateNoiseSpec } from '../noise/index.js';
import type { NoiseSpec } from '../noise/types.js';

const f32 = Math.fround;

/**
 * The space the search moves in: 8-bit pixel values (as floats in [0, 255]) of an image exactly
 * the model's input size, `height × width × channels` HWC, channels in RGB order (1 for gray
 * presets). Searching here, not in the model's normalised tensor, keeps every iterate a valid
 * picture and makes the bounds (ε = 8 means 8 gray levels) mean the same for every preset.
 *
 * @remarks
 * The preset's resize and center crop are not part of the chain: the start noise is generated
 * directly at the model's input size, so pixel (y, x) of the image is pixel (y, x) of the model
 * input. Only the per-value map `v = (p · scale − mean[c]) / std[c]` (channel order, layout) is
 * differentiated, and its derivative is the constant `scale / std[c]`.
 */
export class PixelSpace {
  readonly height: number;
  readonly width: number;
  /** Channels of the pixel image (= model input channels). */
  readonly channels: 1 | 3;
  /** Values per image: `height · width · channels`. */
  readonly size: number;
  readonly preset: Preset;
  /** For each model channel, the pixel channel it reads (BGR presets reverse RGB). */
  private readonly source: readonly number[];
  private readonly mean: Float64Array;
  private readonly std: Float64Array;

  constructor(preset: Preset, modelChannels?: number) {
    const shape = inputShape(preset, modelChannels);
    this.height = shape.height;
    this.width = shape.width;
    this.channels = shape.channels === 1 ? 1 : 3;
    this.size = shape.size;
    this.preset = preset;
    this.source = this.channels === 1 ? [0] : preset.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
    this.mean = Float64Array.from(preset.mean, f32);
    this.std = Float64Array.from(preset.std, f32);
  }

  /** Element index in one model input of model channel `m` at pixel `p` (= y · width + x). */
  private modelIndex(p: number, m: number): number {
    return this.preset.layout === 'NCHW' ? m * this.height * this.width + p : p * this.channels + m;
  }

  /**
   * Write the model input of `pixels` into `out` at `offset`. Each step is rounded to float32 as
   * the preset's own lookup table does, so whole bytes give exactly what `preprocess` gives for
   * an image that needs no resize or crop.
   */
  toModelInput(pixels: ArrayLike<number>, out: Float32Array, offset = 0): void {
    const scale = this.preset.scale;
    const plane = this.height * this.width;
    for (let m = 0; m < this.channels; m++) {
      const src = this.source[m]!;
      const mean = this.mean[m]!;
      const std = this.std[m]!;
      for (let p = 0; p < plane; p++) {
        out[offset + this.modelIndex(p, m)] = f32(f32(pixels[p * this.channels + src]! * scale) - mean) / std;
      }
    }
  }

  /**
   * Chain rule back through the normalisation: the gradient with respect to the pixels of a
   * gradient with respect to one model input (read from `modelGradient` at `offset`).
   * `∂L/∂p[c] = ∂L/∂v[m] · scale / std[m]` where model channel `m` reads pixel channel `c`.
   */
  pixelGradient(
    modelGradient: ArrayLike<number>,
    offset = 0,
    out = new Float64Array(this.size),
  ): Float64Array {
    const plane = this.height * this.width;
    for (let m = 0; m < this.channels; m++) {
      const src = this.source[m]!;
      const factor = this.preset.scale / this.std[m]!;
      for (let p = 0; p < plane; p++) {
        out[p * this.channels + src] = modelGradient[offset + this.modelIndex(p, m)]! * factor;
      }
    }
    return out;
  }

  /** An 8-bit image of this space's size holding `bytes` (HWC). */
  image(bytes: Uint8Array): RgbImage {
    return { data: bytes, width: this.width, height: this.height, channels: this.channels };
  }

  /**
   * Image `index` of a noise set, generated at the model's input size (the spec's width and height
   * are replaced) and brought to the model's channel count: PIL luma for gray models, as the
   * preset would do; a gray spec feeds all three channels of an RGB model.
   */
  noiseStart(spec: NoiseSpec, index: number): { spec: ResolvedNoiseSpec; bytes: Uint8Array } {
    const resolved = validateNoiseSpec({ ...spec, width: this.width, height: this.height });
    return { spec: resolved, bytes: this.fromImage(noiseImage(resolved, index)) };
  }

  /** The bytes of `image` (model input size) in this space's channel count. */
  fromImage(image: RgbImage): Uint8Array {
    if (image.width !== this.width || image.height !== this.height) {
      throw new SnowblindError(
        'SHAPE_MISMATCH',
        `image is ${image.width}×${image.height}, the model input is ${this.width}×${this.height}`,
        { hint: 'Generate the start image at the model input size.' },
      );
    }
    if (this.channels === 1) return Uint8Array.from(toGrayscale(image).data);
    const out = new Uint8Array(this.size);
    const ic = image.channels;
    for (let p = 0; p < this.height * this.width; p++) {
      for (let c = 0; c < 3; c++) out[p * 3 + c] = image.data[p * ic + (ic === 1 ? 0 : c)]!;
    }
    return out;
  }
}
