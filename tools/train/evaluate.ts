/**
 * Loads a saved TF.js LayersModel from disk and prints its Fashion-MNIST test accuracy, and its
 * mean max-softmax on the test set and on the trainer's synthetic noise kinds.
 *
 *   npx tsx tools/train/evaluate.ts models/fmnist-cnn/model.json [--limit 1000] [--backend cpu]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { type TrainBackend, useBackend } from './backend.js';
import { loadSplit } from './fashion-mnist.js';
import { accuracy, meanMaxSoftmax, noiseConfidence } from './metrics.js';
import { loadModel } from './model-io.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    'no-noise': { type: 'boolean', default: false },
  },
});
const path = positionals[0];
if (!path) {
  console.error('usage: evaluate.ts <model.json> [--limit N] [--backend wasm|cpu] [--no-noise]');
  process.exit(2);
}

await useBackend(values.backend as TrainBackend);
const model = await loadModel(path);
const test = await loadSplit('test');
const limit = Math.min(values.limit ? Number(values.limit) : test.count, test.count);
const acc = accuracy(model, test, limit);
console.log(
  `${path}: accuracy ${acc.toFixed(4)} on the first ${limit} test images (backend ${tf.getBackend()})`,
);
console.log(`mean max-softmax on those test images: ${meanMaxSoftmax(model, test.images, limit).toFixed(3)}`);
if (!values['no-noise']) {
  for (const [kind, msp] of Object.entries(noiseConfidence(model))) {
    console.log(`mean max-softmax on 500 ${kind} noise images: ${msp.toFixed(3)}`);
  }
}
model.dispose();
