import {
  energyScore,
  inputShape,
  loadFashionMnist,
  maxLogitScore,
  mspScore,
  preprocessInto,
  softmax,
} from '@snowblind/core';
import type { IdScores, IdScoresJob, RegistryLocation } from './job-types.js';
import { cachedClassifier } from './model-cache.js';

const BATCH = 256;

/** Detector scores of a model on the first `limit` Fashion-MNIST test images. */
export async function runIdScoresJob(job: IdScoresJob, location: RegistryLocation): Promise<IdScores> {
  const { classifier } = await cachedClassifier(job.model, location);
  const data = await loadFashionMnist('test', { limit: job.limit });
  const { size } = inputShape(classifier.preset, classifier.inputChannels);
  const C = classifier.numClasses;
  const msp: number[] = [];
  const logitsKind = classifier.outputKind === 'logits';
  const maxLogit: number[] = [];
  const energy: number[] = [];
  const batch = new Float32Array(BATCH * size);
  for (let start = 0; start < data.images.length; start += BATCH) {
    const n = Math.min(BATCH, data.images.length - start);
    for (let j = 0; j < n; j++) preprocessInto(data.images[start + j]!, classifier.preset, batch, j * size);
    const out = await classifier.predict(n === BATCH ? batch : batch.subarray(0, n * size), n);
    const probs = logitsKind ? softmax(out, n, C) : out;
    for (let j = 0; j < n; j++) {
      msp.push(mspScore(probs, j * C, C));
      if (logitsKind) {
        maxLogit.push(maxLogitScore(out, j * C, C));
        energy.push(energyScore(out, 1, j * C, C));
      }
    }
  }
  return { msp, maxLogit: logitsKind ? maxLogit : null, energy: logitsKind ? energy : null };
}
