/**
 * A/B test of backward-graph formulations on an IG chunk: the gradient graph is built once per
 * variant with the given environment switches set during the build (e.g. `SNOWBLIND_POLYPHASE=0`
 * for the ConvTranspose input gradient of strided convs), then the same batch runs through each
 * session in turn, so machine load hits all of them. The first round checks the gradients agree.
 *
 *   npx tsx --conditions=source tools/bench/ig-graph-ab.ts <model.onnx> '{"convtranspose":{"SNOWBLIND_POLYPHASE":"0"},"polyphase":{}}' [rounds=7] [batch=50]
 *
 * Session options are the gradient runner's (2 intra-op threads, optimisation `all`, no memory
 * pattern) without spinning threads (`SNOWBLIND_AB_SPIN=1` keeps the runner's spinning), so that
 * CPU time measures the work done: on a shared, loaded machine that ratio is the steadier one.
 */
import { readFileSync } from 'node:fs';
import { buildGradientModel, linearQuantile, parseOnnxModel } from '@snowblind/core';
import * as ort from 'onnxruntime-node';
import { abSessionOptions, gradientFeeds } from './lib/gradient-batch.js';

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

const sessionOptions = abSessionOptions();
const built = Object.entries(variants).map(([name, env]) => [name, buildWith(env)] as const);
const sessions = await Promise.all(
  built.map(
    async ([name, grad]) =>
      [name, grad, await ort.InferenceSession.create(grad.bytes, sessionOptions)] as const,
  ),
);
// The same batch for each (the target input's name can differ between the graphs).
const feeds = new Map(built.map(([name, grad]) => [name, gradientFeeds(grad, n)]));
const times = new Map<string, number[]>();
const cpu = new Map<string, number[]>();
let reference: Float32Array | undefined;
for (let r = -1; r < rounds; r++) {
  for (const [name, g, session] of sessions) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const out = await session.run(feeds.get(name)!);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    if (r >= 0) cpu.set(name, [...(cpu.get(name) ?? []), (used.user + used.system) / 1000]);
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
const median = (values: readonly number[]) =>
  linearQuantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const [firstName] = times.keys();
for (const [label, table] of [
  ['wall', times],
  ['cpu', cpu],
] as const) {
  console.log(
    `\n${label} ms per batch (median; each round), and the median of per-round ratios to ${firstName}:`,
  );
  const first = table.get(firstName!)!;
  for (const [name, ms] of table) {
    const ratio = median(ms.map((v, i) => first[i]! / v));
    console.log(
      `${name.padEnd(18)} ${median(ms).toFixed(0).padStart(6)}  ${ratio.toFixed(3)}×  (${ms.map((x) => x.toFixed(0)).join(' ')})`,
    );
  }
}
await Promise.all(sessions.map(([, , session]) => session.release()));
