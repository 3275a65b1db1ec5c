import { basename } from 'node:path';
import {
  auditModelInfo,
  colormapFromStops,
  decodeImage,
  EXPLAIN_METHODS,
  explain,
  legibleScale,
  loadModel,
  type ModelRegistry,
  noiseImage,
  renderPanels,
  toNpy,
  VISUALIZE_SIGNS,
  visualizeImageAttr,
} from '@snowblind/core';
import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { addModelFlags, loadOptions, modelRef } from '../model-options.js';
import { parseIntFlag } from '../options.js';
import { checkOutputs, writeThenPrint } from '../outputs.js';
import { createProgress } from '../progress.js';
import {
  checkOcclusionFits,
  type ExplainFlags,
  explainOptions,
  type NoiseChoice,
  noiseChoice,
} from './explain-options.js';

/** The reference experiment's custom white→black colormap (0 '#ffffff', 0.25 '#000000', 1 '#000000'). */
const REFERENCE_CMAP = colormapFromStops('reference', [
  [0, '#ffffff'],
  [0.25, '#000000'],
  [1, '#000000'],
]);

/** `snowblind explain`: Captum-style attribution heat map for one noise image or photo. */
/** What `explain`'s progress counts, by method (IG steps, and IG steps over every noise sample, otherwise). */
const PROGRESS_UNITS: Partial<Record<string, string>> = {
  occlusion: 'windows',
  saliency: 'passes',
  'input-x-gradient': 'passes',
};

export function explainCommand(io: CliIo, registry: () => Promise<ModelRegistry>): Command {
  const command = new Command('explain')
    .description('explain one prediction (noise image or photo) with IG, saliency, noise tunnel or occlusion')
    .option('-m, --model <id|path>', 'model id or file (default: the registry default)')
    .option('--image <file>', 'explain a photo instead of a noise image')
    .option('--noise <kind>', 'noise kind of the image to explain', 'seed-wrap')
    .option('-s, --seed <n>', 'noise seed', '0')
    .option('--index <i>', 'which image of the noise set', '0')
    .option('--size <px>', 'noise image width and height', '256')
    .option('--rng <mode>', "random generator: 'default' or 'numpy' (np.random.seed bit-exact)", 'default')
    .addOption(
      new Option('--method <name>', 'attribution method').choices([...EXPLAIN_METHODS]).default('ig'),
    )
    .option('--target <class>', 'class index to explain (default: the top-1 prediction)')
    .option('--steps <n>', 'IG steps (default 200; 50 inside noise tunnels)')
    .option(
      '--internal-batch-size <n>',
      'IG rows per forward/backward pass (default: what fits --memory-budget)',
    )
    .option(
      '--memory-budget <GB>',
      'memory one forward/backward pass may take, picks the IG batch (default 2)',
    )
    .option('--samples <n>', 'noise-tunnel samples (default 10)')
    .option('--stdevs <x>', 'noise-tunnel standard deviation in model-input units (default 1.0)')
    .option('--window <px>', 'occlusion window (default: 15 px on a 224 input, scaled)')
    .option('--stride <px>', 'occlusion stride (default: 8 px on a 224 input, scaled)')
    .addOption(
      new Option('--sign <sign>', 'which attributions to show')
        .choices([...VISUALIZE_SIGNS])
        .default('positive'),
    )
    .option('--outlier-perc <p>', 'percent of attribution mass clipped to full color', '1')
    .addOption(
      new Option(
        '--cmap <name>',
        "'captum': Greens/Reds/Blues by sign; 'reference': the article's white→black map",
      )
        .choices(['captum', 'reference'])
        .default('captum'),
    )
    .option('--scale <k>', 'upscale panels k times (default: 1, or 8 for inputs under 64 px)')
    .option('-o, --out <file.png>', 'heat map PNG (original image beside the map)', 'explanation.png')
    .option('--save-attributions <file.npy>', 'also write the raw attributions as a NumPy .npy file')
    .option('--json', 'print a JSON summary instead of text')
    .option('-q, --quiet', 'no progress output');
  addModelFlags(command);
  return command.action(async (flags: ExplainFlags, self: Command) => {
    const options = explainOptions(flags, self);
    const scale = flags.scale === undefined ? undefined : parseIntFlag('--scale', flags.scale, 1, 64);
    const heatmap = { flag: '--out', path: flags.out, example: 'explanation.png' };
    const npy = flags.saveAttributions;
    const attributions =
      npy === undefined ? [] : [{ flag: '--save-attributions', path: npy, example: 'a.npy' }];
    const noise = flags.image === undefined ? noiseChoice(flags) : undefined;
    await checkOutputs([heatmap, ...attributions], [flags.model, flags.image, flags.preset, flags.labels]);
    const reg = await registry();
    const model = await loadModel(modelRef(flags.model, reg), { ...loadOptions(flags), registry: reg });
    const progress = createProgress(io, { quiet: flags.quiet || flags.json === true });
    try {
      if (flags.method === 'occlusion') checkOcclusionFits(model, options);
      const { image, source } = await pickImage(flags, noise);
      const result = await explain(model, image, {
        ...options,
        onProgress: (p) =>
          progress.update({
            label: `${model.id} · ${flags.method}`,
            processed: p.done,
            total: p.total,
            unit: PROGRESS_UNITS[flags.method] ?? 'steps',
          }),
      });
      progress.stop();
      const map = visualizeImageAttr(result.attributions, result.view, {
        method: 'heat_map',
        sign: flags.sign,
        outlierPerc: Number(flags.outlierPerc),
        layout: result.layout,
        ...(flags.cmap === 'reference' ? { cmap: REFERENCE_CMAP } : {}),
      });
      const png = await renderPanels(
        [
          { image: result.view, title: source },
          {
            image: map,
            title: `${flags.method} · ${result.label} (${result.probability.toFixed(3)})`,
            colorbar: true,
          },
        ],
        { scale: scale ?? legibleScale(result.view) },
      );
      const files = [
        { ...heatmap, data: png },
        ...attributions.map((a) => ({ ...a, data: toNpy(result.attributions, [1, ...result.shape]) })),
      ];
      const summary = {
        model: model.id,
        backend: model.backend,
        engine: auditModelInfo(model).engine,
        ...(model.fallback === undefined ? {} : { fallback: model.fallback }),
        source,
        method: result.method,
        target: result.target,
        label: result.label,
        probability: result.probability,
        ...(result.delta === undefined ? {} : { convergenceDelta: result.delta }),
        params: result.params,
        heatmap: flags.out,
        ...(flags.saveAttributions
          ? { attributions: flags.saveAttributions, shape: [1, ...result.shape] }
          : {}),
      };
      const text = flags.json
        ? `${JSON.stringify(summary, null, 2)}\n`
        : `${source} → ${result.label} (class ${result.target}, p=${result.probability.toFixed(4)}) · ${model.id} on ${model.backend}\n` +
          `${result.method}: ${Object.entries(result.params)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}\n` +
          (result.delta === undefined ? '' : `convergence delta: ${result.delta.toExponential(3)}\n`) +
          `heat map: ${flags.out}\n` +
          (flags.saveAttributions
            ? `attributions: ${flags.saveAttributions} (float32, shape [1, ${result.shape.join(', ')}])\n`
            : '');
      await writeThenPrint(io, files, () => text, {
        lost: 'The summary was printed to stdout; the unwritten files need a rerun.',
      });
    } finally {
      progress.stop();
      await model.dispose();
    }
  });
}

async function pickImage(flags: ExplainFlags, noise: NoiseChoice | undefined) {
  if (noise === undefined) return { image: await decodeImage(flags.image!), source: basename(flags.image!) };
  const { spec, index } = noise;
  return { image: noiseImage(spec, index), source: `${spec.kind} seed ${spec.seed} #${index}` };
}
