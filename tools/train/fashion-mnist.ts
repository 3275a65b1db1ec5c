/**
 * Fashion-MNIST for the trainer: core's reader (Debian's `dataset-fashion-mnist`, or
 * `$FASHION_MNIST_DIR`) as flat arrays, plus the `fashion-mnist` preset's scaling.
 */
import { FASHION_MNIST_LABELS, loadFashionMnistArrays } from '@snowblind/core';

export { FASHION_MNIST_LABELS };

export const IMAGE_SIZE = 28;

/** A split: `count` 28×28 grayscale images (uint8, row-major) and their labels 0–9. */
export interface Split {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** Loads `train` (60 000) or `test` (10 000, the `t10k` files). */
export async function loadSplit(split: 'train' | 'test'): Promise<Split> {
  const { images, labels, count, height, width } = await loadFashionMnistArrays(split);
  if (height !== IMAGE_SIZE || width !== IMAGE_SIZE)
    throw new Error(`unexpected image size ${height}×${width}`);
  return { images, labels, count };
}

/** The input preset `fashion-mnist` applied to bytes: x · (1/255), NHWC float32. */
export function toFloat(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  const scale = 1 / 255;
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! * scale;
  return out;
}
