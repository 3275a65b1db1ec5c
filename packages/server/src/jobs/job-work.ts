import { inputShape, occlusionPlan, type Preset, type ResolvedNoiseSpec } from '@snowblind/core';
import { coded } from '../errors.js';
import type { ExplainMethod, ExplainParams } from './job-types.js';
import { coreParams, EXPLAIN_DEFAULTS } from './run-explain-job.js';

/** A model's input as the attribution methods see it: one example's shape in its layout. */
export interface ModelInput {
  readonly shape: readonly number[];
  readonly size: number;
  readonly layout: Preset['layout'];
}

/** The input of a model with `preset`. @throws BAD_PRESET when the preset does not fix the size */
export function modelInput(preset: Preset): ModelInput {
  const { height, width, channels, size } = inputShape(preset);
  const shape = preset.layout === 'NCHW' ? [channels, height, width] : [height, width, channels];
  return { shape, size, layout: preset.layout };
}

/** Values (pixels × channels) of one noise image of `spec`. */
export const noiseValues = (spec: ResolvedNoiseSpec): number => spec.width * spec.height * spec.channels;

/**
 * Values drawn only to reach image `index` of a noise stream: none for the default random-access
 * rng; for the sequential `numpy` stream, every image before it (image i replays i × values draws).
 */
export const noiseReplayWork = (rng: string | undefined, index: number, values: number): number =>
  rng === 'numpy' ? index * values : 0;

/**
 * An audit's work: every run (model × spec) handles `count` images, each the larger of the noise
 * image (rendered) and the model input (preprocessed, classified); a batch holds `batchSize` of them.
 */
export function auditWork(
  count: number,
  batchSize: number,
  specs: readonly ResolvedNoiseSpec[],
  modelSizes: readonly number[],
): { readonly total: number; readonly batch: number } {
  const perImage = modelSizes.flatMap((size) => specs.map((spec) => Math.max(noiseValues(spec), size)));
  return {
    total: count * perImage.reduce((a, b) => a + b, 0),
    batch: Math.min(batchSize, count) * Math.max(...perImage),
  };
}

/**
 * Model passes of an explanation: IG steps, steps × samples for the noise tunnel (over IG), one
 * for saliency, windows + 1 for occlusion (the server's defaults filled in as the job will run).
 * @throws BAD_INPUT when an occlusion window or strides do not match the model input
 */
export function explainPasses(method: ExplainMethod, params: ExplainParams, input: ModelInput): number {
  const nSteps = params.nSteps ?? EXPLAIN_DEFAULTS.nSteps;
  switch (method) {
    case 'INTEGRATED_GRADIENTS':
      return nSteps;
    case 'SALIENCY':
      return 1;
    case 'NOISE_TUNNEL':
      return nSteps * (params.ntSamples ?? EXPLAIN_DEFAULTS.ntSamples);
    default: {
      const { windows } = occlusionPlan(input.shape, input.layout, coreParams(params));
      if (Number.isNaN(windows)) {
        throw coded(
          'BAD_INPUT',
          `slidingWindow and strides need ${input.shape.length} entries, one per axis of the model input [${input.shape.join(', ')}] (${input.layout})`,
          'give them in the model layout, channels included',
        );
      }
      return windows + 1;
    }
  }
}

/** Core's population of an evolution search (the API does not let a client change it). */
const EVOLUTION_POPULATION = 16;

/**
 * Candidates a fool search evaluates per iteration: one gradient step, or a whole population when
 * the method is EVOLUTION or left to core (counted at its dearer choice, as the model is not loaded yet).
 */
export const foolCandidates = (method: 'gradient' | 'evolution' | undefined): number =>
  method === 'gradient' ? 1 : EVOLUTION_POPULATION;
