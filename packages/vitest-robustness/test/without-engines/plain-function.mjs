// Run by without-engines.test.ts under block-engines.mjs: the built packages gate plain
// functions, and a model that needs an engine says which package to install. Prints JSON.
import { createRequire } from 'node:module';
import { loadModel } from '@snowblind/core';
import { checkNoiseRejection } from '@snowblind/vitest-robustness';

const GATE = {
  samples: 20,
  noise: ['seed-wrap', 'gaussian'],
  seed: 1,
  preset: 'fashion-mnist',
  classes: 10,
  artifactsDir: false,
};

/** Logits [20, 0, …]: class 0 at softmax ≈ 1 on every image. */
const confident = (_batch, n) => {
  const out = new Float32Array(n * 10);
  for (let r = 0; r < n; r++) out[r * 10] = 20;
  return out;
};
/** All-zero logits: softmax 0.1 everywhere, never fooled. */
const unsure = (_batch, n) => new Float32Array(n * 10);

async function outcome(run) {
  try {
    return { ok: await run() };
  } catch (error) {
    return { code: error.code, message: error.message, hint: error.hint };
  }
}

const gate = async (fn) => {
  const r = await checkNoiseRejection(fn, GATE);
  return { pass: r.pass, fooled: r.fooled, total: r.total };
};

const result = {
  // The harness itself: both ways of loading an engine must fail, or the test proves nothing.
  blockedImport: await outcome(() => import('onnxruntime-node').then(() => 'loaded')),
  blockedRequire: await outcome(() => createRequire(import.meta.url)('@tensorflow/tfjs')),
  confident: await outcome(() => gate(confident)),
  unsure: await outcome(() => gate(unsure)),
  onnxModel: await outcome(() => loadModel('squeezenet1.1').then(() => 'loaded')),
  tfjsModel: await outcome(() => loadModel('fmnist-cnn').then(() => 'loaded')),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
