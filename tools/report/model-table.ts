/**
 * The README's table of embedded models: Fashion-MNIST test accuracy, mean and max top-1
 * confidence on each noise kind (made natively at 28×28), and how well the energy score
 * separates noise from real test images (AUROC, FPR@95TPR; OpenOOD convention).
 *
 *   npx tsx tools/report/model-table.ts [--count 1000] [--id-count 10000]
 */
import { parseArgs } from 'node:util';
import {
  type AuditRun,
  loadFashionMnist,
  loadModel,
  ModelRegistry,
  NOISE_KINDS,
  runAudit,
  validateNoiseSpec,
} from '@snowblind/core';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '1000' }, 'id-count': { type: 'string', default: '10000' } },
});
const count = Number(values.count);
const inDistribution = await loadFashionMnist('test', { limit: Number(values['id-count']) });
const kinds = NOISE_KINDS.filter((k) => k !== 'constant');
const registry = await ModelRegistry.open();

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`;
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

console.log(
  `| model | accuracy | ${kinds.map((k) => `${k} mean / max`).join(' | ')} | energy AUROC (min over kinds) | energy FPR@95 (max over kinds) |`,
);
console.log(`|---|---:|${kinds.map(() => '---:').join('|')}|---:|---:|`);
for (const entry of registry.list().filter((e) => e.source === 'builtin')) {
  const model = await loadModel(entry.id, { registry });
  const noise = kinds.map((kind) => validateNoiseSpec({ kind, seed: 0, width: 28, height: 28, channels: 1 }));
  const result = await runAudit({ models: [model], noise, count, batchSize: 256, inDistribution });
  const runs: AuditRun[] = [...result.runs];
  const energy = runs.map((r) => r.ood?.energy ?? r.ood?.msp);
  console.log(
    `| \`${entry.id}\` | ${pct(runs[0]?.ood?.accuracy)} | ${runs.map((r) => `${num(r.describe.mean)} / ${num(r.describe.max)}`).join(' | ')} | ` +
      `${num(Math.min(...energy.map((m) => m?.auroc ?? Number.NaN)))} | ${num(Math.max(...energy.map((m) => m?.fprAtTpr ?? Number.NaN)))} |`,
  );
  await model.dispose();
}
console.log(
  `\n${count} noise images per kind (seed 0, 28×28 gray, made at the models' input size); ${inDistribution.images.length} Fashion-MNIST test images.`,
);
