/**
 * An 8-bit image in memory, row-major HWC (height × width × channels), channels 1 (gray),
 * 3 (RGB) or 4 (RGBA). Noise generators and decoders both produce this.
 */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
}

/** Tensor memory layout of a model input. */
export type Layout = 'NCHW' | 'NHWC';

/**
 * How a model wants its input: the torchvision transform chain Resize → CenterCrop →
 * ToTensor → Normalize, generalised to the common conventions.
 *
 * The value fed to the model for channel c of pixel p is
 * `(p[c] * scale - mean[c]) / std[c]`, with channels taken in `channelOrder` (after an
 * optional conversion to grayscale).
 */
export interface Preset {
  /** Name, e.g. `torchvision`, `caffe-bgr`, `tf-mobilenet`, or `custom`. */
  readonly name: string;
  /**
   * Resize the shorter side to this many pixels (PIL bilinear with antialias, as torchvision's
   * `Resize(int)`), or `null` to skip. A `[height, width]` pair resizes to that exact size.
   */
  readonly resize: number | readonly [number, number] | null;
  /** Center crop `[height, width]`, or `null` to skip. This is the model's spatial input size. */
  readonly crop: readonly [number, number] | null;
  readonly layout: Layout;
  readonly channelOrder: 'RGB' | 'BGR';
  /**
   * Convert to one luminance channel before resizing, exactly as PIL's `convert('L')`
   * (ITU-R 601-2 weights in 16-bit fixed point: `(19595·R + 38470·G + 7471·B + 0x8000) >> 16`).
   * The model then takes one channel, so `mean` and `std` have one entry.
   */
  readonly grayscale: boolean;
  /** Multiplier applied to the 0–255 byte before the mean is subtracted (1/255 for ToTensor). */
  readonly scale: number;
  /** Per-channel mean in `channelOrder` (length = number of model input channels: 1 or 3). */
  readonly mean: readonly number[];
  /** Per-channel standard deviation in `channelOrder`. */
  readonly std: readonly number[];
}
