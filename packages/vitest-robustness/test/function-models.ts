import type { PredictFn } from '../src/index.js';

/** Pixels per image of the fashion-mnist preset (28 × 28 × 1). */
export const PIXELS = 28 * 28;

/** Standard deviation, in 0–255 byte units, of one preprocessed fashion-mnist image. */
export function byteStd(batch: Float32Array, row: number): number {
  let sum = 0;
  let sq = 0;
  for (let i = row * PIXELS; i < (row + 1) * PIXELS; i++) {
    sum += batch[i]!;
    sq += batch[i]! * batch[i]!;
  }
  const mean = sum / PIXELS;
  return Math.sqrt(Math.max(0, sq / PIXELS - mean * mean)) * 255;
}

/**
 * Fooled only by strong noise: logits [8, 0, …, 0] (class 0 at softmax 0.992) when the image's
 * pixel std exceeds `threshold` bytes, all-zero logits (softmax 0.1 everywhere) otherwise.
 */
export function amplitudeModel(threshold: number): PredictFn {
  return (batch, n) => {
    const out = new Float32Array(n * 10);
    for (let r = 0; r < n; r++) if (byteStd(batch, r) > threshold) out[r * 10] = 8;
    return out;
  };
}

/**
 * Logits that grow with the image's std: class 0 gets std/10, so softmax and energy vary
 * smoothly from sample to sample (a worst sample is well defined).
 */
export const graded: PredictFn = (batch, n) => {
  const out = new Float32Array(n * 10);
  for (let r = 0; r < n; r++) out[r * 10] = byteStd(batch, r) / 10;
  return out;
};

/** Always predicts class 10 (`none`) with softmax ≈ 0.9999: an abstaining model. */
export const abstainer: PredictFn = (_batch, n) => {
  const out = new Float32Array(n * 11);
  for (let r = 0; r < n; r++) out[r * 11 + 10] = 12;
  return out;
};

/** All logits equal to `level`: softmax 0.1 everywhere, energy = level + ln 10. */
export function flatLogits(level: number): PredictFn {
  return (_batch, n) => new Float32Array(n * 10).fill(level);
}

/** Returns probabilities (rows sum to 1): 0.7 on class 1, the rest spread evenly. */
export const probabilityModel: PredictFn = (_batch, n) => {
  const out = new Float32Array(n * 4).fill(0.1);
  for (let r = 0; r < n; r++) out[r * 4 + 1] = 0.7;
  return out;
};

/** The options that describe these function models. */
export const FMNIST = { preset: 'fashion-mnist', classes: 10 } as const;
