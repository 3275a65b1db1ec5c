import { join } from 'node:path';
import {
  encodePng,
  FOOL_ENCODINGS,
  FOOL_METHODS,
  FOOL_STEPS,
  type FoolReport,
  foolTargets,
  loadInDistribution,
  loadModel,
  type ModelRegistry,
  NOISE_KINDS,
  toFoolReport,
} from '@snowblind/core';
import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { addModelFlags, loadOptions, modelRef } from '../model-options.js';
import { collect, MAX_COUNT, parseIntFlag } from '../options.js';
import { checkOutputs, writeThenPrint } from '../outputs.js';
import { createProgress } from '../progress.js';
import { type FoolFlags, parseTargets, searchOptions } from './fool-options.js';

/** `snowblind fool`: search for the noise a model is most sure about. */
export function foolCommand(io: CliIo, registry: () => Promise<ModelRegistry>): Command {
  const command = new Command('fool')
    .description(
      'search for the most convincing noise: raise a class by gradient ascent or evolution from seeded noise',
    )
    .option('-m, --model <id|path>', 'model id or file (default: the registry default)')
    .option('--target <class>', 'class index to raise')
    .option('--any', 'raise whatever class is currently best (the default)')
    .option('--targets <list>', "comma-separated class indices, or 'all': one search per class")
    .addOption(
      new Option('--method <name>', 'gradient ascent, or evolution (forward passes only)').choices([
        ...FOOL_METHODS,
      ]),
    )
    .addOption(
      new Option('--encoding <name>', 'what evolution mutates (default low-frequency)').choices([
        ...FOOL_ENCODINGS,
      ]),
    )
    .option('--budget <n>', 'iterations: gradient steps or generations', '100')
    .option('--goal <p>', 'stop once the target softmax reaches this', '0.99')
    .option('--linf <levels>', 'L∞ bound around the start image in gray levels (default 8)')
    .option('--l2 <levels>', 'L2 bound around the start image')
    .option('--smooth <levels>', 'max difference between neighbouring pixels of the change (whole number)')
    .option('--unbounded', 'no bound around the start image, only the pixel range')
    .addOption(new Option('--step <kind>', 'gradient step: sign (L∞) or l2').choices([...FOOL_STEPS]))
    .option('--step-size <levels>', 'gradient step length (default 2.5·ε/budget)')
    .option('--population <n>', 'evolution offspring per generation', '16')
    .option('--grid <cells>', 'low-frequency grid cells per side')
    .option('--noise <kind>', `start noise kind: ${NOISE_KINDS.join(', ')}`, 'seed-wrap')
    .option('--noise-param <key=value>', 'noise parameter, e.g. std=30 (repeatable)', collect)
    .option('-s, --seed <n>', 'noise seed (and evolution seed)', '0')
    .option('--index <i>', 'first start image of the noise set', '0')
    .option('--starts <n>', 'start images per target (the best counts)', '1')
    .option('--baseline <n>', 'random noise images the OOD view compares with', '100')
    .option(
      '--in-distribution <name|folder>',
      'real images for the OOD view: fashion-mnist-test, or a folder',
    )
    .option('--id-count <n>', 'use only the first n real images', '1000')
    .option('-o, --out <dir>', 'folder for the found PNGs (and fool.json)', 'fool-out')
    .option('--json', 'print the JSON report instead of the table')
    .option('-q, --quiet', 'no progress output');
  addModelFlags(command);
  return command.action(async (flags: FoolFlags, self: Command) => {
    const options = searchOptions(flags, self);
    await checkOutputs([{ flag: '--out', path: flags.out, kind: 'dir' }]);
    const reg = await registry();
    const model = await loadModel(modelRef(flags.model, reg), { ...loadOptions(flags), registry: reg });
    const progress = createProgress(io, { quiet: flags.quiet || flags.json === true });
    try {
      const targets = parseTargets(flags, model.numClasses);
      const real = flags.inDistribution
        ? await loadInDistribution(flags.inDistribution, {
            limit: parseIntFlag('--id-count', flags.idCount ?? '1000', 1, MAX_COUNT),
          })
        : undefined;
      const budget = options.budget;
      const began = performance.now();
      const result = await foolTargets(model, targets, {
        ...options,
        ...(real ? { real } : {}),
        onProgress: (p) => {
          const processed = p.search * (budget + 1) + p.iteration + 1;
          progress.update({
            label: `${model.id} · fool`,
            processed,
            total: p.searches * (budget + 1),
            rate: processed / Math.max((performance.now() - began) / 1000, 1e-3),
            unit: 'it',
          });
        },
      });
      progress.stop();
      const names = result.results.map(
        (r) =>
          `${r.target === 'any' ? `any-${r.reachedClass}` : `target-${r.target}`}-${r.noise.kind}-s${r.noise.seed}-i${r.index}.png`,
      );
      const report = toFoolReport(result, names);
      const json = `${JSON.stringify(report, null, 2)}\n`;
      const file = (name: string, data: string | Uint8Array) => ({
        flag: '--out',
        path: join(flags.out, name),
        data,
      });
      const pngs = await Promise.all(result.results.map((r) => encodePng(r.image)));
      await writeThenPrint(
        io,
        [...names.map((name, i) => file(name, pngs[i]!)), file('fool.json', json)],
        (failed) => (flags.json || failed ? json : formatFoolText(report, flags.out)),
        {
          lost: 'The JSON report (fool.json) was printed to stdout; the images need a rerun.',
          folder: flags.out,
        },
      );
    } finally {
      progress.stop();
      await model.dispose();
    }
  });
}

const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/** The per-target table, then the OOD view. */
export function formatFoolText(report: FoolReport, out: string): string {
  const first = report.results[0]!;
  const bounds = Object.entries(first.bounds)
    .map(([k, v]) => `${k === 'linf' ? 'L∞' : k === 'l2' ? 'L2' : 'smooth'} ≤ ${v}`)
    .join(', ');
  const how =
    first.method === 'gradient' ? `gradient (${first.step} steps)` : `evolution (${first.encoding})`;
  const lines = [
    `fool ${report.model.id} on ${report.model.backend} · ${how} · ${report.noise.kind} seed ${report.noise.seed} · ${bounds || 'pixel range only'}`,
  ];
  const labelWidth = Math.max(5, ...report.results.map((r) => r.label.length));
  lines.push(
    `${lpad('target', 6)}  ${pad('label', labelWidth)}  ${lpad('start', 7)}  ${lpad('final', 7)}  ${lpad('preset', 7)}  ${lpad('iters', 5)}  ${pad('stop', 7)}  constraints`,
  );
  for (const r of report.results) {
    const measured = r.constraints
      .filter((c) => c.constraint !== 'noise-params')
      .map((c) => `${c.constraint} ${Number.isInteger(c.value) ? c.value : c.value.toFixed(1)}`)
      .join(', ');
    lines.push(
      `${lpad(r.target === 'any' ? `any→${r.reachedClass}` : String(r.target), 6)}  ${pad(r.label, labelWidth)}  ${lpad(r.startConfidence.toFixed(4), 7)}  ${lpad(r.confidence.toFixed(4), 7)}  ${lpad(r.presetConfidence.toFixed(4), 7)}  ${lpad(String(r.iterations), 5)}  ${pad(r.stopReason, 7)}  ${r.constraintsHeld ? 'held' : 'VIOLATED'} (${measured})`,
    );
  }
  lines.push(
    '',
    'OOD view (mean / max)       MSP                max-logit            energy               AUROC vs real (MSP, max-logit, energy)',
  );
  const fmt = (s: { mean: number | null; max: number | null } | null) =>
    s ? `${(s.mean ?? Number.NaN).toFixed(3)} / ${(s.max ?? Number.NaN).toFixed(3)}` : '-';
  for (const g of report.ood.groups) {
    const auroc = g.aurocVsReal
      ? [g.aurocVsReal.msp, g.aurocVsReal.maxLogit, g.aurocVsReal.energy]
          .map((v) => (v === null ? '-' : v.toFixed(3)))
          .join(', ')
      : '';
    lines.push(
      `${pad(`${g.name} (${g.msp.count})`, 26)}  ${pad(fmt(g.msp), 17)}  ${pad(fmt(g.maxLogit), 19)}  ${pad(fmt(g.energy), 19)}  ${auroc}`,
    );
  }
  lines.push('', `images and fool.json: ${out}`);
  return `${lines.join('\n')}\n`;
}
