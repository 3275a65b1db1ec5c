import type { NoiseKind, NoiseParams } from './types.js';

/** How one parameter of a noise kind is typed, bounded and defaulted. */
export interface NoiseParamInfo {
  readonly name: keyof NoiseParams;
  /** `integer` and `number` are scalars; `color` is one byte (0–255) per channel. */
  readonly type: 'number' | 'integer' | 'color';
  readonly description: string;
  readonly default: number | readonly number[];
  /** Inclusive bounds (per element for `color`); absent when unbounded. */
  readonly min?: number;
  readonly max?: number;
}

/** What `--help`, the GraphQL schema and the docs say about a noise kind. */
export interface NoiseKindInfo {
  readonly kind: NoiseKind;
  /** One line. */
  readonly description: string;
  /** Whether rng `numpy` (bit-exact numpy legacy reproduction) is available for this kind. */
  readonly numpy: boolean;
  readonly params: readonly NoiseParamInfo[];
}

/**
 * Every noise kind with a one-line description and its parameters (types, bounds, defaults).
 * All kinds produce bytes 0–255 in HWC order.
 */
export const NOISE_KIND_INFO: { readonly [K in NoiseKind]: NoiseKindInfo } = {
  'seed-wrap': {
    kind: 'seed-wrap',
    description:
      'The reference experiment: trunc(255 × standard normal) wrapped mod 256, near-uniform byte noise',
    numpy: true,
    params: [],
  },
  gaussian: {
    kind: 'gaussian',
    description: 'Normal(mean, std) per value, clipped to 0–255, rounded half to even',
    numpy: true,
    params: [
      { name: 'mean', type: 'number', description: 'Mean of the values', default: 127.5 },
      { name: 'std', type: 'number', description: 'Standard deviation of the values', default: 64, min: 0 },
    ],
  },
  uniform: {
    kind: 'uniform',
    description: 'Integers uniform in low..high (inclusive) per value',
    numpy: true,
    params: [
      { name: 'low', type: 'integer', description: 'Lowest value', default: 0, min: 0, max: 255 },
      {
        name: 'high',
        type: 'integer',
        description: 'Highest value (inclusive)',
        default: 255,
        min: 0,
        max: 255,
      },
    ],
  },
  'salt-pepper': {
    kind: 'salt-pepper',
    description: 'Mid-gray (128) with a fraction of pixels set to black or white (equally likely)',
    numpy: false,
    params: [
      {
        name: 'density',
        type: 'number',
        description: 'Fraction of pixels set to 0 or 255',
        default: 0.1,
        min: 0,
        max: 1,
      },
    ],
  },
  'low-frequency': {
    kind: 'low-frequency',
    description: 'Smooth blobs: a coarse grid of uniform random colors upsampled bilinearly',
    numpy: false,
    params: [
      {
        name: 'scale',
        type: 'integer',
        description: 'Pixels per coarse grid cell (grid is ceil(H/scale) × ceil(W/scale))',
        default: 8,
        min: 1,
        max: 4096,
      },
    ],
  },
  constant: {
    kind: 'constant',
    description: 'A flat color (the seed is ignored)',
    numpy: true,
    params: [
      {
        name: 'color',
        type: 'color',
        description: 'One byte per channel (a single value is used for every channel)',
        default: [128, 128, 128],
        min: 0,
        max: 255,
      },
    ],
  },
};
