/**
 * Trains one of snowblind's embedded Fashion-MNIST models and writes it, its labels, its model
 * card and its registry entry under models/.
 *
 *   npx tsx tools/train/train.ts --arch fmnist-cnn [--seed 1] [--epochs 8] [--out models/fmnist-cnn]
 *
 * `--limit N --dry-run` trains on the first N images without saving: used to time an epoch.
 * Runs on TF.js's wasm backend with the conv-gradient kernels of ./wasm-conv-grads.ts (wasm has
 * no Conv2DBackpropFilter; the pure-JS `cpu` backend, `--backend cpu`, is ~60× slower here).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { ARCHS, buildModel, isArch, layerTable } from './architectures.js';
import { type TrainBackend, useBackend } from './backend.js';
import { renderCard, type TrainingRecord, upsertRegistry } from './card.js';
import { FASHION_MNIST_LABELS, IMAGE_SIZE, loadSplit, toFloat } from './fashion-mnist.js';
import { accuracy, meanMaxSoftmax, noiseConfidence } from './metrics.js';
import { saveModel } from './model-io.js';
import { makeNoiseBatch } from './oe-noise.js';
import { deriveSeed, mulberry32, shuffledIndices } from './prng.js';

/** Epochs chosen from measured wasm epoch times so each model trains in ≤ ~15 min (README). */
const DEFAULT_EPOCHS = { 'fmnist-mlp': 15, 'fmnist-cnn': 6, 'fmnist-resnet': 5, 'fmnist-cnn-oe': 8 } as const;
const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
const CLASSES = 10;
const LEARNING_RATE = 1e-3;

const { values } = parseArgs({
  options: {
    arch: { type: 'string' },
    seed: { type: 'string', default: '1' },
    epochs: { type: 'string' },
    batch: { type: 'string', default: '128' },
    out: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    lambda: { type: 'string', default: '0.5' },
    'noise-per-batch': { type: 'string', default: '32' },
    limit: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

const arch = values.arch ?? '';
if (!isArch(arch)) {
  console.error(`--arch must be one of ${ARCHS.join(', ')}`);
  process.exit(2);
}
const seed = Number(values.seed);
const epochs = values.epochs ? Number(values.epochs) : DEFAULT_EPOCHS[arch];
const batchSize = Number(values.batch);
const backend = values.backend as TrainBackend;
const lambda = Number(values.lambda);
const isOe = arch === 'fmnist-cnn-oe';
const noisePerBatch = isOe ? Number(values['noise-per-batch']) : 0;
const realPerBatch = batchSize - noisePerBatch;
const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const outDir = resolve(values.out ?? join(repoRoot, 'models', arch));

/** Cross-entropy from target distribution t to softmax(logits), per sample. Linear in t, so
 * scaling a target row weights that sample (how the OE term gets its λ). */
const softCrossEntropy = (t: tf.Tensor, logits: tf.Tensor): tf.Tensor =>
  tf.neg(tf.sum(tf.mul(t, tf.logSoftmax(logits)), -1));

await useBackend(backend);
const train = await loadSplit('train');
const test = await loadSplit('test');
const n = Math.min(values.limit ? Number(values.limit) : train.count, train.count);
const trainX = toFloat(train.images.subarray(0, n * PIXELS));

const model = buildModel(arch, seed);
model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: softCrossEntropy });
model.summary(undefined, undefined, (line) => console.log(line));
console.log(
  `arch=${arch} seed=${seed} epochs=${epochs} batch=${batchSize}${isOe ? ` (${realPerBatch} real + ${noisePerBatch} noise, λ=${lambda})` : ''} backend=${tf.getBackend()} train=${n}`,
);

/** One epoch's inputs and soft targets, in batch order (fit runs with shuffle off). */
function epochData(epoch: number): { x: Float32Array; y: Float32Array; count: number } {
  const perm = shuffledIndices(n, mulberry32(deriveSeed(seed, epoch)));
  if (!isOe) {
    const x = new Float32Array(n * PIXELS);
    const y = new Float32Array(n * CLASSES);
    for (let i = 0; i < n; i++) {
      const j = perm[i]!;
      x.set(trainX.subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS);
      y[i * CLASSES + train.labels[j]!] = 1;
    }
    return { x, y, count: n };
  }
  // Outlier exposure: batches of realPerBatch real images followed by noisePerBatch noise images.
  // Targets are scaled so the batch-mean loss is mean_real CE + λ · mean_noise CE(uniform).
  const steps = Math.ceil(n / realPerBatch);
  const count = n + steps * noisePerBatch;
  const x = new Float32Array(count * PIXELS);
  const y = new Float32Array(count * CLASSES);
  const noiseRng = mulberry32(deriveSeed(seed, 100_000 + epoch));
  let row = 0;
  for (let s = 0; s < steps; s++) {
    const real = Math.min(realPerBatch, n - s * realPerBatch);
    const size = real + noisePerBatch;
    for (let i = 0; i < real; i++, row++) {
      const j = perm[s * realPerBatch + i]!;
      x.set(trainX.subarray(j * PIXELS, (j + 1) * PIXELS), row * PIXELS);
      y[row * CLASSES + train.labels[j]!] = size / real;
    }
    const noise = toFloat(makeNoiseBatch(noisePerBatch, noiseRng));
    x.set(noise, row * PIXELS);
    y.fill((lambda * size) / noisePerBatch / CLASSES, row * CLASSES, (row + noisePerBatch) * CLASSES);
    row += noisePerBatch;
  }
  return { x, y, count };
}

let trainingMs = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
  const { x, y, count } = epochData(epoch);
  const xs = tf.tensor4d(x, [count, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const ys = tf.tensor2d(y, [count, CLASSES]);
  const t0 = performance.now();
  const history = await model.fit(xs, ys, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
  const ms = performance.now() - t0;
  trainingMs += ms;
  xs.dispose();
  ys.dispose();
  const loss = history.history['loss']![0] as number;
  const acc1k = accuracy(model, test, 1000);
  console.log(
    `epoch ${epoch + 1}/${epochs}: loss ${loss.toFixed(4)}, test@1k ${(100 * acc1k).toFixed(1)}%, ` +
      `${(ms / 1000).toFixed(1)} s (${((1000 * count) / ms).toFixed(0)} img/s, ~${(((ms / count) * (isOe ? 60_000 * (batchSize / realPerBatch) : 60_000)) / 1000) | 0} s per full epoch), tensors ${tf.memory().numTensors}`,
  );
}

const accuracy10k = accuracy(model, test);
const accuracy1k = accuracy(model, test, 1000);
const noiseMsp = noiseConfidence(model);
const testMsp = meanMaxSoftmax(model, test.images, test.count);
console.log(
  `test accuracy 10k ${(100 * accuracy10k).toFixed(2)}%, first 1k ${(100 * accuracy1k).toFixed(2)}%; ` +
    `mean MSP test ${testMsp.toFixed(3)}, noise ${JSON.stringify(noiseMsp)}; training ${(trainingMs / 60000).toFixed(1)} min`,
);

if (values['dry-run']) process.exit(0);

const saved = await saveModel(model, outDir);
writeFileSync(join(outDir, 'labels.txt'), `${FASHION_MNIST_LABELS.join('\n')}\n`);
const defaultOut = resolve(join(repoRoot, 'models', arch));
const command = [
  'npx tsx tools/train/train.ts',
  `--arch ${arch} --seed ${seed} --epochs ${epochs} --batch ${batchSize}`,
  backend !== 'wasm' ? `--backend ${backend}` : '',
  isOe ? `--lambda ${lambda} --noise-per-batch ${noisePerBatch}` : '',
  outDir !== defaultOut ? `--out ${relative(repoRoot, outDir)}` : '',
]
  .filter(Boolean)
  .join(' ');
const record: TrainingRecord = {
  id: arch,
  layers: layerTable(model),
  params: model.countParams(),
  accuracy10k,
  accuracy1k,
  noiseMsp,
  testMsp,
  seed,
  epochs,
  batchSize,
  optimizer: `Adam (lr ${LEARNING_RATE}, β1 0.9, β2 0.999, ε 1e-7; TF.js defaults)`,
  trainingSeconds: trainingMs / 1000,
  backend,
  oe: isOe ? { lambda, realPerBatch, noisePerBatch } : null,
  sha256: saved.sha256,
  weightBytes: saved.weightBytes,
  command,
};
writeFileSync(join(outDir, 'README.md'), renderCard(record));
writeFileSync(join(outDir, 'training.json'), `${JSON.stringify(record, null, 2)}\n`);
if (outDir === defaultOut) upsertRegistry(join(repoRoot, 'models'), record);
console.log(`saved ${outDir} (${saved.weightBytes} bytes of weights)`);
