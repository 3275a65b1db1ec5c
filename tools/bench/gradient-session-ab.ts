/**
 * A/B test of onnxruntime session options on snowblind's gradient graph: one session per variant,
 * the same batch through each in turn (so machine load hits all of them), median ms per batch.
 * The first round checks that every variant's input gradient equals the first variant's.
 *
 *   npx tsx --conditions=source tools/bench/gradient-session-ab.ts <model.onnx> '<{"name": SessionOptions, …}>' [rounds] [batch]
 *   e.g. '{"base":{},"nospin":{"extra":{"session":{"intra_op":{"allow_spinning":"0"}}}}}'
 *
 * Options are merged over the gradient runner's own (2 intra-op threads, optimisation `all`, no
 * memory pattern).
 */
import { readFileSync } from 'node:fs';
import { buildGradientModel, linearQuantile, parseOnnxModel } from '@snowblind/core';
import * as ort from 'onnxruntime-node';
import { GRADIENT_SESSION_OPTIONS, gradientFeeds } from './lib/gradient-batch.js';

const [path, json, roundsArg, batchArg] = process.argv.slice(2);
if (!path || !json)
  throw new Error('usage: gradient-session-ab.ts <model.onnx> <variants JSON> [rounds] [batch]');
const variants = JSON.parse(json) as Record<string, ort.InferenceSession.SessionOptions>;
const rounds = Number(roundsArg ?? 5);
const n = Number(batchArg ?? 50);
const grad = buildGradientModel(parseOnnxModel(readFileSync(path)), { wrt: 'output' });
const base = GRADIENT_SESSION_OPTIONS;
const sessions = await Promise.all(
  Object.entries(variants).map(
    async ([name, options]) =>
      [name, await ort.InferenceSession.create(grad.bytes, { ...base, ...options })] as const,
  ),
);
const feeds = gradientFeeds(grad, n);
const times = new Map<string, number[]>();
let reference: Float32Array | undefined;
for (let r = -1; r < rounds; r++) {
  for (const [name, session] of sessions) {
    const start = performance.now();
    const out = await session.run(feeds);
    const ms = performance.now() - start;
    const gradient = out[grad.outputNames.gradient]!.data as Float32Array;
    if (r >= 0) times.set(name, [...(times.get(name) ?? []), ms]);
    else if (!reference) reference = gradient.slice();
    else {
      const diff = gradient.reduce((worst, g, i) => Math.max(worst, Math.abs(g - reference![i]!)), 0);
      console.log(`${name}: max |gradient − first variant's| = ${diff}`);
    }
  }
}
for (const [name, ms] of times) {
  const median = linearQuantile(
    [...ms].sort((a, b) => a - b),
    0.5,
  );
  console.log(
    `${name.padEnd(12)} median ${median.toFixed(0)} ms (${((n / median) * 1000).toFixed(1)} images/s); ${ms.map((x) => x.toFixed(0)).join(' ')}`,
  );
}
await Promise.all(sessions.map(([, session]) => session.release()));
