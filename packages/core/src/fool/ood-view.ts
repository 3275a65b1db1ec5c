import { auroc } from '../audit/index.js';
import { preprocess } from '../image/index.js';
import type { RgbImage } from '../image/types.js';
import type { OutputKind } from '../models/types.js';
import type { PixelSpace } from './pixel-space.js';
import { type ForwardPass, logSoftmaxRow, oodScoresOf, type Scored, scoreImages } from './scoring.js';
import type { OodGroup, OodScores, OodView, ScoreSummary } from './types.js';

/** An image set to place in the OOD view. */
export interface OodSet {
  readonly name: string;
  readonly scores: readonly OodScores[];
}

/** Detector scores of every row of a scored batch. */
export function scoresOf(scored: Scored, kind: OutputKind): OodScores[] {
  return Array.from({ length: scored.n }, (_, r) => oodScoresOf(scored, r, kind));
}

/** Detector scores of model-size pixel images (found images, noise at the model size). */
export async function scorePixelImages(
  model: ForwardPass,
  space: PixelSpace,
  images: readonly ArrayLike<number>[],
  batchSize: number,
): Promise<OodScores[]> {
  return scoresOf(await scoreImages(model, space, images, batchSize), model.outputKind);
}

/**
 * Detector scores of real images, which go through the model's full preset (resize, crop) as an
 * audit feeds photos.
 */
export async function scoreRealImages(
  model: ForwardPass & { readonly preset: PixelSpace['preset'] },
  space: PixelSpace,
  images: readonly RgbImage[],
  batchSize: number,
): Promise<OodScores[]> {
  const out: OodScores[] = [];
  for (let first = 0; first < images.length; first += batchSize) {
    const chunk = images.slice(first, first + batchSize);
    const input = new Float32Array(chunk.length * space.size);
    for (const [i, image] of chunk.entries()) input.set(preprocess(image, model.preset), i * space.size);
    const outputs = await model.predict(input, chunk.length);
    const logProbs = new Float64Array(outputs.length);
    for (let r = 0; r < chunk.length; r++) {
      logSoftmaxRow(outputs, r, model.numClasses, model.outputKind, logProbs, r * model.numClasses);
    }
    const scored = { n: chunk.length, classes: model.numClasses, outputs, logProbs };
    out.push(...scoresOf(scored, model.outputKind));
  }
  return out;
}

/**
 * The OOD view: how MSP (Hendrycks & Gimpel 2017), max-logit and energy (Liu et al. 2020) score
 * the found images beside random noise of the same kind and, when given, real data. With real
 * images, each other set gets its AUROC against them (OpenOOD: real = in-distribution, the set =
 * OOD): found images that push it toward 0.5 have beaten that detector.
 */
export function oodView(sets: readonly OodSet[], real?: OodSet): OodView {
  const groups: OodGroup[] = sets.map((set) => group(set, real));
  if (real) groups.push(group(real, undefined));
  return { groups };
}

function group(set: OodSet, real: OodSet | undefined): OodGroup {
  const pick = (key: keyof OodScores) => set.scores.map((s) => s[key]).filter((v): v is number => v !== null);
  const hasLogits = set.scores.length > 0 && set.scores[0]!.maxLogit !== null;
  return {
    name: set.name,
    msp: summary(pick('msp')),
    maxLogit: hasLogits ? summary(pick('maxLogit')) : null,
    energy: hasLogits ? summary(pick('energy')) : null,
    aurocVsReal:
      real && real !== set
        ? {
            msp: versus('msp'),
            maxLogit: hasLogits ? versus('maxLogit') : null,
            energy: hasLogits ? versus('energy') : null,
          }
        : null,
  };

  function versus(key: keyof OodScores): number {
    if (!real || real.scores.length === 0 || set.scores.length === 0) return Number.NaN;
    return auroc(
      real.scores.map((s) => s[key] as number),
      set.scores.map((s) => s[key] as number),
    );
  }
}

function summary(values: readonly number[]): ScoreSummary {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { count: values.length, mean: values.length ? sum / values.length : Number.NaN, min, max };
}
