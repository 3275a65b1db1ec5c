/**
 * Where one IG explanation's time goes: inside the gradient session (`gradient` calls), inside
 * forward passes, and the rest (alpha scaling, float64 accumulation, preprocessing, target).
 *
 *   npx tsx --conditions=source tools/bench/ig-split.ts <model.onnx> [--steps 200] [--batch 50] [--threads 2] [--repeats 3]
 *
 * Same explanation as the IG row of `npm run bench` (noise image 0, internal batch 50), after a
 * one-chunk warm-up that builds the backward graph.
 */
import { parseArgs } from 'node:util';
import { explain, loadModel, noiseImage } from '@snowblind/core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    steps: { type: 'string', default: '200' },
    batch: { type: 'string', default: '50' },
    threads: { type: 'string', default: '2' },
    repeats: { type: 'string', default: '3' },
  },
});
const path = positionals[0];
if (!path) throw new Error('usage: ig-split.ts <model.onnx> [--steps N] [--batch N] [--threads N]');
const model = await loadModel(path, { threads: Number(values.threads) });
if (!model.gradientModel) throw new Error(`${path}: the model has no gradients`);
const spent = { gradient: 0, forward: 0 };

/** Wraps `fn` so that its time is added to `spent[key]`. */
function timed<A extends unknown[], R>(key: keyof typeof spent, fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    const start = performance.now();
    try {
      return await fn(...args);
    } finally {
      spent[key] += performance.now() - start;
    }
  };
}

const gradientModel = model.gradientModel.bind(model);
model.gradientModel = async () => {
  const g = await gradientModel();
  return { ...g, gradient: timed('gradient', g.gradient), forward: timed('forward', g.forward) };
};
const image = noiseImage({ kind: 'seed-wrap', seed: 0, rng: 'numpy' }, 0);
const internalBatchSize = Number(values.batch);
await explain(model, image, { method: 'ig', nSteps: internalBatchSize, internalBatchSize });
for (let r = 0; r < Number(values.repeats); r++) {
  spent.gradient = 0;
  spent.forward = 0;
  const start = performance.now();
  await explain(model, image, { method: 'ig', nSteps: Number(values.steps), internalBatchSize });
  const total = performance.now() - start;
  const rest = total - spent.gradient - spent.forward;
  console.log(
    `total ${total.toFixed(0)} ms: gradient session ${spent.gradient.toFixed(0)} (${((100 * spent.gradient) / total).toFixed(1)} %), forward ${spent.forward.toFixed(0)}, rest ${rest.toFixed(0)} (${((100 * rest) / total).toFixed(1)} %)`,
  );
}
await model.dispose();
