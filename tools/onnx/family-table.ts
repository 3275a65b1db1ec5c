/**
 * The family table of tools/onnx/README.md: every torchvision classification family, exported
 * with random weights and a dynamic batch at each opset, through the built CLI's `gradcheck` and
 * `explain --method ig`, with the ops the model uses and each command's peak RSS. Heavy: run it
 * at low priority (the commands themselves run under `nice -n 10`).
 *
 *     npm run build -w @snowblind/core -w @snowblind/cli   # the CLI runs from dist/
 *     npx tsx --conditions=source tools/onnx/family-table.ts   # all families, opsets 14 and 17
 *     npx tsx --conditions=source tools/onnx/family-table.ts --opsets 17 swin_t   # some: printed only
 *
 * Exports and results are cached in `--cache` (default /tmp/snowblind-family-table): a rerun
 * only runs what is missing (`--rerun` runs the commands again on the cached exports).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { familyTableMarkdown, withFamilyTable } from './lib/family-markdown.js';
import { exportFamily, type FamilyResult, opsOf, runGradcheck, runIg } from './lib/family-run.js';

/** The 19 classification families of issue 17 (one model each). */
export const FAMILIES = [
  'alexnet',
  'vgg11',
  'resnet18',
  'resnext50_32x4d',
  'squeezenet1_1',
  'densenet121',
  'inception_v3',
  'mobilenet_v2',
  'mobilenet_v3_small',
  'mnasnet0_5',
  'efficientnet_b0',
  'efficientnet_v2_s',
  'regnet_x_400mf',
  'regnet_y_400mf',
  'googlenet',
  'shufflenet_v2_x0_5',
  'convnext_tiny',
  'swin_t',
  'vit_b_16',
] as const;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cache: { type: 'string', default: '/tmp/snowblind-family-table' },
    opsets: { type: 'string', default: '14,17' },
    size: { type: 'string', default: '64' },
    rerun: { type: 'boolean', default: false },
  },
});
const families = positionals.length > 0 ? positionals : [...FAMILIES];
const opsets = flags.opsets!.split(',').map(Number);
const size = Number(flags.size);

function log(message: string): void {
  const load = loadavg()[0]!.toFixed(2);
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)} load ${load}] ${message}\n`);
}

function runFamily(family: string, opset: number): FamilyResult {
  const dir = join(flags.cache!, `size${size}-o${opset}`);
  mkdirSync(dir, { recursive: true });
  const cached = join(dir, `${family}.result.json`);
  if (!flags.rerun) {
    try {
      return JSON.parse(readFileSync(cached, 'utf8')) as FamilyResult;
    } catch {}
  }
  log(`${family} opset ${opset}: export`);
  const exported = exportFamily(family, opset, size, dir);
  let result: FamilyResult;
  if (exported.error) {
    rmSync(exported.file, { force: true });
    result = { family, opset, ops: [], exportError: exported.error };
  } else {
    const { ops, side } = opsOf(exported.file);
    log(`${family} opset ${opset}: gradcheck`);
    const gradcheck = runGradcheck(exported.file);
    log(`${family} opset ${opset}: IG`);
    const ig = runIg(exported.file);
    result = { family, opset, side, ops, gradcheck, ig };
  }
  writeFileSync(cached, `${JSON.stringify(result, null, 1)}\n`);
  log(`${family} opset ${opset}: gradcheck ${result.gradcheck?.status}, IG ${result.ig?.status}`);
  return result;
}

const results: FamilyResult[] = [];
for (const family of families) for (const opset of opsets) results.push(runFamily(family, opset));

const note =
  `Made by \`npx tsx tools/onnx/family-table.ts\` (${new Date().toISOString().slice(0, 10)}): ` +
  `\`export_torchvision.py --random-weights --redraw-zero-weights --size ${size}\` (alexnet, vgg11 ` +
  `and vit_b_16 at 224, inception_v3 at ${Math.max(size, 96)}) with a dynamic batch; \`snowblind gradcheck\` (4 directions) ` +
  'and `snowblind explain --method ig` (200 steps, default memory budget) from the built CLI, each ' +
  'in its own process; peak RSS from `/usr/bin/time -v`.';
const table = familyTableMarkdown(results, note);
if (positionals.length === 0) {
  const readme = fileURLToPath(new URL('./README.md', import.meta.url));
  writeFileSync(readme, withFamilyTable(readFileSync(readme, 'utf8'), table));
  log(`updated ${readme}`);
} else process.stdout.write(`${table}\n`);
