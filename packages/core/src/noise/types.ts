/** The noise kinds snowblind can make. */
export const NOISE_KINDS = [
  'seed-wrap',
  'gaussian',
  'uniform',
  'salt-pepper',
  'low-frequency',
  'constant',
] as const;

/** One of {@link NOISE_KINDS}. */
export type NoiseKind = (typeof NOISE_KINDS)[number];

/**
 * Which random number generator backs the noise.
 * - `philox`-style counter mode (`default`): image i is derived from (seed, i) alone, so any
 *   image can be made on its own, in any order, on any worker.
 * - `numpy`: reproduces `np.random.seed(seed)` followed by one `np.random.standard_normal(...)`
 *   (`normal` for gaussian, `randint(low, high + 1)` for uniform) call per image, bit for bit,
 *   as the reference experiment's loop does. Image i then depends on images 0..i-1 (the
 *   stream is sequential). Kinds: seed-wrap, gaussian, uniform, constant; seed 0..2^32-1.
 */
export type RngMode = 'default' | 'numpy';

/** Parameters of each noise kind (all optional, with documented defaults). */
export interface NoiseParams {
  /**
   * gaussian: mean of the values before clipping to 0–255 and rounding half to even.
   * @defaultValue 127.5
   */
  mean?: number;
  /** gaussian: standard deviation of the 0–255 values. @defaultValue 64 */
  std?: number;
  /** uniform: lowest byte value. @defaultValue 0 */
  low?: number;
  /** uniform: highest byte value (inclusive). @defaultValue 255 */
  high?: number;
  /** salt-pepper: fraction of pixels set to 0 or 255 over a mid-gray image. @defaultValue 0.1 */
  density?: number;
  /** low-frequency: size in pixels of the coarse grid that is upsampled. @defaultValue 8 */
  scale?: number;
  /** constant: the flat color, one byte per channel. @defaultValue [128,128,128] */
  color?: readonly number[];
}

/** Everything that determines a set of noise images. */
export interface NoiseSpec {
  readonly kind: NoiseKind;
  readonly params?: NoiseParams;
  readonly seed: number;
  /** @defaultValue 256 */
  readonly width?: number;
  /** @defaultValue 256 */
  readonly height?: number;
  /** 1 (gray) or 3 (RGB). @defaultValue 3 */
  readonly channels?: 1 | 3;
  /** @defaultValue 'default' */
  readonly rng?: RngMode;
}
