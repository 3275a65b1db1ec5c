/**
 * A TF.js LayersModel converted to ONNX against TF.js itself: conversion time, inference speed
 * of the converted model on onnxruntime vs TF.js on wasm and cpu (ratios measured in this run),
 * its forward+backward rate (the input gradient snowblind's explanations use), and agreement
 * (max relative error, top-1) on seeded noise images.
 *
 *   node --conditions=source --import tsx tools/bench/tfjs-convert.ts [model.json]
 *     [--batch 8] [--repeats 3] [--threads 2] [--agree 64] [--cpu-images 2]
 *
 * Default model: the zoo MobileNet v1 0.75 (`../shared/zoo`, 224 × 224, tf-mobilenet preset).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  convertTfjsToOnnx,
  createOnnxGradientRunner,
  createOnnxSession,
  noiseImages,
  PRESETS,
  preprocess,
  readTfjsFromDisk,
  serializeOnnxModel,
} from '@snowblind/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Tensor } from 'onnxruntime-node';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    batch: { type: 'string', default: '8' },
    repeats: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    agree: { type: 'string', default: '64' },
    'cpu-images': { type: 'string', default: '2' },
  },
});
const path =
  positionals[0] ??
  fileURLToPath(new URL('../../../shared/zoo/mobilenet-v1-0.75-tfjs/model.json', import.meta.url));
const batch = Number(values.batch);
const repeats = Number(values.repeats);

await tf.setBackend('cpu');
const source = await readTfjsFromDisk(path);
const conversions: number[] = [];
let bytes: Uint8Array = new Uint8Array();
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  bytes = serializeOnnxModel(convertTfjsToOnnx(source));
  conversions.push(performance.now() - start);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`model            ${path}`);
console.log(
  `conversion       ${median(conversions).toFixed(0)} ms (median of 5, ${(bytes.length / 1e6).toFixed(1)} MB ONNX)`,
);

const probe = await tf.loadLayersModel(tf.io.fromMemory(source.artifacts));
const [h, w, c] = probe.inputs[0]!.shape.slice(1) as [number, number, number];
probe.dispose();
const preset = c === 1 ? PRESETS['fashion-mnist'] : PRESETS['tf-mobilenet'];
const size = h * w * c;

function noiseBatch(start: number, n: number): Float32Array {
  const out = new Float32Array(n * size);
  let i = 0;
  const spec = {
    kind: 'uniform' as const,
    seed: 1,
    width: w,
    height: h,
    channels: (c === 1 ? 1 : 3) as 1 | 3,
  };
  for (const image of noiseImages(spec, start, n)) out.set(preprocess(image, preset), size * i++);
  return out;
}

const session = await createOnnxSession(bytes, { threads: Number(values.threads) });
async function onnxPredict(x: Float32Array, n: number): Promise<Float32Array> {
  const out = await session.run({ [session.inputNames[0]!]: new Tensor('float32', x, [n, h, w, c]) });
  return out[session.outputNames[0]!]!.data as Float32Array;
}

async function tfjsModel(backend: 'wasm' | 'cpu'): Promise<(x: Float32Array, n: number) => Float32Array> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = await tf.loadLayersModel(tf.io.fromMemory(source.artifacts));
  return (x, n) =>
    tf.tidy(() => (model.predict(tf.tensor(x, [n, h, w, c])) as tf.Tensor).dataSync() as Float32Array);
}

/** Images per second of `run` on batches of `n`, best of `repeats` after one warm-up. */
async function rate(run: (x: Float32Array, n: number) => unknown, n: number, times: number): Promise<number> {
  const x = noiseBatch(0, n);
  await run(x, n);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < times; r++) {
    const start = performance.now();
    await run(x, n);
    best = Math.min(best, performance.now() - start);
  }
  return (n * 1000) / best;
}

const onnxRate = await rate(onnxPredict, batch, repeats);
const wasm = await tfjsModel('wasm');
const wasmRate = await rate(wasm, batch, repeats);
const cpuImages = Number(values['cpu-images']);
const cpuRate = await rate(await tfjsModel('cpu'), cpuImages, 1);
console.log(`onnxruntime      ${onnxRate.toFixed(1)} img/s (batch ${batch}, ${values.threads} threads)`);
console.log(
  `TF.js wasm       ${wasmRate.toFixed(1)} img/s   → converted ${(onnxRate / wasmRate).toFixed(1)}× faster`,
);
console.log(
  `TF.js cpu        ${cpuRate.toFixed(2)} img/s   → converted ${(onnxRate / cpuRate).toFixed(0)}× faster`,
);

const gradients = await createOnnxGradientRunner(bytes, { threads: Number(values.threads) });
const gradientRate = await rate(
  (x, n) =>
    gradients.forwardBackward(
      x,
      n,
      Array.from({ length: n }, () => 0),
    ),
  batch,
  repeats,
);
await gradients.dispose();
console.log(`ONNX gradient    ${gradientRate.toFixed(1)} img/s (forward + input gradient, batch ${batch})`);

await tf.setBackend('wasm');
const agree = Number(values.agree);
let worst = 0;
let same = 0;
for (let start = 0; start < agree; start += batch) {
  const n = Math.min(batch, agree - start);
  const x = noiseBatch(start, n);
  const a = await onnxPredict(x, n);
  const b = wasm(x, n);
  const classes = a.length / n;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  worst = Math.max(worst, diff / scale);
  for (let r = 0; r < n; r++) {
    const row = (v: Float32Array) => v.subarray(r * classes, (r + 1) * classes);
    const top = (v: Float32Array) => row(v).indexOf(Math.max(...row(v)));
    if (top(a) === top(b)) same++;
  }
}
console.log(
  `agreement        ${same}/${agree} same top-1 as TF.js wasm, max relative error ${worst.toExponential(1)}`,
);
await session.release();
