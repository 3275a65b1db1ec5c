/**
 * Per-image time of the gradient graph at several batch sizes (IG's internal batch), in one
 * session and one process: every round runs each batch size once, in turn, so machine load hits
 * them all; printed are the medians over rounds of wall and CPU ms per image and the medians of
 * the per-round ratios to the first size.
 *
 *   npx tsx --conditions=source tools/bench/ig-batch-sweep.ts <model.onnx> [sizes=50,8,16,25,32,100] [rounds=5]
 *
 * Session options as `ig-graph-ab.ts` (the runner's, threads not spinning unless
 * `SNOWBLIND_AB_SPIN=1`).
 */
import { readFileSync } from 'node:fs';
import { buildGradientModel, linearQuantile, parseOnnxModel } from '@snowblind/core';
import * as ort from 'onnxruntime-node';
import { abSessionOptions, gradientFeeds } from './lib/gradient-batch.js';

const [path, sizesArg, roundsArg] = process.argv.slice(2);
if (!path) throw new Error('usage: ig-batch-sweep.ts <model.onnx> [sizes] [rounds]');
const sizes = (sizesArg ?? '50,8,16,25,32,100').split(',').map(Number);
const rounds = Number(roundsArg ?? 5);
const grad = buildGradientModel(parseOnnxModel(readFileSync(path)), { wrt: 'output' });
const session = await ort.InferenceSession.create(grad.bytes, abSessionOptions());
const feeds = new Map(sizes.map((n) => [n, gradientFeeds(grad, n)]));
const wall = new Map<number, number[]>(sizes.map((n) => [n, []]));
const cpu = new Map<number, number[]>(sizes.map((n) => [n, []]));
// Round −1 warms every size up (onnxruntime allocates per shape on the first run).
for (let r = -1; r < rounds; r++) {
  for (const n of sizes) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await session.run(feeds.get(n)!);
    const used = process.cpuUsage(cpuStart);
    if (r < 0) continue;
    wall.get(n)!.push((performance.now() - start) / n);
    cpu.get(n)!.push((used.user + used.system) / 1000 / n);
  }
}
await session.release();
const median = (values: readonly number[]) =>
  linearQuantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
for (const [label, table] of [
  ['wall', wall],
  ['cpu', cpu],
] as const) {
  const first = table.get(sizes[0]!)!;
  console.log(`\n${label} ms per image (median of ${rounds} rounds; per-round ratio to batch ${sizes[0]}):`);
  for (const [n, ms] of table) {
    const ratio = median(ms.map((v, i) => first[i]! / v));
    console.log(
      `batch ${String(n).padStart(4)}  ${median(ms).toFixed(1).padStart(7)}  ${ratio.toFixed(3)}×  (${ms.map((v) => v.toFixed(1)).join(' ')})`,
    );
  }
}
