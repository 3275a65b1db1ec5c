/**
 * What reporting IG's progress costs: `explain`'s IG with the steps in one gradient call
 * (`internalBatchSize` = steps, as before progress) against its default, the budget's batch split
 * in at least 10 calls so the progress moves. The two run in turn, the first of each round
 * alternating, so machine load hits both; prints each round and the median ratio split / one call
 * (below 1: splitting is faster), and the largest attribution difference.
 *
 *   npx tsx --conditions=source tools/bench/ig-progress-chunks.ts [model] [--steps 50] [--rounds 5] [--threads 2]
 *
 * The model defaults to the built-in SqueezeNet 1.1 (models/squeezenet1.1).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { explain, loadModel, noiseImage } from '@snowblind/core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    steps: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '5' },
    threads: { type: 'string', default: '2' },
  },
});
const path =
  positionals[0] ??
  fileURLToPath(new URL('../../models/squeezenet1.1/squeezenet1.1-fp16.onnx', import.meta.url));
const nSteps = Number(values.steps);
const model = await loadModel(path, { threads: Number(values.threads) });
const image = noiseImage({ kind: 'seed-wrap', seed: 0, rng: 'numpy' }, 0);
const variants = {
  'one call': { internalBatchSize: nSteps },
  split: {},
} as const;

async function timed(options: { internalBatchSize?: number }) {
  let reports = 0;
  const start = performance.now();
  const result = await explain(model, image, {
    method: 'ig',
    nSteps,
    ...options,
    onProgress: () => reports++,
  });
  return { seconds: (performance.now() - start) / 1000, reports, result };
}

await timed(variants.split); // warm-up: builds the backward graph
const ratios: number[] = [];
let maxDiff = 0;
let scale = 0;
for (let r = 0; r < Number(values.rounds); r++) {
  const order = r % 2 === 0 ? (['one call', 'split'] as const) : (['split', 'one call'] as const);
  const runs: Record<string, Awaited<ReturnType<typeof timed>>> = {};
  for (const name of order) runs[name] = await timed(variants[name]);
  const [one, split] = [runs['one call']!, runs['split']!];
  ratios.push(split.seconds / one.seconds);
  one.result.attributions.forEach((a, j) => {
    maxDiff = Math.max(maxDiff, Math.abs(a - split.result.attributions[j]!));
    scale = Math.max(scale, Math.abs(a));
  });
  console.log(
    `round ${r + 1}: one call ${one.seconds.toFixed(2)} s (${one.reports} reports), split ${split.seconds.toFixed(2)} s (${split.reports} reports, batch ${split.result.params['internalBatchSize']}): ${ratios.at(-1)!.toFixed(2)}×`,
  );
}
ratios.sort((a, b) => a - b);
console.log(
  `median split / one call: ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}× over ${ratios.length} rounds; max |Δ attribution| ${maxDiff.toExponential(2)} (${(maxDiff / scale).toExponential(2)} of the largest)`,
);
await model.dispose();
