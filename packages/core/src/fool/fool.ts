import { auditModelInfo, softmax, topK } from '../audit/index.js';
import { SnowblindError } from '../errors.js';
import { preprocess } from '../image/index.js';
import type { Classifier } from '../models/types.js';
import { type ConstraintCheck, checkConstraints, quantize } from './constraints.js';
import { evolutionSearch } from './evolution.js';
import { type ResolvedFoolOptions, resolveFoolOptions } from './fool-options.js';
import { gradientAscent } from './gradient-ascent.js';
import { noiseParamsEncoding } from './noise-params.js';
import { pixelEncoding } from './pixel-encoding.js';
import { PixelSpace } from './pixel-space.js';
import { oodScoresOf, scoreImages } from './scoring.js';
import type { SearchOutcome, SearchSettings } from './search-types.js';
import type { FoolOptions, FoolResult } from './types.js';

/**
 * Search for the most convincing noise: starting from seeded noise (image `index` of `noise`,
 * generated at the model's input size), raise the softmax of `target` (or of whatever class is
 * best) while the image stays within the constraints around the start, and return the found
 * 8-bit image with its confidence curve, top-5, verified constraints and OOD scores.
 *
 * @remarks
 * Random sampling (an audit) only gives a lower bound on how confident a model can be on noise;
 * this asks for the worst case, as Nguyen, Yosinski & Clune (2015,
 * https://arxiv.org/abs/1412.1897) did with evolved images. Methods:
 * - `gradient`: projected gradient ascent on the pixels (Madry et al. 2018,
 *   https://arxiv.org/abs/1706.06083), sign or L2 steps, through the preset's normalisation;
 * - `evolution`: a (μ/μ_w, λ)-ES with step-size adaptation on pixels, a low-frequency grid, or
 *   the noise kind's own parameters — forward passes only, for models without gradients.
 *
 * The search never resizes: the start noise is made at the model input size and the found
 * image is that size, so the preset's resize/crop do not enter (see `presetConfidence` for what
 * the full preset makes of the PNG). Deterministic for the same options and model.
 * @throws SnowblindError `BAD_INPUT` for bad options (or `gradient` on a model without
 *   gradients), `CANCELLED` when `signal` aborts.
 */
export async function fool(model: Classifier, options: FoolOptions = {}): Promise<FoolResult> {
  const opts = resolveFoolOptions(model, options);
  const space = new PixelSpace(model.preset, model.inputChannels);
  const { spec, bytes: start } = space.noiseStart(opts.noise, opts.index);
  const search: SearchSettings = {
    target: opts.target,
    budget: opts.budget,
    goal: opts.goal,
    checkAborted() {
      if (options.signal?.aborted) throw new SnowblindError('CANCELLED', 'fool: search cancelled');
    },
    onIteration(iteration, confidence, target) {
      options.onProgress?.({ iteration, total: opts.budget, confidence, target });
    },
  };
  const outcome = await runSearch(model, space, start, opts, search, spec);
  const bytes =
    opts.encoding === 'noise-params'
      ? Uint8Array.from(outcome.best)
      : quantize(outcome.best, start, space, opts.constraints);
  const reachedClass = opts.target === 'any' ? outcome.target : opts.target;
  const scored = await scoreImages(model, space, [start, bytes], 2);
  const k = scored.classes;
  const probability = (row: number) => Math.exp(scored.logProbs[row * k + reachedClass]!);
  const top = topK(scored.logProbs.subarray(k, 2 * k), Math.min(5, k));
  const image = space.image(bytes);
  const checks: ConstraintCheck[] = checkConstraints(bytes, start, space, opts.constraints);
  if (outcome.params) {
    const again = space.noiseStart({ ...spec, params: outcome.params }, opts.index).bytes;
    let differing = 0;
    for (let i = 0; i < again.length; i++) if (again[i] !== bytes[i]) differing++;
    checks.push({ constraint: 'noise-params', bound: 0, value: differing, held: differing === 0 });
  }
  return {
    model: auditModelInfo(model),
    method: opts.method,
    encoding: opts.encoding,
    step: opts.step,
    target: opts.target,
    reachedClass,
    label: labelOf(model, reachedClass),
    noise: spec,
    index: opts.index,
    start: space.image(start),
    image,
    startConfidence: probability(0),
    confidence: probability(1),
    presetConfidence: await presetProbability(model, image, reachedClass),
    curve: outcome.curve,
    iterations: outcome.iterations,
    evaluations: outcome.evaluations + 3,
    stopReason: outcome.stopReason,
    top5: top.indices.map((c, i) => ({
      label: labelOf(model, c),
      classIndex: c,
      score: Math.exp(top.scores[i]!),
    })),
    constraints: checks,
    constraintsHeld: checks.every((c) => c.held),
    bounds: opts.constraints,
    params: outcome.params ?? null,
    scores: oodScoresOf(scored, 1, model.outputKind),
    settings: settingsOf(opts),
  };
}

async function runSearch(
  model: Classifier,
  space: PixelSpace,
  start: Uint8Array,
  opts: ResolvedFoolOptions,
  search: SearchSettings,
  spec: ReturnType<PixelSpace['noiseStart']>['spec'],
): Promise<SearchOutcome> {
  if (opts.method === 'gradient') {
    const gradients = await model.gradientModel!();
    return gradientAscent(gradients, model.outputKind, space, start, {
      ...search,
      step: opts.step!,
      stepSize: opts.stepSize,
      competitors: opts.competitors,
      constraints: opts.constraints,
    });
  }
  const encoding =
    opts.encoding === 'noise-params'
      ? noiseParamsEncoding(space, spec, opts.index, start, opts.constraints, opts.sigma)
      : pixelEncoding(
          space,
          start,
          opts.constraints,
          opts.encoding === 'pixels' ? null : opts.grid,
          opts.sigma,
        );
  return evolutionSearch(model, space, encoding, {
    ...search,
    population: opts.population,
    seed: opts.seed,
    batchSize: opts.batchSize,
  });
}

/** The probability of `target` when the image goes through the whole preset, resize and crop included. */
async function presetProbability(
  model: Classifier,
  image: FoolResult['image'],
  target: number,
): Promise<number> {
  const outputs = await model.predict(preprocess(image, model.preset), 1);
  const probabilities = model.outputKind === 'logits' ? softmax(outputs, 1, model.numClasses) : outputs;
  return probabilities[target]!;
}

function labelOf(model: Classifier, c: number): string {
  return model.labels[c] ?? `class ${c}`;
}

/** The settings that shaped this search, for the report (only the ones its method uses). */
function settingsOf(opts: ResolvedFoolOptions): Record<string, number | string> {
  const common = { budget: opts.budget, goal: opts.goal, index: opts.index };
  if (opts.method === 'gradient') {
    return { ...common, step: opts.step!, stepSize: opts.stepSize, competitors: opts.competitors };
  }
  return {
    ...common,
    encoding: opts.encoding!,
    ...(opts.encoding === 'low-frequency' ? { grid: opts.grid } : {}),
    population: opts.population,
    sigma: opts.sigma,
    seed: opts.seed,
  };
}
