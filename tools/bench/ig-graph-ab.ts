/**
 * A/B test of backward-graph formulations on an IG chunk: the gradient graph is built once per
 * variant with the given environment switches set during the build (e.g. `SNOWBLIND_POLYPHASE=0`
 * for the ConvTranspose input gradient of strided convs), then the same batch runs through each
 * session in turn, so machine load hits all of them. The first round checks the gradients agree.
 *
 *   npx tsx tools/bench/ig-graph-ab.ts <model.onnx> '{"convtranspose":{"SNOWBLIND_POLYPHASE":"0"},"polyphase":{}}' [rounds=7] [batch=50]
 *
 * Session options are the gradient runner's (2 intra-op threads, optimisation `all`, no memory
 * pattern).
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { linearQuantile } from '../../packages/core/src/index.js';
import { buildGradientModel } from '../../packages/core/src/onnx/gradient-model.js';
import { parseOnnxModel } from '../../packages/core/src/onnx/model.js';
import { GRADIENT_SESSION_OPTIONS, gradientFeeds } from './lib/gradient-batch.js';

const [path, json, roundsArg, batchArg] = process.argv.slice(2);
if (!path || !json) throw new Error('usage: ig-graph-ab.ts <model.onnx> <variants JSON> [rounds] [batch]');
const variants = JSON.parse(json) as Record<string, Record<string, string>>;
const rounds = Number(roundsArg ?? 7);
const n = Number(batchArg ?? 50);
const bytes = readFileSync(path);

function buildWith(env: Record<string, string>) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return buildGradientModel(parseOnnxModel(bytes), { wrt: 'output' });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const built = Object.entries(variants).map(([name, env]) => [name, buildWith(env)] as const);
const sessions = await Promise.all(
  built.map(
    async ([name, grad]) =>
      [name, grad, await ort.InferenceSession.create(grad.bytes, GRADIENT_SESSION_OPTIONS)] as const,
  ),
);
const feeds = gradientFeeds(built[0]![1], n);
const times = new Map<string, number[]>();
let reference: Float32Array | undefined;
for (let r = -1; r < rounds; r++) {
  for (const [name, g, session] of sessions) {
    const start = performance.now();
    const out = await session.run(feeds);
    const ms = performance.now() - start;
    const gradient = out[g.outputNames.gradient]!.data as Float32Array;
    if (r >= 0) times.set(name, [...(times.get(name) ?? []), ms]);
    else if (!reference) reference = gradient.slice();
    else {
      let scale = 0;
      let diff = 0;
      for (let i = 0; i < gradient.length; i++) {
        scale = Math.max(scale, Math.abs(reference[i]!));
        diff = Math.max(diff, Math.abs(gradient[i]! - reference[i]!));
      }
      console.log(
        `${name}: max |gradient − first variant's| / max |gradient| = ${(diff / scale).toExponential(2)}`,
      );
    }
  }
}
const medians = new Map<string, number>();
for (const [name, ms] of times) {
  const median = linearQuantile(
    [...ms].sort((a, b) => a - b),
    0.5,
  );
  medians.set(name, median);
  console.log(`${name.padEnd(14)} median ${median.toFixed(0)} ms; ${ms.map((x) => x.toFixed(0)).join(' ')}`);
}
const [first] = medians.values();
for (const [name, median] of medians)
  console.log(`${name.padEnd(14)} ${(first! / median).toFixed(3)}× the first`);
await Promise.all(sessions.map(([, , session]) => session.release()));
