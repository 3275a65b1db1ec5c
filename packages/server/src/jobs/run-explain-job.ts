import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Classifier,
  type ExplainMethod as CoreMethod,
  DEFAULT_MEMORY_BUDGET,
  decodeImage,
  type ExplainOptions,
  explain,
  legibleScale,
  noiseImage,
  renderPng,
  rowsWithinBudget,
  SnowblindError,
  visualizeImageAttr,
} from '@snowblind/core';
import type { ExplanationResult } from '../store/explain-store.js';
import type { ExplainEvent, ExplainJob, ExplainParams, RegistryLocation } from './job-types.js';
import { cachedClassifier } from './model-cache.js';

/** The API's method names onto core's `explain` methods (NOISE_TUNNEL runs over IG). */
function coreMethod(job: ExplainJob): CoreMethod {
  switch (job.method) {
    case 'INTEGRATED_GRADIENTS':
      return 'ig';
    case 'SALIENCY':
      return 'saliency';
    case 'OCCLUSION':
      return 'occlusion';
    default:
      return job.params.ntType === 'smoothgrad'
        ? 'smoothgrad'
        : job.params.ntType === 'vargrad'
          ? 'vargrad'
          : 'smoothgrad-sq';
  }
}

/** The API's defaults where they differ from core's (a server answers interactively). */
export const EXPLAIN_DEFAULTS = Object.freeze({ nSteps: 50, ntSamples: 5 });

/** Only the parameters the caller set, under core's names. */
export function coreParams(p: ExplainParams): Partial<ExplainOptions> {
  const picked: Partial<Record<keyof ExplainOptions, unknown>> = {
    nSteps: p.nSteps ?? EXPLAIN_DEFAULTS.nSteps,
    internalBatchSize: p.internalBatchSize,
    memoryBudget: p.memoryBudgetMb === undefined ? undefined : p.memoryBudgetMb * 1e6,
    ntSamples: p.ntSamples ?? EXPLAIN_DEFAULTS.ntSamples,
    stdevs: p.stdevs,
    seed: p.seed,
    slidingWindowShapes: p.slidingWindow,
    strides: p.strides,
    baseline: p.baseline,
  };
  return Object.fromEntries(
    Object.entries(picked).filter(([, v]) => v !== undefined),
  ) as Partial<ExplainOptions>;
}

/**
 * A client's `internalBatchSize`, capped to the rows that fit the server's memory budget (its own
 * `memoryBudgetMb` or the default): a remote client must not pick a batch that exhausts memory.
 */
export async function cappedBatch(
  model: Classifier,
  p: ExplainParams,
): Promise<{ internalBatchSize?: number }> {
  if (p.internalBatchSize === undefined || !model.gradientModel) return {};
  const budget = p.memoryBudgetMb === undefined ? DEFAULT_MEMORY_BUDGET : p.memoryBudgetMb * 1e6;
  const fit = await rowsWithinBudget(await model.gradientModel(), budget);
  return { internalBatchSize: Math.min(p.internalBatchSize, fit ?? p.internalBatchSize) };
}

/** Attribute one image with core's `explain` and write the heat map PNGs. */
export async function runExplainJob(
  job: ExplainJob,
  location: RegistryLocation,
  signal: AbortSignal,
  emit: (event: ExplainEvent) => void,
): Promise<ExplanationResult> {
  emit({ type: 'started' });
  const { classifier: model } = await cachedClassifier(job.model, location);
  const params = { ...coreParams(job.params), ...(await cappedBatch(model, job.params)) };
  const image =
    job.image.kind === 'noise'
      ? noiseImage(job.image.spec, job.image.index)
      : await decodeImage(job.image.data);
  const result = await explain(model, image, {
    ...params,
    method: coreMethod(job),
    ...(job.target === undefined ? {} : { target: job.target }),
    onProgress: (p) => {
      if (signal.aborted) throw new SnowblindError('CANCELLED', 'attribution cancelled');
      emit({ type: 'progress', done: p.done, total: p.total });
    },
  });
  const visual = { sign: job.sign, outlierPerc: job.outlierPerc, layout: result.layout } as const;
  const files = {
    heatmap: `${job.explanationId}-heatmap.png`,
    blended: `${job.explanationId}-blended.png`,
    original: `${job.explanationId}-original.png`,
  };
  const heat = visualizeImageAttr(result.attributions, result.view, { ...visual, method: 'heat_map' });
  const blended = visualizeImageAttr(result.attributions, result.view, {
    ...visual,
    method: 'blended_heat_map',
  });
  const scale = legibleScale(result.view);
  await writeFile(join(job.artifactsDir, files.heatmap), await renderPng(heat, { colorbar: true, scale }));
  await writeFile(join(job.artifactsDir, files.blended), await renderPng(blended, { colorbar: true, scale }));
  await writeFile(join(job.artifactsDir, files.original), await renderPng(result.view, { scale }));
  return {
    target: result.target,
    targetLabel: result.label,
    score: result.probability,
    ...files,
    delta: result.delta ?? null,
  };
}
