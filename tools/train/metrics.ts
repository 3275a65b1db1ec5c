/** Test-set accuracy and noise confidence of a Fashion-MNIST model (batched, tensors disposed). */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, type Split, toFloat } from './fashion-mnist.js';
import { makeNoiseBatch, OE_NOISE_KINDS, type OeNoiseKind } from './oe-noise.js';
import { mulberry32 } from './prng.js';

const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** Runs `model` on n bytes-images and returns the n × classes logits. */
function forward(model: tf.LayersModel, bytes: Uint8Array, n: number, batch = 500): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    const x = toFloat(bytes.subarray(start * PIXELS, (start + m) * PIXELS));
    const out = tf.tidy(() => model.predict(tf.tensor4d(x, [m, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor);
    const flat = out.dataSync() as Float32Array;
    const k = out.shape[1]!;
    out.dispose();
    for (let i = 0; i < m; i++) rows.push(flat.slice(i * k, (i + 1) * k));
  }
  return rows;
}

const argmax = (row: Float32Array): number => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);

function maxSoftmax(row: Float32Array): number {
  const max = Math.max(...row);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  return 1 / sum;
}

/** Fraction of the first `limit` images of `split` classified correctly. */
export function accuracy(model: tf.LayersModel, split: Split, limit = split.count): number {
  const n = Math.min(limit, split.count);
  const rows = forward(model, split.images, n);
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmax(rows[i]!) === split.labels[i]) correct++;
  return correct / n;
}

/** Mean max-softmax (MSP) of `model` on test images or on each synthetic noise kind. */
export function meanMaxSoftmax(model: tf.LayersModel, bytes: Uint8Array, n: number): number {
  return forward(model, bytes, n).reduce((s, r) => s + maxSoftmax(r), 0) / n;
}

/** MSP on `perKind` fresh noise images of each OE kind, from a seed disjoint from training. */
export function noiseConfidence(
  model: tf.LayersModel,
  perKind = 500,
  seed = 0x5eed,
): Record<OeNoiseKind, number> {
  const out = {} as Record<OeNoiseKind, number>;
  for (const kind of OE_NOISE_KINDS) {
    const bytes = makeNoiseBatch(perKind, mulberry32(seed), [kind] as const);
    out[kind] = meanMaxSoftmax(model, bytes, perKind);
  }
  return out;
}
