import {
  type NoiseSpec,
  noiseImage,
  type RgbImage,
  SnowblindError,
  validateNoiseSpec,
} from '@snowblind/core';
import { hint, type MatcherContext, type MatcherResult } from './matcher-context.js';
import { type ModelInput, type ModelOptions, resolveModel } from './model-input.js';
import type { NoiseChoice } from './noise-specs.js';
import { checkOptionKeys } from './option-keys.js';
import { predictImages, top1 } from './predict-images.js';
import { noiseImageCall } from './replay.js';

/** Options of `toBeStableUnder` and {@link checkStability}. */
export interface StabilityOptions extends ModelOptions {
  /** Real images (bytes, HWC, 1 or 3 channels) whose predictions must not change. */
  readonly inputs: readonly RgbImage[];
  /**
   * The perturbation: image `i` of this noise minus 128 is added to an input (then clipped to
   * 0–255), so the noise must be centred on 128 — gaussian with mean 128, uniform with low/high
   * symmetric about 128; salt-pepper sets a share of pixels to black or white.
   * @defaultValue gaussian, mean 128, std 8
   */
  readonly noise?: NoiseChoice;
  /** Perturbed copies per input. @defaultValue 8 */
  readonly samples?: number;
  /** @defaultValue 0 */
  readonly seed?: number;
  /** Share of perturbed copies that must keep the clean top-1 class, in 0..1. @defaultValue 1 */
  readonly minAgreement?: number;
  /** @defaultValue 32 */
  readonly batchSize?: number;
}

/** One perturbed copy whose top-1 class differs from the clean input's. */
export interface PredictionFlip {
  readonly input: number;
  /** Noise image index added to the input. */
  readonly index: number;
  readonly spec: NoiseSpec;
  readonly clean: { readonly label: string; readonly confidence: number };
  readonly noisy: { readonly label: string; readonly confidence: number };
}

/** What {@link checkStability} measured. */
export interface StabilityResult {
  readonly pass: boolean;
  readonly modelId: string;
  readonly total: number;
  readonly flips: readonly PredictionFlip[];
  readonly agreement: number;
  readonly minAgreement: number;
}

function addCentred(image: RgbImage, noise: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = image.data[i]! + noise.data[i]! - 128;
    data[i] = Math.max(0, Math.min(255, v));
  }
  return { data, width: image.width, height: image.height, channels: image.channels };
}

function perturbationSpec(choice: NoiseChoice, image: RgbImage, seed: number): NoiseSpec {
  if (image.channels !== 1 && image.channels !== 3) {
    throw new SnowblindError('BAD_INPUT', `stability inputs need 1 or 3 channels, got ${image.channels}`, {
      hint: 'Drop the alpha channel of RGBA inputs first.',
    });
  }
  const base = typeof choice === 'string' ? { kind: choice } : choice;
  return validateNoiseSpec({
    ...base,
    seed: base.seed ?? seed,
    width: image.width,
    height: image.height,
    channels: image.channels,
  });
}

/**
 * Adds `samples` seeded, 128-centred noise images to each real input and checks that the top-1
 * class stays the one of the clean input (prediction stability, as in randomized-smoothing
 * style robustness checks; foolbox's additive noise attacks).
 * @throws SnowblindError `BAD_INPUT` for no inputs or bad options.
 */
export async function checkStability(model: ModelInput, options: StabilityOptions): Promise<StabilityResult> {
  checkOptionKeys(options, 'toBeStableUnder');
  const { inputs, samples = 8, seed = 0, minAgreement = 1, batchSize = 32 } = options;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new SnowblindError('BAD_INPUT', 'toBeStableUnder needs at least one input image', {
      hint: 'Pass { inputs: [decodedImage, …] } (RgbImage bytes, e.g. from decodeImage).',
    });
  }
  if (!Number.isInteger(samples) || samples < 1) {
    throw new SnowblindError('BAD_INPUT', `samples must be an integer ≥ 1, got ${samples}`, {
      hint: 'e.g. 8',
    });
  }
  const choice: NoiseChoice = options.noise ?? { kind: 'gaussian', params: { mean: 128, std: 8 } };
  const resolved = await resolveModel(model, options);
  try {
    const classifier = resolved.classifier;
    const k = classifier.numClasses;
    const images: RgbImage[] = [];
    const origins: { input: number; index: number; spec: NoiseSpec }[] = [];
    inputs.forEach((image, input) => {
      images.push(image);
      const spec = perturbationSpec(choice, image, seed);
      for (let j = 0; j < samples; j++) {
        const index = input * samples + j;
        images.push(addCentred(image, noiseImage(spec, index)));
        origins.push({ input, index, spec });
      }
    });
    const { probabilities } = await predictImages(classifier, images, batchSize);
    const label = (c: number) => classifier.labels[c] ?? `class ${c}`;
    const flips: PredictionFlip[] = [];
    origins.forEach((origin, o) => {
      const cleanRow = origin.input * (samples + 1);
      const noisyRow = cleanRow + 1 + (o % samples);
      const clean = top1(probabilities, cleanRow, k);
      const noisy = top1(probabilities, noisyRow, k);
      if (clean.classIndex !== noisy.classIndex) {
        flips.push({
          ...origin,
          clean: { label: label(clean.classIndex), confidence: clean.confidence },
          noisy: { label: label(noisy.classIndex), confidence: noisy.confidence },
        });
      }
    });
    const total = origins.length;
    const agreement = (total - flips.length) / total;
    return { pass: agreement >= minAgreement, modelId: classifier.id, total, flips, agreement, minAgreement };
  } finally {
    await resolved.dispose();
  }
}

function flipLine(flip: PredictionFlip): string {
  return (
    `input #${flip.input}: "${flip.clean.label}" (${flip.clean.confidence.toFixed(3)}) became ` +
    `"${flip.noisy.label}" (${flip.noisy.confidence.toFixed(3)}) with ${noiseImageCall(flip.spec, flip.index)} − 128 added`
  );
}

/**
 * Asserts that the top-1 prediction of real inputs survives small additive noise (see
 * {@link checkStability}); `.not` asserts that some prediction flips.
 */
export async function toBeStableUnder(
  this: MatcherContext | undefined,
  model: ModelInput,
  options: StabilityOptions,
): Promise<MatcherResult> {
  const result = await checkStability(model, options);
  const header = hint(this, 'toBeStableUnder');
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const summary =
    `Model "${result.modelId}" kept its prediction on ${result.total - result.flips.length} of ${result.total} ` +
    `noisy copies (${pct(result.agreement)}; required ${pct(result.minAgreement)}).`;
  const details = result.flips.slice(0, 5).map((f) => `  ${flipLine(f)}`);
  return {
    pass: result.pass,
    message: () => [header, '', summary, ...(details.length ? ['Flips:', ...details] : [])].join('\n'),
    actual: result.agreement,
    expected: result.minAgreement,
  };
}
