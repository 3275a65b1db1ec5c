import { inputShape, preprocessInto } from '../image/index.js';
import type { RgbImage } from '../image/types.js';
import type { Classifier } from '../models/types.js';
import { energyScore, maxLogitScore, mspScore } from './ood-scores.js';
import { softmax } from './softmax.js';
import { topKRow } from './top-k.js';

/** Per-image detector scores of a set of images (OpenOOD names; higher = more in-distribution). */
export interface ImageScores {
  readonly count: number;
  /** Max softmax probability. */
  readonly msp: Float64Array;
  /** Max logit; `null` when the model outputs probabilities. */
  readonly maxLogit: Float64Array | null;
  /** Energy T·logsumexp(logits/T), T = 1; `null` when the model outputs probabilities. */
  readonly energy: Float64Array | null;
  /** Top-1 accuracy when labels were given. */
  readonly accuracy?: number;
}

/**
 * Classify real images through the model's preset, in batches, and score each one with MSP,
 * max-logit and energy: the in-distribution side of the OOD metrics. With `labels`, also the
 * top-1 accuracy (a check that the model and preset are right before trusting the metrics).
 */
export async function scoreImages(
  model: Classifier,
  images: readonly RgbImage[],
  options: { batchSize?: number; labels?: ArrayLike<number> } = {},
): Promise<ImageScores> {
  const batchSize = options.batchSize ?? 64;
  const { size } = inputShape(model.preset, model.inputChannels);
  const k = model.numClasses;
  const logitModel = model.outputKind === 'logits';
  const batch = new Float32Array(batchSize * size);
  const probabilities = new Float32Array(batchSize * k);
  const msp = new Float64Array(images.length);
  const maxLogit = logitModel ? new Float64Array(images.length) : null;
  const energy = logitModel ? new Float64Array(images.length) : null;
  let correct = 0;
  for (let start = 0; start < images.length; start += batchSize) {
    const n = Math.min(batchSize, images.length - start);
    for (let j = 0; j < n; j++) preprocessInto(images[start + j]!, model.preset, batch, j * size);
    const output = await model.predict(batch.subarray(0, n * size), n);
    const probs = logitModel ? softmax(output, n, k, probabilities) : output;
    for (let j = 0; j < n; j++) {
      const i = start + j;
      msp[i] = mspScore(probs, j * k, k);
      if (maxLogit && energy) {
        maxLogit[i] = maxLogitScore(output, j * k, k);
        energy[i] = energyScore(output, 1, j * k, k);
      }
      if (options.labels && topKRow(probs, j * k, k, 1).indices[0] === options.labels[i]) correct++;
    }
  }
  return {
    count: images.length,
    msp,
    maxLogit,
    energy,
    ...(options.labels ? { accuracy: correct / images.length } : {}),
  };
}
