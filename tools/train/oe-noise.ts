/**
 * Synthetic outliers for outlier exposure (Hendrycks, Mazeika & Dietterich, "Deep Anomaly
 * Detection with Outlier Exposure", ICLR 2019, https://arxiv.org/abs/1812.04606). Deliberately
 * simple and self-contained: the trainer only needs a varied stream of non-garments, not the
 * exact noise kinds of packages/core (which may change without retraining).
 */
import { IMAGE_SIZE } from './fashion-mnist.js';
import { gaussian } from './prng.js';

export const OE_NOISE_KINDS = ['uniform', 'gaussian', 'salt-pepper', 'blobs'] as const;
export type OeNoiseKind = (typeof OE_NOISE_KINDS)[number];

const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Writes one 28×28 noise image of `kind` into `out` (bytes, row-major). */
export function fillNoise(kind: OeNoiseKind, rng: () => number, out: Uint8Array): void {
  switch (kind) {
    case 'uniform':
      for (let i = 0; i < PIXELS; i++) out[i] = Math.floor(rng() * 256);
      return;
    case 'gaussian': {
      const mean = 255 * rng();
      const std = 20 + 100 * rng();
      for (let i = 0; i < PIXELS; i++) out[i] = clampByte(mean + std * gaussian(rng));
      return;
    }
    case 'salt-pepper': {
      const base = Math.floor(rng() * 256);
      const density = 0.05 + 0.45 * rng();
      for (let i = 0; i < PIXELS; i++) out[i] = rng() < density ? (rng() < 0.5 ? 0 : 255) : base;
      return;
    }
    case 'blobs': {
      // A k×k grid of random levels, bilinearly upsampled: smooth, low-frequency shapes.
      const k = 2 + Math.floor(rng() * 6);
      const grid = new Float64Array(k * k);
      for (let i = 0; i < grid.length; i++) grid[i] = 255 * rng();
      for (let y = 0; y < IMAGE_SIZE; y++) {
        const gy = (y / (IMAGE_SIZE - 1)) * (k - 1);
        const y0 = Math.min(Math.floor(gy), k - 2);
        const fy = gy - y0;
        for (let x = 0; x < IMAGE_SIZE; x++) {
          const gx = (x / (IMAGE_SIZE - 1)) * (k - 1);
          const x0 = Math.min(Math.floor(gx), k - 2);
          const fx = gx - x0;
          const top = grid[y0 * k + x0]! * (1 - fx) + grid[y0 * k + x0 + 1]! * fx;
          const bottom = grid[(y0 + 1) * k + x0]! * (1 - fx) + grid[(y0 + 1) * k + x0 + 1]! * fx;
          out[y * IMAGE_SIZE + x] = clampByte(top * (1 - fy) + bottom * fy);
        }
      }
      return;
    }
  }
}

/** `count` noise images cycling through the kinds (image i has kind i mod 4), as bytes. */
export function makeNoiseBatch(
  count: number,
  rng: () => number,
  kinds: readonly OeNoiseKind[] = OE_NOISE_KINDS,
): Uint8Array {
  const out = new Uint8Array(count * PIXELS);
  for (let i = 0; i < count; i++) {
    fillNoise(kinds[i % kinds.length]!, rng, out.subarray(i * PIXELS, (i + 1) * PIXELS));
  }
  return out;
}
