/**
 * Where the gradient session of an IG chunk spends its time, per op type and per node:
 * onnxruntime's own profiler (`enableProfiling`) on one batch of the gradient graph, after a
 * warm-up batch, with the runner's session options.
 *
 *   npx tsx --conditions=source tools/bench/ig-profile.ts <model.onnx> [batch=50] [top=25]
 *
 * Prints total kernel ms per op type, then the slowest nodes, for one profiled run.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { buildGradientModel, parseOnnxModel } from '@snowblind/core';
import * as ort from 'onnxruntime-node';
import { GRADIENT_SESSION_OPTIONS, gradientFeeds } from './lib/gradient-batch.js';

const [path, batchArg, topArg] = process.argv.slice(2);
if (!path) throw new Error('usage: ig-profile.ts <model.onnx> [batch] [top]');
const n = Number(batchArg ?? 50);
const top = Number(topArg ?? 25);
const grad = buildGradientModel(parseOnnxModel(readFileSync(path)), { wrt: 'output' });
const session = await ort.InferenceSession.create(grad.bytes, {
  ...GRADIENT_SESSION_OPTIONS,
  enableProfiling: true,
  profileFilePrefix: `/tmp/ig-profile-${process.pid}`,
});
const feeds = gradientFeeds(grad, n);
const walls: number[] = [];
for (let r = 0; r < 2; r++) {
  const start = performance.now();
  await session.run(feeds);
  walls.push(performance.now() - start);
}
session.endProfiling();
await session.release();
const prefix = `ig-profile-${process.pid}`;
const found = readdirSync('/tmp').find((f) => f.startsWith(prefix) && f.endsWith('.json'));
if (!found) throw new Error(`no onnxruntime profile /tmp/${prefix}*.json`);
const file = `/tmp/${found}`;

interface Event {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}
const events = (JSON.parse(readFileSync(file, 'utf8')) as Event[]).filter(
  (e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'),
);
rmSync(file, { force: true });
// Two runs were profiled: keep the second (warm) one, the later half of the node events.
const warm = events.slice(events.length / 2);
const byOp = new Map<string, number>();
const byNode = new Map<string, { op: string; us: number }>();
for (const e of warm) {
  const op = e.args?.op_name ?? '?';
  byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
  const node = e.name.replace(/_kernel_time$/, '');
  byNode.set(node, { op, us: (byNode.get(node)?.us ?? 0) + e.dur });
}
const total = [...byOp.values()].reduce((a, b) => a + b, 0);
console.log(
  `batch ${n}: wall ${walls.map((w) => w.toFixed(0)).join(' / ')} ms; kernels ${(total / 1000).toFixed(0)} ms`,
);
for (const [op, us] of [...byOp].sort((a, b) => b[1] - a[1]))
  console.log(
    `${op.padEnd(24)} ${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %`,
  );
console.log('\nslowest nodes:');
for (const [node, { op, us }] of [...byNode].sort((a, b) => b[1].us - a[1].us).slice(0, top))
  console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${op.padEnd(20)} ${node}`);
