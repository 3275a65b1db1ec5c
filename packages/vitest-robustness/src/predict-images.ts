import { type Classifier, inputShape, preprocessInto, type RgbImage, softmax, topK } from '@snowblind/core';

/** Raw outputs and softmax probabilities of a set of images, `numClasses` values per image. */
export interface ImagePredictions {
  /** What the model returned (logits or probabilities). */
  readonly outputs: Float32Array;
  readonly probabilities: Float32Array;
}

/**
 * Preprocesses `images` with the model's preset and runs them in batches of `batchSize`: the
 * core audit's building blocks (preprocessInto, predict, softmax) for images that are not noise
 * sets (single replays, real inputs with additive noise).
 */
export async function predictImages(
  model: Classifier,
  images: readonly RgbImage[],
  batchSize = 32,
): Promise<ImagePredictions> {
  const { size } = inputShape(model.preset, model.inputChannels);
  const classes = model.numClasses;
  const outputs = new Float32Array(images.length * classes);
  const batch = new Float32Array(Math.min(batchSize, Math.max(images.length, 1)) * size);
  for (let start = 0; start < images.length; start += batchSize) {
    const n = Math.min(batchSize, images.length - start);
    for (let j = 0; j < n; j++) preprocessInto(images[start + j]!, model.preset, batch, j * size);
    const out = await model.predict(n * size === batch.length ? batch : batch.subarray(0, n * size), n);
    outputs.set(out.subarray(0, n * classes), start * classes);
  }
  const probabilities =
    model.outputKind === 'logits' ? softmax(outputs, images.length, classes) : outputs.slice();
  return { outputs, probabilities };
}

/** Top-1 class index and probability of row `row`. */
export function top1(
  probabilities: Float32Array,
  row: number,
  classes: number,
): { classIndex: number; confidence: number } {
  const best = topK(probabilities.subarray(row * classes, (row + 1) * classes), 1);
  return { classIndex: best.indices[0]!, confidence: best.scores[0]! };
}
